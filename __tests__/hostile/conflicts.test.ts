// Rego functions must give one value per argument; a function that gave one value per match
// ("the policy that selects every pod", "the index of the entry") failed the whole evaluation
// (exit 2) as soon as an input held two matches. Each input here is ordinary in real
// repositories and held two: two policies selecting every pod, a repeated RBAC entry, two
// scheme annotations, an aggregation selector with two labels, a flag or variable given twice,
// two tenant patterns matching one subject, a node group whose cluster reference resolves to
// several clusters. Found by the property tests' long mode and a review of every such function.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { withDefaults } from '../../src/config/config.js';
import { tempDir, terraformPlan as plan } from '../helpers.js';
import { timedScan } from './record.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const MANIFESTS = {
  'netpol.yaml': `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-same-namespace, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-from-lb, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16}}]}]
`,
  'rbac.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules:
  - apiGroups: [""]
    resources: [secrets, secrets, "*/status", "*/status"]
    verbs: ["*", "*", get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: aggregate}
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: {rbac.example.com/aggregate: "true", rbac.example.com/tier: ops}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ops-extra
  labels: {rbac.example.com/aggregate: "true", rbac.example.com/tier: ops}
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: tenant-binding, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: aggregate}
subjects:
  - {kind: ServiceAccount, name: tenant-a-team, namespace: shop}
`,
  'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
    service.beta.kubernetes.io/aws-load-balancer-internal: "false"
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80}]
`,
  'aws-node.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: aws-node, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: aws-node}}
  template:
    metadata: {labels: {k8s-app: aws-node}}
    spec:
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0
          env:
            - {name: ENABLE_POD_ENI, value: "true"}
            - {name: POD_SECURITY_GROUP_ENFORCING_MODE, value: standard}
            - {name: POD_SECURITY_GROUP_ENFORCING_MODE, value: strict}
        - name: aws-eks-nodeagent
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policy-agent:v1.1.0
          args: [--enable-network-policy=false, --enable-network-policy=true, --enable-network-policy, "true"]
