// Internal errors (issue item 6): whatever fails inside the gate is reported with what to do,
// costs only what it touches, and fails the gate closed (exit 2) unless fail-on-error is false;
// never a silent pass.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { evaluateWith, MAX_LEFT_OUT } from '../../src/evaluate/resilient.js';
import type { ScanDocument } from '../../src/evaluate/input.js';
import type { RawFinding } from '../../src/model.js';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { renderSarif } from '../../src/report/sarif.js';
import { cli, tempDir } from '../helpers.js';
import { timed } from './record.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const POD = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop}
spec:
  containers:
    - {name: c, image: registry.example.com/c:1, securityContext: {privileged: true}}
`;

/**
 * An aws-auth ConfigMap whose mapRoles holds an alias bomb: the policies parse mapRoles with the
 * Wasm SDK's YAML parser, which throws on it, aborting the whole evaluation. A real policy
 * failure, so the isolation is tested end to end.
 */
function awsAuthBomb(): string {
  const items = ['- &a {rolearn: "arn:aws:iam::111122223333:role/x", username: u, groups: [g]}'];
  let prev = 'a';
  for (let i = 0; i < 6; i++) {
    items.push(`- &b${i} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    prev = `b${i}`;
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n${items.map((l) => `    ${l}`).join('\n')}\n`;
}

const doc = (id: number, name: string): ScanDocument => ({
  id, file: `${name}.yaml`, source: 'manifest', apiVersion: 'v1', kind: 'Pod', name, namespace: 'shop', object: { metadata: { name } },
  locate: () => ({ file: `${name}.yaml`, line: 1, column: 1, endLine: 1 }),
});

describe('a policy failing on one document costs only that document', () => {
  // A fake engine: fails whenever a "poison" document is in the input; otherwise one finding per
  // document, which must come back with the scan's ids; checks that ids are renumbered from 0.
  const engine = (poison: Set<string>, calls: { n: number }) => (docs: ScanDocument[]) => {
    calls.n++;
    docs.forEach((d, i) => expect(d.id).toBe(i));
    const bad = docs.find((d) => poison.has(d.name));
    if (bad) throw new Error(`policy evaluation failed: conflict on ${bad.name}`);
    return { findings: docs.map((d): RawFinding => ({ rule: 'X', message: d.name, doc: d.id })), coverage: docs.length };
  };

  it('finds the document by bisection, leaves it out, and keeps every other finding with its id', () => {
    const docs = Array.from({ length: 1000 }, (_, i) => doc(i, `d${i}`));
    const calls = { n: 0 };
    const r = evaluateWith(engine(new Set(['d617']), calls), docs);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'd617.yaml' });
    expect(r.errors[0]?.message).toMatch(/the policies failed on Pod shop\/d617 \(policy evaluation failed: conflict on d617\), so it was left out.*report it.*fail-on-error: false/);
    expect(r.findings).toHaveLength(999);
    expect(r.findings.every((f) => f.message === `d${f.doc}`)).toBe(true);
    expect(r.documents).toHaveLength(999);
    // One failed run, about log2(1000) prefix runs, one final run.
    expect(calls.n).toBeLessThanOrEqual(2 + 11 + 1);
  });

  it('several failing documents, each found', () => {
    const r = evaluateWith(engine(new Set(['d3', 'd40', 'd41']), { n: 0 }), Array.from({ length: 50 }, (_, i) => doc(i, `d${i}`)));
    expect(r.errors.map((e) => e.file)).toEqual(['d3.yaml', 'd40.yaml', 'd41.yaml']);
    expect(r.findings).toHaveLength(47);
  });

  it('a failure that is not about documents ends after a few tries, with no findings and an error', () => {
    const calls = { n: 0 };
    const r = evaluateWith(() => {
      calls.n++;
      throw new Error('policy evaluation failed in coverage: unreachable. This is a bug in a policy or in the gate');
    }, Array.from({ length: 64 }, (_, i) => doc(i, `d${i}`)));
    expect(r.findings).toEqual([]);
    expect(r.errors.at(-1)?.message).toMatch(/unreachable.*after leaving out 3 documents.*No policy finding could be computed, so the gate fails closed/);
    expect(r.errors).toHaveLength(MAX_LEFT_OUT + 1);
    expect(calls.n).toBeLessThan(40);
  });

  // A scan too large for one evaluation fails the same way whatever is left out: it is said at
  // once, with what to do, instead of dozens of evaluations of the whole scan.
  for (const message of [
    'Invalid string length',
    'WebAssembly.Memory.grow(): Maximum memory size exceeded',
    'policy evaluation failed in psb.privileged: memory access out of bounds. This is a bug in a policy or in the gate; please report it with the failing input.',
    'WebAssembly.Memory(): could not allocate memory',
  ]) {
    it(`a scan too large to evaluate at once fails closed after one evaluation: ${message.slice(0, 40)}`, () => {
      const calls = { n: 0 };
      const r = evaluateWith(() => {
        calls.n++;
        throw new RangeError(message);
      }, Array.from({ length: 64 }, (_, i) => doc(i, `d${i}`)));
      expect(calls.n).toBe(1);
      expect(r.findings).toEqual([]);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]?.message).toMatch(/too large to evaluate at once \(64 documents\).*fails closed.*targets --format matrix.*limits\.total-size/);
    });
  }

  it('success costs exactly one evaluation', () => {
    const calls = { n: 0 };
    evaluateWith(engine(new Set(), calls), Array.from({ length: 10 }, (_, i) => doc(i, `d${i}`)));
    expect(calls.n).toBe(1);
  });
});

describe('end to end: a real policy failure', () => {
  const dir = tempDir({ 'aws-auth.yaml': awsAuthBomb(), 'pod.yaml': POD('still-checked') }, 'epg-errors-');
  dirs.push(dir);

  it('the scan reports the error and still checks the other documents', () => {
    const r = timed('errors', 'aws-auth mapRoles alias bomb (the Wasm YAML parser throws)', () => scan({ paths: [dir], root: dir, config: withDefaults({}) }), (x) => `${x.errors.length} internal error on ${x.errors[0]?.file}; other pod ${x.findings.some((f) => f.resource?.name === 'still-checked') ? 'still checked' : 'MISSED'}`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.file).toBe('aws-auth.yaml');
    expect(r.errors[0]?.message).toMatch(/ConfigMap kube-system\/aws-auth/);
    expect(r.findings.some((f) => f.ruleId === 'EKS-PSB-002' && f.resource?.name === 'still-checked')).toBe(true);
    // SARIF carries it as a tool execution notification.
    const sarif = JSON.parse(renderSarif(r, { root: dir })) as { runs: Array<{ invocations?: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }> };
    expect(sarif.runs[0]?.invocations?.[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error' }] });
  });

  it('the CLI fails closed with exit 2 and says what to do, in every format', () => {
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = cli(['scan', '.', '--format', format], dir);
      expect(r.code, format).toBe(2);
      expect(r.stderr).toMatch(/1 internal error: something could not be checked\.\n {2}- aws-auth\.yaml: the policies failed on ConfigMap kube-system\/aws-auth/);
      expect(r.stderr).toMatch(/The gate failed closed \(exit 2\)\. Fix or exclude the input named above, or set `fail-on-error: false`/);
    }
    expect(JSON.parse(cli(['scan', '.', '--format', 'json'], dir).stdout)).toMatchObject({ summary: { errors: 1 }, errors: [{ file: 'aws-auth.yaml' }] });
    expect(cli(['scan', '.', '--format', 'github'], dir).stdout).toMatch(/^::error title=eks-policy-gate internal error,file=aws-auth\.yaml::the policies failed/m);
    expect(cli(['scan', '.'], dir).stdout).toMatch(/error: aws-auth\.yaml: the policies failed/);
  });

  it('fail-on-error: false (config or flag) reports the error and gates on the findings', () => {
    const flag = cli(['scan', '.', '--fail-on-error', 'false'], dir);
    expect(flag.code).toBe(1); // the privileged pod blocks
    expect(flag.stderr).toMatch(/fail-on-error is false: the exit code reflects the findings alone/);
    const cfgDir = tempDir({ '.eks-policy-gate.yaml': 'fail-on-error: false\n', 'aws-auth.yaml': awsAuthBomb() }, 'epg-errors-');
    dirs.push(cfgDir);
    expect(cli(['scan', '.'], cfgDir).code).toBe(0);
    // The flag wins over the configuration.
    expect(cli(['scan', '.', '--fail-on-error', 'true'], cfgDir).code).toBe(2);
    expect(cli(['scan', '.', '--fail-on-error', 'maybe'], cfgDir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--fail-on-error maybe: use true or false/) });
  });
});
