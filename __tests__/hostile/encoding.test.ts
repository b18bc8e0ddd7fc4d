// Encodings (product.md §8): UTF-8 with or without BOM and UTF-16 LE/BE with BOM are read (and
// findings keep their lines); invalid UTF-8 or UTF-16 is an EKS-INPUT-001 finding at the line
// of the first bad byte, never a crash; binary files are skipped. Manifests, plan JSON and the
// configuration file alike.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { decode, firstInvalidUtf8 } from '../../src/load/decode.js';
import { loadConfigFile, withDefaults } from '../../src/config/config.js';
import { scan, type ScanResult } from '../../src/scan.js';
import { cli, ROOT, tempDir } from '../helpers.js';
import { ruleSummary, timed } from './record.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: enc
  namespace: shop
  annotations:
    note: "naïve café ☕ 𝄞"
spec:
  containers:
    - name: c
      image: registry.example.com/c:1
      securityContext:
        privileged: true
`;
const PRIVILEGED_LINE = 13;

const utf16be = (s: string): Buffer => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] as number, le[i] as number];
  return le;
};

const ENCODED: Record<string, Buffer> = {
  'utf-8': Buffer.from(POD, 'utf8'),
  'utf-8 with BOM': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POD, 'utf8')]),
  'utf-16le with BOM': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POD, 'utf16le')]),
  'utf-16be with BOM': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(POD)]),
  'utf-8, CRLF line ends': Buffer.from(POD.replace(/\n/g, '\r\n'), 'utf8'),
};

function scanFiles(files: Record<string, string | Uint8Array>): ScanResult {
  const dir = tempDir(files, 'epg-enc-');
  dirs.push(dir);
  return scan({ paths: [dir], root: dir, config: withDefaults({}) });
}

const privileged = (r: ScanResult, file: string) => r.findings.filter((f) => f.ruleId === 'EKS-PSB-002' && f.location.file === file).map((f) => f.location.line);
const input = (r: ScanResult) => r.findings.filter((f) => f.ruleId.startsWith('EKS-INPUT')).map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column}`);

describe('supported encodings are read, with exact lines', () => {
  for (const [name, bytes] of Object.entries(ENCODED)) {
    it(name, () => {
      const r = timed('encoding', `manifest in ${name}`, () => scanFiles({ 'pod.yaml': bytes }), (x) => `${ruleSummary(x.findings)}; privileged found at line ${privileged(x, 'pod.yaml').join(',') || 'NONE'}`);
      expect(privileged(r, 'pod.yaml')).toEqual([PRIVILEGED_LINE]);
      expect(input(r)).toEqual([]);
      const d = decode(bytes);
      expect(d.kind === 'text' && d.text.includes('naïve café ☕ 𝄞')).toBe(true);
    });
  }
});

