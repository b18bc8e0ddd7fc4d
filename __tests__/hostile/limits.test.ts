// Input limits (product.md §8, load/limits.ts): every limit passed is an EKS-INPUT-005 finding
// on the file that passed it, nothing hangs or crashes, and the rest of the scan goes on (a
// privileged pod in another file is still found).
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { scan, type ScanResult } from '../../src/scan.js';
import { loadConfigFile, withDefaults, type ConfigFile } from '../../src/config/config.js';
import { DEFAULT_LIMITS, limitsFrom, MAX_PARSER_DEPTH, measure } from '../../src/load/limits.js';
import { cli, tempDir } from '../helpers.js';
import { ruleSummary, timed } from './record.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata:
  name: canary
  namespace: shop
spec:
  containers:
    - name: c
      image: registry.example.com/c:1
      securityContext:
        privileged: true
`;
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: shop\n';

/** A 10^levels alias bomb inside a ConfigMap. */
function laughs(levels: number): string {
  const lines = [CM + 'data:', '  l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

/** Each level merges the previous one: quadratic merge work. */
function mergeBomb(levels: number): string {
  const lines = [CM + 'data:'];
  for (let i = 0; i < levels; i++) lines.push(`  k${i}: &k${i} {${i ? `<<: *k${i - 1}, ` : ''}v${i}: "${i}"}`);
  return lines.join('\n') + '\n';
}

function run(files: Record<string, string | Uint8Array>, raw: ConfigFile = {}): { r: ScanResult; dir: string } {
  const dir = tempDir(files, 'epg-limits-');
  dirs.push(dir);
  return { r: scan({ paths: [dir], root: dir, config: withDefaults(raw) }), dir };
}

const at = (r: ScanResult, rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.file}:${f.location.line}`);
const stillChecked = (r: ScanResult) => r.findings.some((f) => f.ruleId === 'EKS-PSB-002' && f.location.file === 'ok.yaml');

function hostile(name: string, files: Record<string, string | Uint8Array>, raw: ConfigFile = {}): ScanResult {
  return timed('limits', name, () => run({ 'ok.yaml': PRIVILEGED, ...files }, raw).r, (r) => `${ruleSummary(r.findings)}; privileged pod elsewhere ${stillChecked(r) ? 'still found' : 'MISSED'}`);
}

describe('limits have defaults and are configurable', () => {
  it('defaults', () => {
    expect(withDefaults({}).limits).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toMatchObject({ fileSize: 16 * 1024 * 1024, documentsPerFile: 10_000, totalSize: 128 * 1024 * 1024, aliases: 10_000, depth: 100, subprocessSeconds: 60 });
  });

  it('every key of the schema maps to a typed field; depth is capped where the parser would overflow', () => {
    const dir = tempDir({ '.eks-policy-gate.yaml': 'limits:\n  file-size: 1000\n  documents-per-file: 2\n  total-size: 5000\n  aliases: 7\n  depth: 9\n  subprocess-seconds: 1.5\nfail-on-error: false\n' });
    dirs.push(dir);
    const config = loadConfigFile(path.join(dir, '.eks-policy-gate.yaml'));
    expect(config.limits).toEqual({ fileSize: 1000, documentsPerFile: 2, totalSize: 5000, aliases: 7, depth: 9, subprocessSeconds: 1.5 });
    expect(config.failOnError).toBe(false);
    expect(limitsFrom({ depth: 1_000_000 }).depth).toBe(MAX_PARSER_DEPTH);
  });

  it('an invalid limit is a configuration error naming the key', () => {
    const dir = tempDir({ '.eks-policy-gate.yaml': 'limits:\n  file-size: -1\n  bogus: 3\n' });
    dirs.push(dir);
    const r = cli(['scan', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.eks-policy-gate\.yaml:2:\d+: limits\.file-size must be >= 1/);
    expect(r.stderr).toMatch(/unknown key "bogus" under limits/);
  });
});

describe('file size', () => {
  it('a file over limits.file-size is a finding at its line 1; nothing in it is read', () => {
    const r = hostile('file over limits.file-size (2 KiB limit, 40 KiB file)', { 'big.yaml': PRIVILEGED.replace('canary', 'big') + `# ${'x'.repeat(40_000)}\n` }, { limits: { 'file-size': 2048 } });
    expect(at(r, 'EKS-INPUT-005')).toEqual(['big.yaml:1']);
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/big\.yaml is 39\.\d KiB, over the limit of 2 KiB for one input file \(limits\.file-size\).*raise `limits\.file-size`/);
    expect(r.findings.some((f) => f.resource?.name === 'big')).toBe(false);
    expect(stillChecked(r)).toBe(true);
  });

  it('the finding blocks by default (what was not checked must not pass)', () => {
    const r = run({ 'big.yaml': `${CM}# ${'x'.repeat(5000)}\n` }, { limits: { 'file-size': 1024 } }).r;
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')).toMatchObject({ severity: 'high', mode: 'enforce', blocking: true });
  });
});

