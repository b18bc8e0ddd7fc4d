// Property-based tests (issue item 5): any bytes in, findings out, never an exception. Three
// properties, each on inputs from several generators (raw bytes; YAML-ish token soup with
// anchors, aliases, merge keys, tags and document markers; real manifests with bytes flipped,
// cut or spliced; Kubernetes-shaped objects built from the keys the policies read, with values
// of every type):
//   1. the loader turns any bytes into objects and EKS-INPUT findings at lines of the file;
//   2. the policies evaluate any Kubernetes-shaped documents without a runtime error;
//   3. the whole scan of any file ends with a result (no exception, no internal error).
// Default: a few hundred cases, so `npm test` stays fast. Long mode (at least 100,000 cases):
//   FC_RUNS=100000 npx vitest run __tests__/hostile/property.test.ts
// A failure prints fast-check's seed and shrunk counterexample; replay it with FC_SEED=<seed>.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { loadManifest } from '../../src/load/index.js';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { buildInput } from '../../src/evaluate/input.js';
import { policy } from '../../src/scan.js';
import { toError } from '../../src/errors.js';
import { ROOT, tempDir } from '../helpers.js';
import { documentFor } from './mutate.js';
import { timed } from './record.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
/** Case budget per property, long mode spread over them. */
const params = (share: number, floor: number): fc.Parameters<unknown> => ({
  numRuns: Math.max(floor, Math.round(RUNS * share)),
  ...(SEED !== undefined ? { seed: SEED } : {}),
  endOnFailure: true,
});

// -- Generators -------------------------------------------------------------------------