describe('invalid text is a finding at the first bad byte, never a crash', () => {
  const cases: Array<[string, Buffer, string]> = [
    ['a lone continuation byte on line 7', Buffer.concat([Buffer.from(POD.split('\n').slice(0, 6).join('\n') + '\n    x: "'), Buffer.from([0x80]), Buffer.from('"\n')]), 'pod.yaml:7:9'],
    ['an overlong "/" (C0 AF)', Buffer.concat([Buffer.from('a: "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"\n')]), 'pod.yaml:1:5'],
    ['a UTF-16 surrogate in UTF-8 (ED A0 80)', Buffer.concat([Buffer.from('a: b\nc: "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"\n')]), 'pod.yaml:2:5'],
    ['a code point above U+10FFFF (F4 90 80 80)', Buffer.concat([Buffer.from('x: '), Buffer.from([0xf4, 0x90, 0x80, 0x80])]), 'pod.yaml:1:4'],
    ['a sequence cut by the end of the file', Buffer.concat([Buffer.from('x: y\n'), Buffer.from([0xe2, 0x98])]), 'pod.yaml:2:1'],
    ['Latin-1 text (é as E9)', Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\u00e9}\n', 'latin1'), 'pod.yaml:3:21'],
    ['invalid UTF-8 after a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: 1\nb: '), Buffer.from([0xff])]), 'pod.yaml:2:4'],
    ['UTF-16LE with an odd byte count', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1\n', 'utf16le'), Buffer.from([0x41])]), 'pod.yaml:2:1'],
    ['UTF-16LE with a lone surrogate', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: ', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('\n', 'utf16le')]), 'pod.yaml:1:4'],
    ['UTF-32LE (BOM FF FE 00 00)', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('a\0\0\0')]), 'pod.yaml:1:1'],
    ['UTF-16LE without a BOM', Buffer.from(POD, 'utf16le'), 'pod.yaml:1:1'],
  ];
  for (const [name, bytes, where] of cases) {
    it(name, () => {
      const r = timed('encoding', name, () => scanFiles({ 'pod.yaml': bytes, 'ok.yaml': ENCODED['utf-8'] as Buffer }), (x) => `${input(x).join(', ')}; other file ${privileged(x, 'ok.yaml').length ? 'still checked' : 'MISSED'}`);
      expect(input(r)).toEqual([`EKS-INPUT-001 ${where}`]);
      const f = r.findings.find((x) => x.ruleId === 'EKS-INPUT-001');
      expect(f?.message).toMatch(/cannot be read as text: .*Save it as UTF-8, or as UTF-16 with a byte-order mark/);
      expect(f?.blocking).toBe(true);
      expect(privileged(r, 'ok.yaml')).toEqual([PRIVILEGED_LINE]);
    });
  }

  it('NUL bytes after the first 8 KiB: a YAML error, not binary', () => {
    const r = scanFiles({ 'pod.yaml': Buffer.concat([Buffer.from(`${POD}# ${'x'.repeat(9000)}\n`), Buffer.from([0]), Buffer.from('\n')]) });
    expect(input(r)).toHaveLength(1);
    expect(input(r)[0]).toMatch(/^EKS-INPUT-001 pod\.yaml:15:/);
  });
});

describe('binary files', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

  it('found by walking a directory: skipped silently', () => {
    const r = timed('encoding', 'PNG bytes named .yaml (walked)', () => scanFiles({ 'image.yaml': PNG, 'ok.yaml': POD }), (x) => ruleSummary(x.findings));
    expect(input(r)).toEqual([]);
    expect(r.files.map((f) => f.path)).toEqual(['ok.yaml']);
  });

  it('named on the command line: EKS-INPUT-004', () => {
    const dir = tempDir({ 'image.yaml': PNG }, 'epg-enc-');
    dirs.push(dir);
    const r = scan({ paths: [path.join(dir, 'image.yaml')], root: dir, config: withDefaults({}) });
    expect(input(r)).toEqual(['EKS-INPUT-004 image.yaml:1:1']);
  });
});

describe('plan JSON', () => {
  const plan = fs.readFileSync(path.join(ROOT, '__tests__/fixtures/terraform/plans/v1.2-terraform-1.9-unknowns.json'), 'utf8');

  it('UTF-8 with BOM, UTF-16LE and UTF-16BE with BOM read like UTF-8', () => {
    const base = scanFiles({ 'tfplan.json': plan });
    const want = base.findings.map((f) => `${f.ruleId} ${f.location.line}`).sort();
    expect(want.length).toBeGreaterThan(0);
    for (const [name, bytes] of [
      ['bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plan)])],
      ['le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plan, 'utf16le')])],
      ['be', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(plan)])],
    ] as const) {
      const r = scanFiles({ 'tfplan.json': bytes });
      expect(r.findings.map((f) => `${f.ruleId} ${f.location.line}`).sort(), name).toEqual(want);
    }
  });

  it('invalid UTF-8 in a plan is EKS-INPUT-001 at its line', () => {
    const lines = plan.split('\n');
    lines[4] = `${lines[4]}\u0000`.replace('\u0000', '');
    const bad = Buffer.concat([Buffer.from(lines.slice(0, 4).join('\n') + '\n'), Buffer.from([0xc3, 0x28]), Buffer.from(lines.slice(4).join('\n'))]);
    const r = timed('encoding', 'plan JSON with invalid UTF-8 on line 5', () => scanFiles({ 'tfplan.json': bad }), (x) => input(x).join(', '));
    expect(input(r)).toEqual(['EKS-INPUT-001 tfplan.json:5:1']);
  });
});

