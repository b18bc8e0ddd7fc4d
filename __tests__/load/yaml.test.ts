import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseYaml, type ParseOptions } from '../../src/load/yaml.js';
import { LineIndex, resolvePath } from '../../src/load/source-map.js';
import { loadManifest } from '../../src/load/index.js';

function lineOf(text: string, path: (string | number)[], doc = 0, options: ParseOptions = {}): { line: number; column: number; depth: number } {
  const parsed = parseYaml(text, options);
  const root = parsed.documents[doc]?.root;
  if (!root) throw new Error('no root');
  const r = resolvePath(root, path);
  return { ...new LineIndex(text).position(r.offset), depth: r.depth };
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: a
          image: nginx
        - name: b
          securityContext:
            privileged: true
`;

describe('source map', () => {
  it('maps nested fields and list items to their lines and columns', () => {
    expect(lineOf(deployment, ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'privileged'])).toEqual({ line: 13, column: 13, depth: 7 });
    expect(lineOf(deployment, ['spec', 'template', 'spec', 'containers', 0])).toEqual({ line: 9, column: 11, depth: 5 });
    expect(lineOf(deployment, ['metadata', 'name'])).toMatchObject({ line: 4, column: 3 });
  });

  it('points an absent field at its nearest existing ancestor', () => {
    expect(lineOf(deployment, ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'runAsNonRoot'])).toEqual({ line: 9, column: 11, depth: 5 });
    expect(lineOf(deployment, ['spec', 'template', 'spec', 'containers', 5])).toMatchObject({ line: 8, depth: 4 });
  });

  it('handles multi-document files, each with its own lines', () => {
    const text = `---\napiVersion: v1\nkind: A\n---\n# comment\napiVersion: v1\nkind: B\nmetadata:\n  name: x\n`;
    expect(lineOf(text, ['metadata', 'name'], 1)).toMatchObject({ line: 9, column: 3 });
    expect(lineOf(text, ['kind'], 0)).toMatchObject({ line: 3 });
  });

  it('reads keys as the parser does: plain through the schema, quoted, escaped, tagged; a complex key coarsely', () => {
    const text = [
      'data:',
      '  8080: "ns/svc:80"', // a number key is the key "8080"
      '  yes: on', // go-yaml v2: the key "true"
      '  ~: empty', // the key "null"
      '  0x10: hex', // the key "16"
      '  "quoted key": 1',
      "  'it''s': 2",
      '  "tab\\tkey": 3',
      '  plain key with spaces  : 4',
      '  last: 5',
      '',
    ].join('\n');
    expect(lineOf(text, ['data', '8080'])).toMatchObject({ line: 2, column: 3, depth: 2 });
    expect(lineOf(text, ['data', 'true'])).toMatchObject({ line: 3, depth: 2 });
    expect(lineOf(text, ['data', 'null'])).toMatchObject({ line: 4, depth: 2 });
    expect(lineOf(text, ['data', '16'])).toMatchObject({ line: 5, depth: 2 });
    expect(lineOf(text, ['data', 'quoted key'])).toMatchObject({ line: 6, depth: 2 });
    expect(lineOf(text, ["data", "it's"])).toMatchObject({ line: 7, depth: 2 });
    expect(lineOf(text, ['data', 'tab\tkey'])).toMatchObject({ line: 8, depth: 2 });
    expect(lineOf(text, ['data', 'plain key with spaces'])).toMatchObject({ line: 9, depth: 2 });
    expect(lineOf(text, ['data', 'last'])).toMatchObject({ line: 10, depth: 2 });
    // Keys are what the parser read, not a second reading of their spelling: YAML-only escapes,
    // folded quoted keys and tags find their line, and so do the keys after them.
    const escaped = 'data:\n  a: 1\n  "\\x41b": 2\n  "\\e\\N": 3\n  ? "long\n    key"\n  : 4\n  !!str 8080: 5\n  c: 6\n';
    expect(lineOf(escaped, ['data', 'a'])).toMatchObject({ line: 2, depth: 2 });
    expect(lineOf(escaped, ['data', 'Ab'])).toMatchObject({ line: 3, depth: 2 });
    expect(lineOf(escaped, ['data', '\x1b\u0085'])).toMatchObject({ line: 4, depth: 2 });
    expect(lineOf(escaped, ['data', 'long key'])).toMatchObject({ line: 5, depth: 2 });
    expect(lineOf(escaped, ['data', '8080'])).toMatchObject({ line: 8, depth: 2 });
    expect(lineOf(escaped, ['data', 'c'])).toMatchObject({ line: 9, depth: 2 });
    // A key that is no scalar (a sequence) stops the lookup at the mapping, never at a wrong key.
    const complex = 'data:\n  a: 1\n  ? [x, y]\n  : 2\n  c: 3\n';
    expect(lineOf(complex, ['data', 'a'])).toMatchObject({ line: 2, depth: 2 });
    expect(lineOf(complex, ['data', 'c'])).toMatchObject({ line: 1, depth: 1 });
  });

  it.each([
    ['js-yaml', { jsYamlOnly: true }, true],
    ['the fast reader', {}, false],
  ] as const)('gives each text its own frames, whatever the text parsed before it left in the working arrays (%s)', (_, options, wrappers) => {
    const nested = 'a:\n  b:\n    - c: 1\n      d: [x, {e: 2}]\n  f: g\nh:\n- i\n- j: k\n';
    const paths: (string | number)[][] = [['a', 'b', 0, 'd', 1, 'e'], ['a', 'f'], ['a', 'b', 0, 'c'], ['h', 1, 'j']];
    // Every node: its kind, whether it wraps its only child, its children and its key.
    const frames = (text: string) => {
      const table = parseYaml(text, options).documents[0]?.root?.table;
      if (!table) throw new Error('no frames');
      return Array.from({ length: table.size }, (_, i) => [table.kindOf(i), table.isWrapper(i), table.children(i), table.keyOf(i)]);
    };
    const fresh = paths.map((p) => lineOf(nested, p, 0, options));
    const freshFrames = frames(nested);
    // js-yaml reports a frame around each node it first tried as a key; the fast reader makes none.
    expect(freshFrames.some(([, wrapper]) => wrapper)).toBe(wrappers);
    // A larger text of flat scalars first: its nodes, keys among them, fill the arrays the next parse reuses.
    const flat = Array.from({ length: 500 }, (_, i) => `k${i}: ${i % 2 ? 'v' : i}`).join('\n');
    lineOf(flat, ['k7'], 0, options);
    expect(frames(nested)).toEqual(freshFrames);
    lineOf(flat, ['k7'], 0, options);
    expect(paths.map((p) => lineOf(nested, p, 0, options))).toEqual(fresh);
    expect(fresh).toEqual([
      { line: 4, column: 15, depth: 6 },
      { line: 5, column: 3, depth: 2 },
      { line: 3, column: 7, depth: 4 },
      { line: 8, column: 3, depth: 3 },
    ]);
  });

  it('handles CRLF line endings', () => {
    const text = deployment.replace(/\n/g, '\r\n');
    expect(lineOf(text, ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'privileged'])).toEqual({ line: 13, column: 13, depth: 7 });
  });

  it('handles flow style and JSON', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'a', securityContext: { privileged: true } }] } }, null, 2);
    expect(lineOf(json, ['spec', 'containers', 0, 'securityContext', 'privileged'])).toMatchObject({ line: 9, depth: 5 });
    expect(lineOf('a: {b: [1, {c: 2}]}\n', ['a', 'b', 1, 'c'])).toMatchObject({ line: 1, column: 13, depth: 4 });
  });

  it('maps through anchors and merge keys without inventing positions', () => {
    const text = `base: &base\n  image: nginx\n  privileged: true\napp:\n  <<: *base\n  name: x\n`;
    const parsed = parseYaml(text);
    expect(parsed.documents[0]?.value).toEqual({ base: { image: 'nginx', privileged: true }, app: { image: 'nginx', privileged: true, name: 'x' } });
    expect(lineOf(text, ['app', 'name'])).toMatchObject({ line: 6, depth: 2 });
    // A merged key has no line of its own in `app`: the nearest ancestor is reported.
    expect(lineOf(text, ['app', 'privileged'])).toMatchObject({ line: 4, depth: 1 });
    expect(parsed.documents[0]?.aliases).toBe(1);
  });

  it('strips a BOM without shifting lines', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(deployment)]);
    const loaded = loadManifest('d.yaml', bytes, { explicit: false, defaultNamespace: 'default' });
    expect(loaded.objects).toHaveLength(1);
    expect(loaded.lines.position(resolvePath(loaded.objects[0]!.root!, ['metadata', 'name']).offset)).toEqual({ line: 4, column: 3 });
  });

  it('reads UTF-16 files with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(deployment, 'utf16le')]);
    const loaded = loadManifest('d.yaml', le, { explicit: false, defaultNamespace: 'default' });
    expect(loaded.objects[0]?.name).toBe('web');
    const be = Buffer.from(le);
    be.swap16();
    be[0] = 0xfe;
    be[1] = 0xff;
    expect(loadManifest('d.yaml', be, { explicit: false, defaultNamespace: 'default' }).objects[0]?.name).toBe('web');
  });
});