describe('documents per file', () => {
  it('only the first N documents are checked; the finding is at the first one left out', () => {
    const docs = Array.from({ length: 30 }, (_, i) => PRIVILEGED.replace('canary', `p${i}`)).join('---\n');
    const r = hostile('30 documents, limits.documents-per-file 10', { 'many.yaml': docs }, { limits: { 'documents-per-file': 10 } });
    const pods = new Set(r.findings.filter((f) => f.location.file === 'many.yaml' && f.ruleId === 'EKS-PSB-002').map((f) => f.resource?.name));
    expect(pods.size).toBe(10);
    // Each document is 11 lines plus its `---` line: the 11th document's marker is line 120.
    expect(at(r, 'EKS-INPUT-005')).toEqual(['many.yaml:120']);
    expect(stillChecked(r)).toBe(true);
  });

  it('a kind: List counts its items', () => {
    const items = Array.from({ length: 5 }, (_, i) => `  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}, namespace: shop}}`).join('\n');
    const r = run({ 'list.yaml': `apiVersion: v1\nkind: List\nitems:\n${items}\n` }, { limits: { 'documents-per-file': 3 } }).r;
    expect(at(r, 'EKS-INPUT-005')).toEqual(['list.yaml:7']);
  });

  it('a million empty documents cost no parse of them', () => {
    const r = hostile('1,000,000 empty documents (4 MB of ---)', { 'empty.yaml': '---\n'.repeat(1_000_000) });
    expect(at(r, 'EKS-INPUT-005')).toHaveLength(1);
  });
});

describe('total size', () => {
  it('files past limits.total-size are each reported; the first ones are checked', () => {
    const pad = `# ${'x'.repeat(3000)}\n`;
    const r = hostile('3 files of 3 KiB, limits.total-size 5 KiB', {
      'z1.yaml': PRIVILEGED.replace('canary', 'z1') + pad,
      'z2.yaml': PRIVILEGED.replace('canary', 'z2') + pad,
      'z3.yaml': PRIVILEGED.replace('canary', 'z3') + pad,
    }, { limits: { 'total-size': 5 * 1024 } });
    // ok.yaml and z1.yaml fit; z2.yaml passes the total, and z3.yaml comes after it.
    expect(at(r, 'EKS-INPUT-005')).toEqual(['z2.yaml:1', 'z3.yaml:1']);
    const messages = r.findings.filter((f) => f.ruleId === 'EKS-INPUT-005').map((f) => f.message);
    expect(messages[0]).toMatch(/reached the limit of 5 KiB in total \(limits\.total-size\) at this file, so z2\.yaml was not checked/);
    expect(messages[1]).toMatch(/at z2\.yaml, so z3\.yaml was not checked/);
    expect(r.findings.some((f) => f.resource?.name === 'z1' && f.ruleId === 'EKS-PSB-002')).toBe(true);
    expect(stillChecked(r)).toBe(true);
  });
});

