import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, ROOT, tempDir } from './helpers.js';
import { main } from '../src/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('cli', () => {
  it('--help explains usage and exit codes', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage:\n {2}eks-policy-gate scan \[PATH \.\.\.\]/);
    expect(r.stdout).toMatch(/Exit codes:/);
    expect(cli(['scan', '--help']).code).toBe(0);
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(cli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('exits 1 on the insecure example and 0 on the secure one', () => {
    expect(cli(['scan', 'examples/']).code).toBe(1);
    const secure = cli(['scan', 'examples/secure-app']);
    expect(secure.code).toBe(0);
    expect(secure.stdout).toContain('the gate passes');
  });

  it('exits 2 with a helpful message on an unknown flag, command or value', () => {
    for (const args of [['scan', '--bogus'], ['frobnicate'], ['scan', '--format', 'xml'], ['scan', '--severity-threshold', 'huge'], ['scan', 'no/such/dir']]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^eks-policy-gate: .+\nRun `eks-policy-gate --help` for usage\.\n$/s);
    }
  });

  it('writes a large text report in batches, each ending a line, the same text as one string would be', () => {
    // 300 privileged containers: thousands of findings, a report of more than one batch.
    const containers = Array.from({ length: 300 }, (_, i) => `      - name: c${i}\n        image: nginx:latest\n        securityContext:\n          privileged: true\n`).join('');
    const dir = tempDir({ 'deploy.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n${containers}` });
    dirs.push(dir);
    for (const format of ['text', 'github']) {
      const writes: string[] = [];
      expect(main(['scan', dir, '--format', format], (t) => writes.push(t), () => undefined), format).toBe(1);
      expect(writes.length, format).toBeGreaterThan(1);
      expect(writes.every((w) => w.endsWith('\n')), format).toBe(true);
      const text = writes.join('');
      const whole = cli(['scan', dir, '--format', format]).stdout;
      expect(text).toBe(whole);
      if (format === 'text') expect(text).toMatch(/✖ \d+ findings \(\d+ blocking\) in 1 file, 1 document: the gate fails\.\n$/);
    }
  });

  it('writes the report to --output', () => {
    const dir = tempDir();
    dirs.push(dir);
    const out = path.join(dir, 'r.json');
    expect(cli(['scan', 'examples/insecure-app', '--format', 'json', '--output', out]).code).toBe(1);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).summary.blocking).toBe(8);
  });

  it('refuses an --output it cannot write before scanning: exit 2, naming it and what to do, no internal error', () => {
    const dir = tempDir({ 'file.txt': 'x' });
    dirs.push(dir);
    const cases: Array<[string, RegExp]> = [
      [path.join(dir, 'missing', 'r.json'), /--output .*missing\/r\.json: cannot write the report there: its directory .*missing does not exist\. Create the directory/],
      [dir, /--output .*: cannot write the report there: it is a directory\. Name a file, such as .*report\.json\./],
      [path.join(dir, 'file.txt', 'r.json'), /cannot write the report there: .*file\.txt is not a directory\./],
    ];
    for (const [output, message] of cases) {
      const started = performance.now();
      const r = cli(['scan', 'examples/insecure-app', '--output', output]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.stdout).toBe('');
      // Refused before the scan: nothing was evaluated (a scan of the example takes longer).
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it('says which destination failed when writing the report fails (a full disk): exit 2, no internal error', () => {
    const r = cli(['scan', 'examples/insecure-app']);
    expect(r.code).toBe(1);
    const full = main(['scan', 'examples/insecure-app'], () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }, (t) => (r.stderr += t));
    expect(full).toBe(2);
    expect(r.stderr).toBe('eks-policy-gate: cannot write the report to standard output (ENOSPC: no space left on device). Write the report to a file with --output FILE instead.\n');
  });

  it('lists the rules, as text and as JSON with all metadata', () => {
    const text = cli(['rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/EKS-PSB-002 +critical +enforce +No privileged containers/);
    const json = JSON.parse(cli(['rules', '--format', 'json']).stdout);
    expect(json.rules.find((r: { id: string }) => r.id === 'EKS-PSB-001')).toMatchObject({
      title: 'No host namespaces',
      severity: 'high',
      mode: 'enforce',
      pssCheck: 'hostNamespaces',
      compliance: { 'cis-eks': ['4.2.2', '4.2.3', '4.2.4'] },
      references: expect.arrayContaining([expect.objectContaining({ url: expect.stringMatching(/^https:/) })]),
    });
  });
});

describe('configuration file', () => {
  it('is found upwards from the current directory and applied', () => {
    const dir = tempDir({
      '.eks-policy-gate.yaml': 'version: 1\nrules:\n  EKS-PSB-001: { mode: warn }\n',
      'sub/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostPID: true, containers: []}\n',
    });
    dirs.push(dir);
    const r = cli(['scan', '.', '--format', 'json'], path.join(dir, 'sub'));
    expect(r.code).toBe(0);
    // Other rules report on the same pod (its ServiceAccount, labels): look the rule up.
    const findings = JSON.parse(r.stdout).findings as { ruleId: string }[];
    expect(findings.find((f) => f.ruleId === 'EKS-PSB-001')).toMatchObject({ ruleId: 'EKS-PSB-001', mode: 'warn', blocking: false });
  });

  it('an invalid one exits 2 naming the file, line and key', () => {
    const dir = tempDir({
      'bad.yaml': 'version: 1\nseverity-threshold: high\nrules:\n  EKS-POD-004:\n    mode: block\npss:\n  enforce: strict\nunknown-key: 1\n',
    });
    dirs.push(dir);
    const r = cli(['scan', '.', '--config', 'bad.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml:5:5: rules.EKS-POD-004.mode must be one of enforce, warn, audit, off');
    expect(r.stderr).toContain('bad.yaml:7:3: pss.enforce must be one of privileged, baseline, restricted');
    expect(r.stderr).toContain('bad.yaml:8:1: unknown key "unknown-key" under (top level)');
  });

  it('invalid YAML in it exits 2 with the line', () => {
    const dir = tempDir({ 'c.yaml': 'rules:\n  - a\n b: c\n' });
    dirs.push(dir);
    const r = cli(['scan', '.', '--config', 'c.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/c\.yaml:3:\d+: invalid YAML/);
  });
});