describe('Kubernetes YAML semantics (go-yaml v2, as kubectl)', () => {
  const value = (text: string) => parseYaml(text).documents[0]?.value;

  it('reads YAML 1.1 booleans, octals and nulls', () => {
    expect(value('a: yes\nb: On\nc: n\nd: "yes"\ne: off\n')).toEqual({ a: true, b: true, c: false, d: 'yes', e: false });
    expect(value('mode: 0755\nhex: 0x1F\nbin: 0b101\nu: 1_000\nf: 1e3\neight: 08\n')).toEqual({ mode: 493, hex: 31, bin: 5, u: 1000, f: 1000, eight: 8 });
    expect(value('a: ~\nb: null\nc:\nd: NULL\n')).toEqual({ a: null, b: null, c: null, d: null });
    // The classic trap: a name `n` (or `no`, `y`) is a boolean to kubectl.
    expect(value('metadata: {name: n}\n')).toEqual({ metadata: { name: false } });
  });

  it('reads exactly go-yaml v2\'s words as booleans and nulls, as keys and as values', () => {
    // The schema rules most scalars out by length and first character before it looks them up.
    const words = new Map<string, boolean | null>([
      ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w) => [w, true] as const),
      ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
      ...['~', 'null', 'Null', 'NULL'].map((w) => [w, null] as const),
    ]);
    const expected = (w: string): unknown => (words.has(w) ? words.get(w) : w);
    for (const [w, v] of words) {
      expect(value(`a: ${w}\n`)).toEqual({ a: v });
      expect(value(`${w}: a\n`)).toEqual({ [String(v)]: 'a' });
    }
    const near = ['yess', 'tru', 'trueish', 'falsey', 'FALSE_', 'offf', 'onn', 'nul', 'nulll', 'nil', 'none', 'Nope', 'f', 't', 'o', 'O', 'T', 'F', 'nO', 'oN', 'yES', 'tRUE'];
    for (const w of near) expect(value(`a: ${w}\n`)).toEqual({ a: w });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'yYeEsStTrRuUoOnNfFaAlL~x'), minLength: 1, maxLength: 7 }), (w) => {
      expect(value(`a: ${w}\n`)).toEqual({ a: expected(w) });
    }), { numRuns: 3000 });
  });

  it('keeps timestamps and sexagesimal-looking values as strings', () => {
    expect(value('t: 2001-12-14t21:59:43.10-05:00\nd: 2002-12-14\ns: 190:20:30\n')).toEqual({ t: '2001-12-14t21:59:43.10-05:00', d: '2002-12-14', s: '190:20:30' });
  });

  it('reads explicit tags', () => {
    expect(value('a: !!str 0755\nb: !!int "12"\nc: !!bool yes\n')).toEqual({ a: '0755', b: 12, c: true });
  });
});