describe('alias expansion', () => {
  it('a billion laughs (10^9 nodes) is measured without expanding it', () => {
    const r = hostile('billion laughs, 9 levels of 10 aliases', { 'bomb.yaml': laughs(9) });
    expect(at(r, 'EKS-INPUT-005')).toEqual(['bomb.yaml:1']);
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/aliases expand to more than 10000 additional nodes \(limits\.aliases\)/);
    expect(stillChecked(r)).toBe(true);
  });

  it('a few aliases are fine; the same aliases pass a lower limit', () => {
    expect(run({ 'small.yaml': laughs(2) }).r.findings.filter((f) => f.ruleId.startsWith('EKS-INPUT'))).toEqual([]);
    expect(at(run({ 'small.yaml': laughs(2) }, { limits: { aliases: 50 } }).r, 'EKS-INPUT-005')).toEqual(['small.yaml:1']);
  });

  it('merge keys (<<), which js-yaml resolves without its alias count, are counted too', () => {
    const r = hostile('merge-key bomb, 300 chained <<', { 'merge.yaml': mergeBomb(300) });
    expect(at(r, 'EKS-INPUT-005')).toHaveLength(1);
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/Merge keys \(`<<`\) in this file copy more than 10000 entries \(limits\.aliases\)/);
    expect(stillChecked(r)).toBe(true);
    // A merge or two is ordinary YAML.
    expect(run({ 'merge.yaml': mergeBomb(3) }).r.findings.filter((f) => f.ruleId.startsWith('EKS-INPUT'))).toEqual([]);
  });

  it('one long string repeated through aliases passes the expanded size limit', () => {
    const text = `${CM}data:\n  a: &a "${'x'.repeat(100_000)}"\n  b: [${Array(400).fill('*a').join(', ')}]\n`;
    const r = hostile('100 KB string aliased 400 times (40 MB expanded)', { 'str.yaml': text });
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/expand it to more than 16 MiB \(limits\.file-size\)/);
  });

  it('a document that contains itself is malformed input, not a crash', () => {
    const r = hostile('recursive alias (&a inside *a)', { 'cycle.yaml': `${CM}data: &a\n  self: *a\n` });
    expect(at(r, 'EKS-INPUT-001')).toEqual(['cycle.yaml:1']);
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-001')?.message).toMatch(/contains itself through an alias/);
  });

  it('measure() counts shared nodes once and stops at the first limit', () => {
    const leaf = { a: 'x', b: 'y' };
    const two = [leaf, leaf];
    expect(measure({ two }, { aliases: 100, depth: 10, bytes: 1e6 })).toMatchObject({ nodes: 8, added: 3, depth: 4, cyclic: false });
    let v: unknown = ['x'];
    for (let i = 0; i < 60; i++) v = [v, v];
    expect(measure(v, { aliases: 1e9, depth: 1000, bytes: 1e30 })).toMatchObject({ over: 'aliases' });
  });
});

describe('nesting depth', () => {
  it('20,000 nested brackets are a limit finding, not a stack overflow', () => {
    const r = hostile('20,000 nested [ ]', { 'deep.yaml': `${CM}data:\n  k: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n` });
    expect(at(r, 'EKS-INPUT-005')).toHaveLength(1);
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/nests deeper than 100 levels \(limits\.depth\)/);
    expect(stillChecked(r)).toBe(true);
  });

  it('5,000 nested block mappings', () => {
    const lines = [CM + 'data:'];
    for (let i = 1; i < 5000; i++) lines.push(`${' '.repeat(i + 1)}k:`);
    const r = hostile('5,000 nested block mappings', { 'deep.yaml': lines.join('\n') + ' 1\n' });
    expect(at(r, 'EKS-INPUT-005')).toHaveLength(1);
  });

  it('depth gained through aliases counts', () => {
    // Each level is 2 deep as written, but aliases stack them 60 deep.
    const lines = [CM + 'data:', '  l0: &l0 [x]'];
    for (let i = 1; i <= 60; i++) lines.push(`  l${i}: &l${i} [[*l${i - 1}]]`);
    const r = run({ 'alias-deep.yaml': lines.join('\n') + '\n' }).r;
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/aliases expanded the document nests deeper than 100 levels/);
  });

  it('a configured depth applies', () => {
    // Reported where the nesting passes the limit: the container's first key.
    expect(at(run({ 'ok.yaml': PRIVILEGED }, { limits: { depth: 4 } }).r, 'EKS-INPUT-005')).toEqual(['ok.yaml:8']);
  });

  it('a deep JSON manifest too', () => {
    const r = hostile('JSON manifest nested 50,000 deep', { 'deep.json': `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"},"data":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}` });
    expect(at(r, 'EKS-INPUT-005')).toHaveLength(1);
  });
});

