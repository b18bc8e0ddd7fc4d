// The CLI and the action run in a worker thread with a capped young generation (src/isolate.ts);
// the main thread only relays the exit code. What a user sees must not change: arguments,
// exit codes, everything written to standard output, colours on a terminal, and a crash of
// the thread is an internal error (exit 2), not a silent success.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { YOUNG_GENERATION_MB } from '../src/isolate.js';
import { CORPUS, node, ROOT } from './helpers.js';

const LAUNCHER = path.join(ROOT, '__tests__/fixtures/isolate/launcher.ts');
const TARGET = path.join(ROOT, '__tests__/fixtures/isolate/target.mjs');
const RUN_TS = path.join(ROOT, 'scripts/bench/run-ts.mjs');

function entry(args: string[], env: NodeJS.ProcessEnv = {}) {
  return node(RUN_TS, [LAUNCHER, ...args], { env: { PATH: process.env.PATH, ISOLATE_TARGET: TARGET, ...env } });
}

const report = (stdout: string) => JSON.parse(stdout.split('\n')[0] as string) as { mainThread: boolean; youngGenerationMb: number | null; tty: boolean; args: string[] };

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('isolation', () => {
  it('runs the entry point in a worker with the young generation capped, with its arguments and exit code', () => {
    const r = entry(['3', 'scan', 'a b', '--format=json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(report(r.stdout)).toEqual({ mainThread: false, youngGenerationMb: YOUNG_GENERATION_MB, tty: false, args: ['scan', 'a b', '--format=json'] });
    expect(entry(['0']).code).toBe(0);
  });

  it('runs on the main thread with EKS_POLICY_GATE_ISOLATE=0', () => {
    const r = entry(['1', 'x'], { EKS_POLICY_GATE_ISOLATE: '0' });
    expect(r.code).toBe(1);
    expect(report(r.stdout)).toEqual({ mainThread: true, youngGenerationMb: null, tty: false, args: ['x'] });
  });

  it('relays all of a large output', () => {
    const r = entry(['0', 'big']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(r.stdout.indexOf('\n') + 1 + 8 * 1024 * 1024 + '\nend\n'.length);
    expect(r.stdout.endsWith(`${'x'.repeat(100)}\nend\n`)).toBe(true);
  });

  it('reports a crash of the thread as an internal error (exit 2)', () => {
    const r = entry(['crash']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('eks-policy-gate: internal error: thread crashed.');
    expect(r.stderr).toContain('EKS_POLICY_GATE_ISOLATE=0');
  });

  it.skipIf(!hasScript)('tells the worker whether standard output is a terminal: dist/cli.js colours its text there', () => {
    // `script` gives the command a pseudo-terminal.
    const onTerminal = (command: string) => spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', cwd: ROOT, env: { PATH: process.env.PATH, ISOLATE_TARGET: TARGET } });
    const r = onTerminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(RUN_TS)} ${JSON.stringify(LAUNCHER)} 0 tty`);
    expect(r.status).toBe(0);
    const line = r.stdout.split(/\r?\n/).find((l) => l.startsWith('{')) ?? '{}';
    expect(JSON.parse(line)).toMatchObject({ mainThread: false, tty: true, args: ['tty'] });
    const scan = onTerminal(`${JSON.stringify(process.execPath)} dist/cli.js scan examples/insecure-app`);
    expect(scan.stdout).toContain('EKS-PSB-001');
    expect(scan.stdout).toMatch(/\u001b\[[0-9;]*m/);
    const piped = node(path.join(ROOT, 'dist/cli.js'), ['scan', 'examples/insecure-app'], { env: { PATH: process.env.PATH } });
    expect(piped.stdout).toContain('EKS-PSB-001');
    expect(piped.stdout).not.toMatch(/\u001b\[/);
  });

  it('is how dist/cli.js runs a scan', () => {
    const env = { PATH: process.env.PATH, NO_COLOR: '1' };
    const dir = path.join(CORPUS, 'k8s');
    const timings = (stderr: string) => JSON.parse(stderr.split('\n').find((l) => l.startsWith('{"timings"')) ?? '{}') as { youngGenerationMb?: number; findings?: number };
    const isolated = node(path.join(ROOT, 'dist/cli.js'), ['scan', dir, '--format', 'json', '--timings'], { cwd: CORPUS, env });
    const plain = node(path.join(ROOT, 'dist/cli.js'), ['scan', dir, '--format', 'json', '--timings'], { cwd: CORPUS, env: { ...env, EKS_POLICY_GATE_ISOLATE: '0' } });
    expect(isolated.code).toBe(1);
    expect(plain.code).toBe(1);
    expect(timings(isolated.stderr).youngGenerationMb).toBe(YOUNG_GENERATION_MB);
    expect(timings(plain.stderr).youngGenerationMb).toBeUndefined();
    expect(timings(isolated.stderr).findings).toBeGreaterThan(5000);
    // The whole JSON report, written to standard output by the scan's thread (report/stdout.ts).
    expect(isolated.stdout.length).toBeGreaterThan(1_000_000);
    expect(isolated.stdout).toBe(plain.stdout);
    const usage = node(path.join(ROOT, 'dist/cli.js'), ['bogus'], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown command "bogus"');
  }, 180_000);

  it('gives the verdict, and no error, when the reader of its output stops early (`| head`)', () => {
    // Over a megabyte of JSON against a pipe of 64 KiB: head is gone long before the end.
    const command = `${JSON.stringify(process.execPath)} dist/cli.js scan ${JSON.stringify(path.join(CORPUS, 'k8s'))} --format json | head -c 100; exit \${PIPESTATUS[0]}`;
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', command], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    expect(r.stdout).toHaveLength(100);
    expect(r.stdout.startsWith('{\n  "tool": {\n    "name": "eks-policy-gate",\n')).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
  }, 120_000);

  it.skipIf(!fs.existsSync('/dev/full'))('fails closed, naming standard output and what to do, when the report cannot be written there (a full disk)', () => {
    const command = `${JSON.stringify(process.execPath)} dist/cli.js scan examples/insecure-app --format json > /dev/full`;
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', command], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    expect(r.stderr).toBe('eks-policy-gate: cannot write the report to standard output (ENOSPC: no space left on device). Write the report to a file with --output FILE instead.\n');
    expect(r.status).toBe(2);
  }, 120_000);
});