describe('broken input', () => {
  it('reports a syntax error at its line and keeps the other documents', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\n  bad: indent\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: c}\n';
    const loaded = loadManifest('x.yaml', new TextEncoder().encode(text), { explicit: false, defaultNamespace: 'default' });
    expect(loaded.objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Secret']);
    expect(loaded.findings).toHaveLength(1);
    expect(loaded.findings[0]).toMatchObject({ rule: 'EKS-INPUT-001', file: 'x.yaml', line: 7 });
    expect(loaded.findings[0]?.message).toMatch(/fix it at this line/);
  });

  it('reports a duplicate key and keeps the last value, as Kubernetes does', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: false\n  hostNetwork: true\n';
    const loaded = loadManifest('x.yaml', new TextEncoder().encode(text), { explicit: false, defaultNamespace: 'default' });
    expect(loaded.objects[0]?.object).toMatchObject({ spec: { hostNetwork: true } });
    expect(loaded.findings).toEqual([expect.objectContaining({ rule: 'EKS-INPUT-003', line: 5 })]);
  });

  it('treats {{ }} in valid YAML as data, and an unparsable template as an unrendered template', () => {
    const data = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  mapRoles: |\n    - username: system:node:{{EC2PrivateDNSName}}\n';
    const ok = loadManifest('a.yaml', new TextEncoder().encode(data), { explicit: false, defaultNamespace: 'default' });
    expect(ok.findings).toEqual([]);
    expect(ok.objects).toHaveLength(1);
    const tpl = 'apiVersion: v1\nkind: ConfigMap\n{{- if .Values.enabled }}\ndata: {}\n{{- end }}\n';
    const t = loadManifest('t.yaml', new TextEncoder().encode(tpl), { explicit: false, defaultNamespace: 'default' });
    expect(t.findings).toEqual([expect.objectContaining({ rule: 'EKS-INPUT-002' })]);
  });

  it('reports invalid UTF-8 at its line and skips binary files silently', () => {
    const bad = new Uint8Array([...new TextEncoder().encode('a: 1\nb: '), 0xff, 0xfe, 0x41, 0x0a]);
    expect(loadManifest('u.yaml', bad, { explicit: false, defaultNamespace: 'default' }).findings).toEqual([
      expect.objectContaining({ rule: 'EKS-INPUT-001', line: 2 }),
    ]);
    const bin = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]);
    expect(loadManifest('b.yaml', bin, { explicit: false, defaultNamespace: 'default' }).findings).toEqual([]);
    expect(loadManifest('b.yaml', bin, { explicit: true, defaultNamespace: 'default' }).findings).toEqual([expect.objectContaining({ rule: 'EKS-INPUT-004' })]);
  });
});

