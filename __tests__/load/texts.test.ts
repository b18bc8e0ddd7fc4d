// A scan keeps no manifest text once it is parsed (load/texts.ts, load/manifests.ts): lines come
// from the line index, keys from the frame table, suppression comments from the few texts that
// hold one, and a node inside a string (aws-auth's mapRoles) from the file read again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/load/manifests.js';
import { forgetTexts, hasIgnoreMarker, knownText } from '../../src/load/texts.js';
import { releaseParserTables } from '../../src/load/yaml.js';
import { tempDir } from '../helpers.js';
import { heapAfter } from '../heap.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function repository(files: Record<string, string>): string {
  const dir = tempDir(files);
  dirs.push(dir);
  return dir;
}

const inputs = (dir: string, explicit = false) =>
  fs.readdirSync(dir).sort().map((rel) => ({ abs: path.join(dir, rel), rel, explicit }));

/** A Deployment under `lines` lines of comment of its own: text the parsed values do not hold. */
function commented(i: number, lines: number): string {
  const comment = Array.from({ length: lines }, (_, n) => `# ${i}: note ${n} on why this deployment is configured as it is`).join('\n');
  return `${comment}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.${i}\n`;
}

const AWS_AUTH = `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/nodes
      groups:
        - system:masters
`;

describe('manifest texts after parsing', () => {
  it('are not kept: the heap a scan keeps does not grow with the comments in its files', () => {
    const measure = (commentLines: number) => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 1000; i++) files[`m${String(i).padStart(4, '0')}.yaml`] = commented(i, commentLines);
      const dir = repository(files);
      forgetTexts();
      const { value: out, bytes: heap } = heapAfter(() => {
        const loaded = loadManifests(inputs(dir), 'default');
        releaseParserTables();
        return loaded;
      });
      return { out, heap, text: Object.values(files).reduce((n, t) => n + t.length, 0) };
    };
    measure(0); // the first load compiles the loader's code
    const bare = measure(0);
    const noted = measure(100);
    expect(noted.out.documents).toHaveLength(1000);
    expect(noted.text - bare.text).toBeGreaterThan(6_000_000);
    // Kept texts would add 6 MB (a byte a character): the heap grows by a tenth of that at most.
    expect(noted.heap - bare.heap).toBeLessThan((noted.text - bare.text) / 10);
    // Lines still come out right: the image of the 8th file sits 100 comment lines down.
    const doc = noted.out.documents[7];
    expect(doc?.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toMatchObject({ file: 'm0007.yaml', line: 110, column: 11 });
    expect(hasIgnoreMarker('m0007.yaml')).toBe(false);
    expect(knownText('m0007.yaml')).toBeUndefined();
  });

  it('are kept for the files that hold a suppression comment, and only for them', () => {
    const dir = repository({
      'a.yaml': '# eks-policy-gate:ignore EKS-POD-001 reviewed\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n',
      'b.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n',
    });
    forgetTexts();
    loadManifests(inputs(dir), 'default');
    expect(hasIgnoreMarker('a.yaml')).toBe(true);
    expect(knownText('a.yaml')).toContain('eks-policy-gate:ignore EKS-POD-001');
    expect(hasIgnoreMarker('b.yaml')).toBe(false);
    expect(knownText('b.yaml')).toBeUndefined();
    expect(hasIgnoreMarker('never-read.yaml')).toBeUndefined();
  });

  it('are read again for a node inside a string, and a file changed since gives the string\'s own line', () => {
    const dir = repository({ 'aws-auth.yaml': AWS_AUTH });
    const file = path.join(dir, 'aws-auth.yaml');
    const load = () => loadManifests(inputs(dir), 'default').documents[0];
    const inner = (doc: ReturnType<typeof load>, embedded: (string | number)[]) => doc?.locate(['data', 'mapRoles'], embedded);
    const doc = load();
    expect(inner(doc, [0, 'groups', 0])).toMatchObject({ line: 10, column: 11 });
    expect(inner(doc, [0, 'rolearn'])).toMatchObject({ line: 8, column: 7 });
    // The same length, another line there: the line found is checked against the value.
    let changed = load();
    fs.writeFileSync(file, AWS_AUTH.replace('system:masters', 'system:MASTERS'));
    expect(inner(changed, [0, 'groups', 0])).toMatchObject({ line: 7, column: 3 });
    // Longer: not the text parsed, so the finding stays on the key that holds the string.
    fs.writeFileSync(file, AWS_AUTH);
    changed = load();
    fs.writeFileSync(file, `# a comment added meanwhile\n${AWS_AUTH}`);
    expect(inner(changed, [0, 'groups', 0])).toMatchObject({ line: 7, column: 3 });
    // Gone: the same.
    fs.writeFileSync(file, AWS_AUTH);
    changed = load();
    fs.rmSync(file);
    expect(inner(changed, [0, 'groups', 0])).toMatchObject({ line: 7, column: 3 });
  });

  it('are kept for a file named on the command line, which may be a pipe that cannot be read twice', () => {
    const dir = repository({ 'aws-auth.yaml': AWS_AUTH });
    const [doc] = loadManifests(inputs(dir, true), 'default').documents;
    fs.rmSync(path.join(dir, 'aws-auth.yaml'));
    expect(doc?.locate(['data', 'mapRoles'], [0, 'groups', 0])).toMatchObject({ line: 10, column: 11 });
  });
});