describe('escapes of lone UTF-16 surrogates', () => {
  // The pod with its annotation replaced (line 7, the value starts at column 11).
  const pod = (note: string) => POD.replace('"naïve café ☕ 𝄞"', note);
  const errors = (r: ScanResult) => r.errors.map((e) => e.message);

  const refused: Array<[string, string, string]> = [
    ['a lone high surrogate', String.raw`"bad \ud800 here"`, String.raw`\ud800`],
    ['a lone low surrogate, 8-digit escape', String.raw`"bad \U0000DC00"`, String.raw`\U0000DC00`],
    ['a high surrogate followed by text', String.raw`"\uD83Dx\uDE00"`, String.raw`\uD83D`],
    ['a pair broken by an escaped backslash', String.raw`"\\\ud83d"`, String.raw`\ud83d`],
  ];
  for (const [name, note, escape] of refused) {
    it(`YAML, ${name}: EKS-INPUT-001 at the escape, the document left out, no internal error`, () => {
      const r = timed('encoding', `YAML string with ${name}`, () => scanFiles({ 'pod.yaml': pod(note), 'ok.yaml': POD }), (x) => `${input(x).join(', ')}; errors ${x.errors.length}`);
      const column = 11 + note.indexOf(escape);
      expect(input(r)).toEqual([`EKS-INPUT-001 pod.yaml:7:${column}`]);
      const f = r.findings.find((x) => x.ruleId === 'EKS-INPUT-001');
      expect(f?.message).toContain(`Not Unicode: the escape ${escape} is half of a UTF-16 surrogate pair`);
      expect(f?.message).toMatch(/so this document was not checked\. Write the character itself/);
      expect(f?.blocking).toBe(true);
      expect(errors(r)).toEqual([]);
      expect(privileged(r, 'pod.yaml')).toEqual([]);
      expect(privileged(r, 'ok.yaml')).toEqual([PRIVILEGED_LINE]);
    });
  }

  it('the first escape that is not half of a pair is named, past pairs and escaped backslashes', () => {
    const note = String.raw`"\ud83d\ude00 \\ud800 \udc00"`;
    const r = scanFiles({ 'pod.yaml': pod(note) });
    expect(input(r)).toEqual([`EKS-INPUT-001 pod.yaml:7:${11 + note.lastIndexOf('\\')}`]);
  });

  it('YAML: an escaped pair, an escaped backslash and single quotes are text, and checked', () => {
    for (const note of [String.raw`"\ud83d\ude00 \U0001D11E"`, String.raw`"\\ud800"`, String.raw`'\ud800'`, String.raw`\ud800`]) {
      const r = scanFiles({ 'pod.yaml': pod(note) });
      expect(input(r), note).toEqual([]);
      expect(errors(r), note).toEqual([]);
      expect(privileged(r, 'pod.yaml'), note).toEqual([PRIVILEGED_LINE]);
    }
  });

  it('YAML: only the document with the escape is left out', () => {
    const r = scanFiles({ 'pods.yaml': `${POD}---\n${pod(String.raw`"\ud800"`)}---\n${POD}` });
    const lines = POD.split('\n').length;
    expect(input(r)).toEqual([`EKS-INPUT-001 pods.yaml:${lines + 7}:12`]);
    expect(privileged(r, 'pods.yaml')).toEqual([PRIVILEGED_LINE, 2 * lines + PRIVILEGED_LINE]);
  });

  it('YAML: beside a syntax error (the file parsed document by document), each problem at its own line', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n';
    const text = `${broken}---\n${pod(String.raw`"\ud800"`)}---\n${POD}`;
    const r = scanFiles({ 'pods.yaml': text });
    const lines = text.split('\n');
    const lineOf = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    // js-yaml reports the unclosed flow mapping where the next document starts (line 4).
    expect(input(r)).toEqual([`EKS-INPUT-001 pods.yaml:4:1`, `EKS-INPUT-001 pods.yaml:${lineOf('\\ud800')}:12`]);
    // The pod with the escape is left out; the one after it is checked.
    expect(privileged(r, 'pods.yaml')).toEqual([lineOf('privileged: true', lineOf('---', lineOf('\\ud800')))]);
  });

  it('JSON manifests and plans: read as Go reads them (U+FFFD), evaluated, no internal error', () => {
    const manifest = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'enc', namespace: 'shop', annotations: { note: 'bad \ud800 here', '\udc00key': 'v' } },
      spec: { containers: [{ name: 'c', image: 'registry.example.com/c:1', securityContext: { privileged: true } }] },
    };
    const text = JSON.stringify(manifest, null, 2);
    expect(text).toContain(String.raw`"bad \ud800 here"`);
    const plan = fs.readFileSync(path.join(ROOT, '__tests__/fixtures/terraform/plans/v1.2-terraform-1.9-unknowns.json'), 'utf8');
    const base = scanFiles({ 'tfplan.json': plan });
    const parsed = JSON.parse(plan) as { format_version: string; [k: string]: unknown };
    const lonePlan = JSON.stringify({ ...parsed, eks_policy_gate_test: '\ud800', format_version: parsed.format_version });
    const r = timed('encoding', 'JSON manifest and plan with lone surrogate escapes', () => scanFiles({ 'pod.json': text, 'tfplan.json': lonePlan }), (x) => `${input(x).join(', ') || 'no input findings'}; errors ${x.errors.length}`);
    expect(input(r)).toEqual([]);
    expect(errors(r)).toEqual([]);
    expect(privileged(r, 'pod.json')).toEqual([text.split('\n').findIndex((l) => l.includes('"privileged": true')) + 1]);
    const rules = (x: ScanResult) => x.findings.filter((f) => f.location.file === 'tfplan.json').map((f) => f.ruleId).sort();
    expect(rules(r).length).toBeGreaterThan(0);
    expect(rules(r)).toEqual(rules(base));
  });
});

