// scripts/bench/compare.mjs (npm run bench:compare): two builds alternated on a benchmark corpus.
// Not a timing test: it checks that the script runs, takes a git revision (its committed dist/)
// as well as a dist/ folder, says whether the reports are the same, and refuses what it cannot
// compare.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { node, ROOT, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const script = path.join(ROOT, 'scripts/bench/compare.mjs');

describe('bench:compare', () => {
  for (const [a, b] of [['HEAD', 'HEAD'], ['dist', 'dist']]) {
    it(`compares two builds stage by stage (${a} against ${b})`, () => {
      const r = node(script, [a as string, b as string, '--size', '40', '--rounds', '1'], { cwd: ROOT });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^\\d+ documents \\(bench-out/k8s-40\\), 1 alternated rounds; A = ${a}, B = ${b}`));
      for (const row of ['wall', 'discover', 'parse', 'evaluate', 'gate', 'report', 'peak RSS']) {
        expect(r.stdout).toMatch(new RegExp(`^\\| ${row} \\| [^|]+ \\| [^|]+ \\| [+-]\\d+\\.\\d % \\|$`, 'm'));
      }
      expect(r.stdout).toContain('JSON reports byte for byte the same: yes');
      expect(r.stderr).toContain('round 1/1 B:');
    }, 120_000);
  }

  it('compares the reports of another format with --format, and refuses an unknown one', () => {
    const r = node(script, ['HEAD', 'dist', '--size', '40', '--rounds', '1', '--format', 'text'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+ documents \(bench-out\/k8s-40\), text reports, 1 alternated rounds; A = HEAD, B = dist/);
    expect(r.stdout).toContain('text reports byte for byte the same: yes');
    const bad = node(script, ['HEAD', 'dist', '--format', 'xml'], { cwd: ROOT });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format xml: use text, json, sarif or github');
  }, 120_000);

  it('scans a pull request of the corpus against its base with --base, as the default gate of the action does', () => {
    const r = node(script, ['HEAD', 'dist', '--size', '40', '--rounds', '1', '--base'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+ documents \(bench-out\/k8s-40-pr, --base HEAD~1: the base revision's checkout and scan are in `report`\), 1 alternated rounds/);
    expect(r.stdout).toContain('JSON reports byte for byte the same: yes');
    const log = spawnSync('git', ['log', '--format=%s'], { cwd: path.join(ROOT, 'bench-out/k8s-40-pr'), encoding: 'utf8' });
    expect(log.stdout).toBe('pull request\nbase\n');
  }, 120_000);

  it('scans copies of the compliant example with --compliant, and a pull request that adds a violation to them with --base', () => {
    const r = node(script, ['dist', 'dist', '--size', '40', '--rounds', '1', '--compliant', '--base'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^41 documents \(bench-out\/secure-40-pr, --base HEAD~1: /);
    expect(r.stdout).toContain('JSON reports byte for byte the same: yes');
    const scanned = spawnSync(process.execPath, ['dist/cli.js', 'scan', 'bench-out/secure-40-pr', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    const report = JSON.parse(scanned.stdout) as { findings: Array<{ location: { file: string } }> };
    // Every finding is the pull request's: the copies of the example have none.
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.location.file.startsWith('bench-out/secure-40-pr/pr/'))).toBe(true);
  }, 120_000);

  it('says when the two reports differ, and exits 1', () => {
    // A stand-in build: writes a report of its own and the --timings line the CLI prints.
    const fake = tempDir({
      'cli.js': [
        "const fs = require('node:fs');",
        "fs.writeFileSync(process.argv[process.argv.indexOf('--output') + 1], '{}');",
        "const t = { discover: 1, parse: 2, evaluate: 3, gate: 4, report: 5 };",
        "process.stderr.write(JSON.stringify({ timings: t, documents: 40, findings: 0, threads: 1, maxRssKb: 51200 }) + '\\n');",
        'process.exitCode = 1;',
      ].join('\n'),
    }, 'epg-fake-build-');
    dirs.push(fake);
    const r = node(script, ['dist', fake, '--size', '40', '--rounds', '1'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('JSON reports byte for byte the same: NO');
    expect(r.stdout).toMatch(/^\| peak RSS \| [^|]+ \| 50 MB \(50 MB–50 MB\) \|/m);
  }, 120_000);

  it("compares the action's start to exit with --action, each build in turn first", () => {
    const r = node(script, ['HEAD', 'dist', '--action', '--rounds', '2'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^The action on examples\/insecure-app, process start to exit, 2 alternated rounds; A = HEAD, B = dist/);
    expect(r.stdout).toMatch(/^\| action \| \d+ ms \(\d+ ms–\d+ ms\) \| \d+ ms \(\d+ ms–\d+ ms\) \| [+-]\d+\.\d % \|$/m);
    expect(r.stderr).toMatch(/^round 2\/2: A \d+ ms, B \d+ ms$/m);
    const withConfig = node(script, ['HEAD', 'dist', '--action', '--with-config', '--rounds', '1'], { cwd: ROOT });
    expect(withConfig.code, withConfig.stderr).toBe(0);
    expect(withConfig.stdout).toMatch(/^The action on examples\/insecure-app with a configuration file, process start to exit, 1 alternated rounds/);
  }, 60_000);

  it('scans with the configuration --config names', () => {
    const r = node(script, ['HEAD', 'dist', '--size', '40', '--rounds', '1', '--config', 'scripts/bench/configured.yaml'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('JSON reports byte for byte the same: yes');
    const bad = node(script, ['HEAD', 'dist', '--size', '40', '--rounds', '1', '--config', 'no-such-config.yaml'], { cwd: ROOT });
    expect(bad.code).not.toBe(0);
  }, 120_000);

  it('refuses a build it cannot find, and bad numbers', () => {
    const missing = node(script, ['no-such-revision-or-dir', 'dist', '--size', '40'], { cwd: ROOT });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-revision-or-dir: neither a directory with cli.js nor a git revision');
    const bad = node(script, ['HEAD', 'dist', '--rounds', '0'], { cwd: ROOT });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--size and --rounds take positive integers');
    const usage = node(script, ['HEAD'], { cwd: ROOT });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run bench:compare');
  }, 60_000);
});
