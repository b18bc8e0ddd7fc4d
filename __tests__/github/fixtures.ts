// Repository contents for the end-to-end tests: a namespace with NetworkPolicies, workloads
// with and without violations.

export const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
`;

export const NETWORK_POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
      ports:
        - port: 8080
`;

/** A Deployment; `spec` lines are added under the pod spec, `security` under the container. */
export function deployment(name: string, opts: { spec?: string[]; security?: string[]; annotations?: Record<string, string> } = {}): string {
  const annotations = opts.annotations ? ['  annotations:', ...Object.entries(opts.annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)] : [];
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    ...annotations,
    'spec:',
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:',
    `      labels: {app: ${name}}`,
    '    spec:',
    ...(opts.spec ?? []).map((l) => `      ${l}`),
    '      containers:',
    '        - name: app',
    `          image: registry.example.com/${name}:1.0`,
    ...(opts.security?.length ? ['          securityContext:', ...opts.security.map((l) => `            ${l}`)] : []),
    '',
  ].join('\n');
}

/** The line of `needle` (1-based) in a text. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in the fixture`);
  return i + 1;
}

/** The base every scenario starts from: one old violation (hostPID on legacy). */
export function baseRepository(): Record<string, string> {
  return {
    'deploy/namespace.yaml': NAMESPACE,
    'deploy/netpol.yaml': NETWORK_POLICIES,
    'deploy/web.yaml': deployment('web'),
    'deploy/api.yaml': deployment('api'),
    'deploy/legacy.yaml': deployment('legacy', { spec: ['hostPID: true'] }),
  };
}

export const PRIVILEGED = deployment('payments', { security: ['privileged: true'] });

/** `n` workloads that each break two blocking rules (hostNetwork, privileged). */
export function manyViolations(n: number, prefix = 'batch'): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`deploy/${prefix}/w${String(i).padStart(2, '0')}.yaml`] = deployment(`${prefix}-${i}`, { spec: ['hostNetwork: true'], security: ['privileged: true'] });
  return files;
}