describe('the configuration file', () => {
  const CONFIG = 'severity-threshold: critical\n';
  it('UTF-16 with BOM and UTF-8 with BOM are read', () => {
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIG, 'utf16le')]), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(CONFIG)]), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONFIG)])]) {
      const dir = tempDir({ '.eks-policy-gate.yaml': bytes }, 'epg-enc-');
      dirs.push(dir);
      expect(loadConfigFile(path.join(dir, '.eks-policy-gate.yaml')).severityThreshold).toBe('critical');
    }
  });

  it('invalid UTF-8 or binary: exit 2 naming the file and what to do', () => {
    for (const bytes of [Buffer.concat([Buffer.from('severity-threshold: '), Buffer.from([0xff, 0xfe, 0xfd])]), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0])]) {
      const dir = tempDir({ '.eks-policy-gate.yaml': bytes, 'ok.yaml': POD }, 'epg-enc-');
      dirs.push(dir);
      const r = cli(['scan', '.'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\.eks-policy-gate\.yaml: cannot read the configuration file \((invalid UTF-8 at byte 20|the file is binary, not text)\)\. Save it as UTF-8\./);
    }
  });

  it('an alias bomb in the configuration is refused before validation', () => {
    const bomb = ['paths:', '  l0: &l0 ["a","a","a","a","a","a","a","a","a","a"]'];
    for (let i = 1; i <= 9; i++) bomb.push(`  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    const dir = tempDir({ '.eks-policy-gate.yaml': `${bomb.join('\n')}\n`, 'ok.yaml': POD }, 'epg-enc-');
    dirs.push(dir);
    const r = timed('encoding', 'configuration file with a billion laughs', () => cli(['scan', '.'], dir), (x) => `exit ${x.code}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.eks-policy-gate\.yaml:1:1: the configuration uses aliases that expand to more than 10000 nodes\. Fix the configuration file\./);
  });
});

describe('the UTF-8 validator agrees with the WHATWG decoder on any bytes', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  const valid = (b: Uint8Array) => {
    try {
      fatal.decode(b);
      return true;
    } catch {
      return false;
    }
  };

  it('valid iff -1; the prefix before the offset always decodes', () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 32 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))), fc.tuple(fc.string({ unit: 'binary', maxLength: 16 }), fc.uint8Array({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 16 })).map(([a, b, c]) => new Uint8Array(Buffer.concat([Buffer.from(a), Buffer.from(b), Buffer.from(c)]))));
    fc.assert(
      fc.property(bytes, (b) => {
        const at = firstInvalidUtf8(b);
        expect(at === -1).toBe(valid(b));
        if (at >= 0) expect(valid(b.subarray(0, at))).toBe(true);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 2000) },
    );
  });
});