describe('renderers: output size, time, and what they render', () => {
  const chart = (templates: Record<string, string>): Record<string, string> => ({
    'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    ...Object.fromEntries(Object.entries(templates).map(([k, v]) => [`chart/templates/${k}`, v])),
  });

  it('a template that loops forever is stopped at limits.subprocess-seconds', () => {
    const r = hostile('helm template looping 10^12 times, subprocess-seconds 2', chart({ 'loop.yaml': '{{- range until 1000000000000 }}{{ end }}\n' }), { limits: { 'subprocess-seconds': 2 } });
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-010')?.message).toMatch(/did not finish within 2 s/);
    expect(r.timings.parse).toBeLessThan(15_000);
    expect(stillChecked(r)).toBe(true);
  });

  it('a template that prints more than limits.file-size is stopped', () => {
    const r = hostile('helm template printing 1.6 MB, file-size 256 KiB', chart({ 'big.yaml': `{{- range until 20000 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{{ . }}\n{{- end }}\n` }), { limits: { 'file-size': 256 * 1024 } });
    expect(at(r, 'EKS-INPUT-005')).toEqual(['chart/Chart.yaml:1']);
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/printed more than 256 KiB \(limits\.file-size\), so it was stopped/);
  });

  it('an alias bomb a template renders: helm refuses it, or the output check catches it at the template', () => {
    const r = hostile('helm template rendering a billion laughs', chart({ 'bomb.yaml': laughs(9) }));
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-010')?.message).toMatch(/helm template failed for chart chart/);
    // A smaller one helm passes through is measured like any manifest.
    const small = hostile('helm template rendering 10^2 aliases, limits.aliases 50', chart({ 'bomb.yaml': laughs(2) }), { limits: { aliases: 50 } });
    expect(at(small, 'EKS-INPUT-005')).toEqual(['chart/templates/bomb.yaml:1']);
  });

  it('a kustomize build over limits.file-size is stopped', () => {
    const r = hostile('kustomize build output over file-size (1 KiB)', {
      'k/kustomization.yaml': 'resources: [cm.yaml]\n',
      'k/cm.yaml': `${CM}data:\n  big: "${'x'.repeat(4000)}"\n`,
    }, { limits: { 'file-size': 1024 * 3 } });
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/kustomize build k printed more than 3 KiB/);
  });

  describe('terraform show (binary plans)', () => {
    const saved = process.env.PATH;
    afterAll(() => {
      process.env.PATH = saved;
    });
    const fakeTerraform = (script: string): void => {
      const bin = tempDir({ terraform: `#!/bin/sh\n${script}\n` }, 'epg-fake-tf-');
      dirs.push(bin);
      fs.chmodSync(path.join(bin, 'terraform'), 0o755);
      process.env.PATH = `${bin}${path.delimiter}${saved ?? ''}`;
    };
    const plan = { 'infra/tfplan': 'binary plan bytes\u0000' };
    const config: ConfigFile = { terraform: { 'binary-plans': ['**/tfplan'] }, limits: { 'subprocess-seconds': 1 } };

    it('a terraform that hangs (and ignores SIGTERM) is killed at the limit', () => {
      fakeTerraform("trap '' TERM; sleep 30");
      const r = hostile('terraform show hanging and ignoring SIGTERM, subprocess-seconds 1', plan, config);
      expect(at(r, 'EKS-INPUT-005')).toEqual(['infra/tfplan:1']);
      expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/did not finish within 1 s \(limits\.subprocess-seconds\)/);
      expect(r.timings.parse).toBeLessThan(10_000);
    });

    it('a terraform that prints without end is stopped at limits.file-size', () => {
      fakeTerraform('yes "{}"');
      const r = hostile('terraform show printing forever, file-size 1 MiB', plan, { ...config, limits: { 'subprocess-seconds': 20, 'file-size': 1024 * 1024 } });
      expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-005')?.message).toMatch(/printed more than 1048576 bytes \(limits\.file-size\)/);
    });

    it('terraform never sees the runner\'s credentials', () => {
      fakeTerraform('env > "$(dirname "$0")/env.txt"; echo "{}"');
      const bin = (process.env.PATH ?? '').split(path.delimiter)[0] as string;
      const before = { ...process.env };
      Object.assign(process.env, { INPUT_TOKEN: 'ghs_secretTokenValue000000000000000000000', GITHUB_TOKEN: 'ghp_other', AWS_SECRET_ACCESS_KEY: 'aws-secret', TF_VAR_db_password: 'pw', TF_TOKEN_app_terraform_io: 'tok', TF_PLUGIN_CACHE_DIR: '/cache' });
      try {
        run(plan, config);
      } finally {
        for (const k of ['INPUT_TOKEN', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'TF_VAR_db_password', 'TF_TOKEN_app_terraform_io', 'TF_PLUGIN_CACHE_DIR']) {
          if (before[k] === undefined) Reflect.deleteProperty(process.env, k);
          else process.env[k] = before[k];
        }
      }
      const env = fs.readFileSync(path.join(bin, 'env.txt'), 'utf8');
      expect(env).toMatch(/^TF_PLUGIN_CACHE_DIR=\/cache$/m);
      expect(env).toMatch(/^TF_IN_AUTOMATION=1$/m);
      for (const k of ['INPUT_TOKEN', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'TF_VAR_db_password', 'TF_TOKEN_app_terraform_io']) expect(env).not.toContain(`${k}=`);
    });
  });
});