describe('Kubernetes objects', () => {
  it('expands kind: List and resolves namespaces', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: ns1}\n  - apiVersion: rbac.authorization.k8s.io/v1\n    kind: Role\n    metadata: {name: r, namespace: team}\n';
    const loaded = loadManifest('l.yaml', new TextEncoder().encode(text), { explicit: false, defaultNamespace: 'shop' });
    expect(loaded.objects.map((o) => [o.kind, o.namespace, o.name])).toEqual([
      ['Pod', 'shop', 'p'],
      ['Namespace', '', 'ns1'],
      ['Role', 'team', 'r'],
    ]);
    const pod = loaded.objects[0]!;
    expect(loaded.lines.position(resolvePath(pod.root!, [...pod.basePath, 'metadata', 'name']).offset).line).toBe(6);
  });

  it('skips documents that are not Kubernetes objects, and says so only for a named file', () => {
    const text = 'name: my-values\nreplicas: 3\n';
    expect(loadManifest('v.yaml', new TextEncoder().encode(text), { explicit: false, defaultNamespace: 'default' }).findings).toEqual([]);
    expect(loadManifest('v.yaml', new TextEncoder().encode(text), { explicit: true, defaultNamespace: 'default' }).findings).toEqual([
      expect.objectContaining({ rule: 'EKS-INPUT-004' }),
    ]);
  });
});