`,
};

describe('two matches where a policy function expects one', () => {
  it('Kubernetes: every input is evaluated, none is an internal error', () => {
    const dir = tempDir(MANIFESTS, 'epg-conflict-');
    dirs.push(dir);
    const config = withDefaults({ tenants: { principals: ['system:serviceaccount:shop:tenant-*', 'system:serviceaccount:*:*-team'] } });
    const r = timedScan('conflicts', 'two default-allow policies, repeated RBAC entries, two scheme annotations, two-label aggregation, flags and env twice, two tenant patterns', dir, config);
    expect(r.errors).toEqual([]);
    const message = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => f.message);
    expect(message('EKS-NET-002')).toEqual([
      'namespace shop has no default-deny ingress NetworkPolicy (podSelector: {}, Ingress in policyTypes, no ingress rules); policies allow-from-lb, allow-same-namespace select every pod but have ingress rules, so they allow what they list',
    ]);
    // The repeated "*" and "secrets" entries: findings at the first of each.
    const at = (id: string) => r.findings.filter((f) => f.ruleId === id && f.resource?.name === 'reader').map((f) => f.fieldPath);
    expect(at('EKS-RBAC-002')).toContain('rules[0].verbs[0]');
    expect(at('EKS-RBAC-003')).toEqual(['rules[0].resources[0]']);
  });

  it('Terraform: a node group whose cluster reference resolves to two clusters, an association with two roles, a rule with two groups', () => {
    const dir = tempDir({
      'two.tfplan.json': plan([
        { type: 'aws_eks_cluster', name: 'a', after: { name: 'prod', version: '1.31' } },
        { type: 'aws_eks_cluster', name: 'b', after: { name: 'prod', version: '1.29' } },
        { type: 'aws_eks_node_group', name: 'ng', after: { cluster_name: 'prod', version: '1.27', node_group_name: 'ng' }, refs: { cluster_name: ['aws_eks_cluster.a', 'aws_eks_cluster.b'] } },
        { type: 'aws_iam_role', name: 'r1', after: { name: 'app-1', assume_role_policy: '{}' } },
        { type: 'aws_iam_role', name: 'r2', after: { name: 'app-2', assume_role_policy: '{}' } },
        { type: 'aws_eks_pod_identity_association', name: 'pia', after: { cluster_name: 'prod', namespace: 'shop', service_account: 'web' }, refs: { role_arn: ['aws_iam_role.r1', 'aws_iam_role.r2'] } },
        { type: 'aws_security_group', name: 's1', after: { name: 's1' } },
        { type: 'aws_security_group', name: 's2', after: { name: 's2' } },
        { type: 'aws_security_group_rule', name: 'ssh', after: { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }, refs: { security_group_id: ['aws_security_group.s1', 'aws_security_group.s2'] } },
      ]),
    }, 'epg-conflict-');
    dirs.push(dir);
    const config = withDefaults({ terraform: { plans: ['*.tfplan.json'] } });
    const r = timedScan('conflicts', 'Terraform: two clusters behind one reference, two roles, two groups', dir, config);
    expect(r.errors).toEqual([]);
    expect(r.documents).toBe(9);
    expect(r.findings.map((f) => f.ruleId)).toContain('EKS-NET-011');
  });

  it('null where a message shows a value (the Wasm SDK\'s sprintf fails on null)', () => {
    const dir = tempDir({
      'svc.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n  externalIPs: [null, 203.0.113.7]\n`,
      'pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n    - name: c\n      image: registry.example.com/c:1\n      env:\n        - name: DB\n          valueFrom: {secretKeyRef: {name: null, key: password}}\n`,
    }, 'epg-conflict-');
    dirs.push(dir);
    const r = timedScan('conflicts', 'externalIPs [null, ip], secretKeyRef name null', dir);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'EKS-NET-018').map((f) => f.message)).toEqual([
      'Service shop/ext sets spec.externalIPs (null, 203.0.113.7): nodes will route traffic for these addresses to it (CVE-2020-8554)',
    ]);
    expect(r.findings.filter((f) => f.ruleId === 'EKS-DATA-008').map((f) => f.message)).toEqual([
      'container "c" env DB reads Secret "null" key "password" into an environment variable; mount the Secret as a file instead',
    ]);
  });

  it('an object defined twice with different contents (a Namespace, a RuntimeClass)', () => {
    const ns = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sandbox\n  labels: {${labels}}\n`;
    const rc = (handler: string) => `apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: secure}\nhandler: ${handler}\n`;
    const dir = tempDir({
      'a/namespace.yaml': ns('policy.sigstore.dev/include: "true", eks.policy/untrusted: "true"'),
      'b/namespace.yaml': ns('policy.sigstore.dev/include: "false"'),
      'a/runtimeclass.yaml': rc('runsc'),
      'b/runtimeclass.yaml': rc('runc'),
      'policy.yaml': `apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: signed}\nspec:\n  images: [{glob: "registry.example.com/**"}]\n`,
      'pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: sandbox}\nspec:\n  runtimeClassName: secure\n  containers:\n    - {name: c, image: registry.example.com/c:1}\n`,
    }, 'epg-conflict-');
    dirs.push(dir);
    const r = timedScan('conflicts', 'Namespace and RuntimeClass each defined twice, differently', dir);
    expect(r.errors).toEqual([]);
    // The first definition (a/, runsc: gVisor) counts: the pod is sandboxed.
    expect(r.findings.filter((f) => f.ruleId === 'EKS-MT-008')).toEqual([]);
  });

  it('two volumes of one name: the first counts', () => {
    const dir = tempDir({
      'pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  volumes:\n    - {name: host, hostPath: {path: /var/log}}\n    - {name: host, hostPath: {path: /etc}}\n  containers:\n    - name: c\n      image: registry.example.com/c:1\n      volumeMounts: [{name: host, mountPath: /host}]\n`,
    }, 'epg-conflict-');
    dirs.push(dir);
    const r = timedScan('conflicts', 'two hostPath volumes of one name', dir);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'EKS-POD-002').map((f) => f.message)).toEqual([
      'container "c" mounts hostPath volume "host" (/var/log) read-write: set readOnly: true',
    ]);
  });
});