/** Real manifests to start from: the examples and a few fixtures. */
const SEEDS: string[] = [
  ...['examples/insecure-app/deployment.yaml', 'examples/insecure-app/node-debugger.yaml', 'examples/secure-app/deployment.yaml', 'examples/secure-app/namespace.yaml']
    .map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')),
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/admin\n      username: admin\n      groups: [system:masters]\n`,
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: Group, name: "system:anonymous"}]\n`,
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]\n`,
];

const TOKENS = [
  'apiVersion: v1\n', 'kind: Pod\n', 'kind: Deployment\n', 'metadata:\n', '  name: x\n', 'spec:\n', '  containers:\n', '    - name: c\n', '      securityContext: {privileged: true}\n',
  '---\n', '--- ', '...\n', '- ', ': ', '? ', '[', ']', '{', '}', ',', '&a ', '*a', '&b ', '*b', '<<: *a\n', '<<: [*a, *b]\n', '!!binary ', '!!str ', '!!map ', '!custom ',
  '%YAML 1.1\n', '%TAG ! tag:x:\n', '|\n', '>-\n', '"', "'", '\\', '#', '\n', '  ', '\t', 'null', '~', 'yes', 'no', '0x1F', '1e400', '.nan', '-.inf', '0755',
  '2026-01-01', '\u00e9', '\u{1F600}', '\u0000', '\uFEFF', '\r\n', '{{ .Values.x }}', 'key: value\n', 'k: &x [1, *x]\n',
];

const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** Raw bytes, text, and the BOMs and encodings the decoder knows. */
const rawBytes = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.string({ unit: 'binary', maxLength: 256 }).map(bytesOf),
  fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xff, 0xfe, 0, 0], []), fc.uint8Array({ maxLength: 256 })).map(([bom, b]) => new Uint8Array([...bom, ...b])),
);

/** A soup of YAML tokens: anchors, aliases, merges, tags, markers, directives. */
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => bytesOf(t.join('')));

/** A real manifest with some bytes flipped, cut, inserted, or another spliced in. */
const mutatedManifest = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 }), fc.uint8Array({ minLength: 1, maxLength: 4 })), { maxLength: 6 }), fc.constantFrom(...SEEDS)).map(([seed, edits, other]) => {
  let b = Buffer.from(seed, 'utf8');
  for (const [at, op, bytes] of edits) {
    const i = b.length ? at % b.length : 0;
    if (op === 0) b = Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)]);
    else if (op === 1) b = Buffer.concat([b.subarray(0, i), b.subarray(i + bytes.length)]);
    else if (op === 2) b = Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i + bytes.length)]);
    else if (op === 3) b = b.subarray(0, i);
    else b = Buffer.concat([b.subarray(0, i), Buffer.from(other), b.subarray(i)]);
  }
  return new Uint8Array(b);
});

/** The keys the policies read, gathered from the seed manifests and the Pod spec, and noise. */
const KEYS = [...new Set([
  ...SEEDS.flatMap((s) => [...s.matchAll(/([A-Za-z][A-Za-z0-9._/-]*):/g)].map((m) => m[1] as string)),
  'securityContext', 'privileged', 'allowPrivilegeEscalation', 'capabilities', 'add', 'drop', 'runAsNonRoot', 'runAsUser', 'seccompProfile', 'type', 'hostPath', 'path',
  'hostNetwork', 'hostPID', 'hostIPC', 'hostPort', 'ports', 'volumes', 'volumeMounts', 'readOnly', 'initContainers', 'ephemeralContainers', 'env', 'envFrom', 'valueFrom',
  'secretKeyRef', 'annotations', 'labels', 'namespace', 'rules', 'verbs', 'resources', 'apiGroups', 'subjects', 'roleRef', 'data', 'stringData', 'binaryData', 'podSelector',
  'policyTypes', 'ingress', 'egress', 'from', 'to', 'ipBlock', 'cidr', 'selector', 'matchLabels', 'matchExpressions', 'operator', 'values', 'template', 'jobTemplate',
  'serviceAccountName', 'automountServiceAccountToken', 'image', 'imagePullPolicy', 'sysctls', 'procMount', 'appArmorProfile', 'seLinuxOptions', 'windowsOptions',
  'hostProcess', 'runtimeClassName', 'priorityClassName', 'nodeSelector', 'tolerations', 'externalIPs', 'loadBalancerSourceRanges', 'tls', 'hosts', 'mapRoles', 'mapUsers',
  'mapAccounts', 'rolearn', 'userarn', 'groups', 'username', 'secrets', 'items', 'kind', 'apiVersion', 'name', '<<', '', ' ', 'ünïcode', '__proto__', 'constructor',
])];

const SCALAR = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1, 22, 65535, 1e300, -0.5, '', 'x', '0.0.0.0/0', '*', 'ALL', 'SYS_ADMIN', 'NET_RAW', 'Unconfined', 'RuntimeDefault', 'kube-system', 'default', 'system:masters', 'arn:aws:iam::1:role/x', '%v', '%d', '{"a":1}', '- a\n- b', 'bm90IGpzb24=', '/var/run/docker.sock', 'Always', 'latest'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
);

const VALUE: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, SCALAR, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 })),
})).value;

const KINDS: Array<[string, string]> = [
  ['v1', 'Pod'], ['apps/v1', 'Deployment'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'StatefulSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'], ['v1', 'Namespace'],
  ['v1', 'Service'], ['v1', 'ServiceAccount'], ['v1', 'Secret'], ['v1', 'ConfigMap'], ['networking.k8s.io/v1', 'NetworkPolicy'], ['networking.k8s.io/v1', 'Ingress'],
  ['rbac.authorization.k8s.io/v1', 'Role'], ['rbac.authorization.k8s.io/v1', 'ClusterRole'], ['rbac.authorization.k8s.io/v1', 'RoleBinding'], ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['v1', 'List'], ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'], ['security.istio.io/v1', 'PeerAuthentication'], ['kyverno.io/v1', 'ClusterPolicy'], ['x.example.com/v1', 'Whatever'],
];

/** A Kubernetes-shaped object: a real kind, and any values under the keys policies read. */
const k8sObject = fc.record({
  kind: fc.constantFrom(...KINDS),
  metadata: fc.oneof(VALUE, fc.record({ name: SCALAR, namespace: fc.oneof(SCALAR, fc.constantFrom('kube-system', 'shop')), labels: VALUE, annotations: VALUE })),
  spec: VALUE,
  rest: fc.dictionary(fc.constantFrom(...KEYS), VALUE, { maxKeys: 3 }),
}).map(({ kind, metadata, spec, rest }) => ({ ...rest, apiVersion: kind[0], kind: kind[1], metadata, spec }));

/** Kubernetes-shaped objects dumped as YAML (with anchors where js-yaml shares nodes). */
const k8sYaml = fc.array(k8sObject, { minLength: 1, maxLength: 3 }).map((objs) => bytesOf(objs.map((o) => yaml.dump(o, { noRefs: false, skipInvalid: true })).join('---\n')));

const ANY_FILE = fc.oneof(rawBytes, tokenSoup, mutatedManifest, k8sYaml);

// -- Properties -------------------------------------------------------------------------

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('property: any bytes in, findings out, never an exception', () => {
  it('the loader', () => {
    timed('property', `loader: any bytes (${params(0.6, 200).numRuns} cases)`, () => fc.assert(
      fc.property(ANY_FILE, fc.boolean(), (bytes, explicit) => {
        const loaded = loadManifest('f.yaml', bytes, { explicit, defaultNamespace: 'default' });
        const lines = Math.max(1, loaded.lines.lineCount);
        for (const f of loaded.findings) {
          expect(f.rule).toMatch(/^EKS-INPUT-00[1-5]$/);
          expect(f.file).toBe('f.yaml');
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.line).toBeLessThanOrEqual(Math.max(lines, bytes.length + 1));
          expect(f.message.length).toBeGreaterThan(20);
        }
        for (const o of loaded.objects) {
          expect(typeof o.object.apiVersion).toBe('string');
          expect(typeof o.object.kind).toBe('string');
          // What reaches the policies can be serialised (no cycle, no explosion).
          expect(JSON.stringify(o.object).length).toBeLessThan(64 * 1024 * 1024);
        }
      }),
      params(0.6, 200),
    ), () => 'no exception; every finding an EKS-INPUT finding at a line of the file');
  }, 3_600_000);

  it('the policies, on any Kubernetes-shaped documents', () => {
    const { engine } = policy();
    const config = withDefaults({});
    timed('property', `policies: any Kubernetes-shaped documents (${params(0.3, 60).numRuns} cases)`, () => fc.assert(
      fc.property(fc.array(k8sObject, { minLength: 1, maxLength: 4 }), (objects) => {
        const docs = objects.map((o, i) => documentFor(o, i));
        let error: string | undefined;
        try {
          engine.evaluate(buildInput(docs, config));
        } catch (thrown) {
          error = toError(thrown).message;
        }
        expect(error).toBeUndefined();
      }),
      params(0.3, 60),
    ), () => 'no policy runtime error');
  }, 3_600_000);

  it('the whole scan of any file', () => {
    const dir = tempDir({}, 'epg-property-');
    dirs.push(dir);
    const file = path.join(dir, 'input.yaml');
    const config = withDefaults({});
    timed('property', `scan: any file (${params(0.1, 40).numRuns} cases)`, () => fc.assert(
      fc.property(ANY_FILE, (bytes) => {
        fs.writeFileSync(file, bytes);
        const r = scan({ paths: [dir], root: dir, config });
        expect(r.errors).toEqual([]);
        for (const f of r.findings) {
          expect(f.location.file).toBe('input.yaml');
          expect(f.location.line).toBeGreaterThanOrEqual(1);
        }
      }),
      params(0.1, 40),
    ), () => 'a result every time: no exception, no internal error');
  }, 3_600_000);
});
