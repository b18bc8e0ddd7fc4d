// dist/ is committed: it must be exactly what `npm run build` produces, and it must run on its
// own, as the Actions runner runs it (no node_modules).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, node, ROOT, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('dist/', () => {
  it('is exactly what npm run build produces (run `npm run build` and commit dist/ if this fails)', () => {
    const fresh = tempDir({}, 'epg-dist-');
    dirs.push(fresh);
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--out', fresh, '--quiet'], { stdio: 'inherit' });
    const committed = fs.readdirSync(path.join(ROOT, 'dist')).sort();
    expect(committed).toEqual(fs.readdirSync(fresh).sort());
    for (const name of committed) {
      const a = fs.readFileSync(path.join(ROOT, 'dist', name));
      const b = fs.readFileSync(path.join(fresh, name));
      expect(a.equals(b), `dist/${name} differs from a fresh build`).toBe(true);
    }
  }, 180_000);

  it('evaluates a large scan on two threads with the same report as on one', () => {
    // Above PARALLEL_MIN_DOCUMENTS (src/evaluate/engine.ts) the bundle starts dist/eval-worker.js;
    // the worker's packages, read out of its own Wasm memory, must come back whole.
    const dir = tempDir({}, 'epg-threads-');
    dirs.push(dir);
    const run = (threads: string) => {
      const out = path.join(dir, `report-${threads}.json`);
      const r = node(path.join(ROOT, 'dist/cli.js'), ['scan', path.join(CORPUS, 'k8s'), '--format', 'json', '--output', out, '--timings'], {
        cwd: CORPUS, env: { PATH: process.env.PATH, NO_COLOR: '1', EKS_POLICY_GATE_THREADS: threads },
      });
      expect(r.code, r.stderr).toBe(1);
      const timings = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('{"timings"')) ?? '{}') as { threads?: number; documents?: number };
      return { report: fs.readFileSync(out, 'utf8'), timings };
    };
    const one = run('1');
    const two = run('2');
    expect(one.timings.documents).toBeGreaterThan(1000);
    expect(one.timings.threads).toBe(1);
    expect(two.timings.threads).toBe(2);
    expect((JSON.parse(two.report) as { findings: unknown[] }).findings.length).toBeGreaterThan(5000);
    expect(two.report).toBe(one.report);
  }, 180_000);

  it('sends the worker the scan as JSON, with the same report, when a document cannot be written from its object', () => {
    // A key with a lone surrogate (a JSON manifest can hold one) is not written from the objects
    // (src/evaluate/writer.ts): the scan goes to both threads as JSON instead.
    const files: Record<string, string> = {};
    for (let i = 0; i < 1100; i++) {
      files[`cm${i}.json`] = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm${i}`, namespace: 'default' }, data: { k: 'v' } });
    }
    files['lone.json'] = String.raw`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"lone","namespace":"default"},"data":{"a\ud800b":"x","val":"y\udc00z"}}`;
    files['pod.json'] = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const dir = tempDir(files, 'epg-lone-');
    dirs.push(dir);
    const run = (threads: string) => {
      const out = path.join(dir, `report-${threads}.json`);
      const r = node(path.join(ROOT, 'dist/cli.js'), ['scan', '.', '--format', 'json', '--output', out, '--timings'], {
        cwd: dir, env: { PATH: process.env.PATH, NO_COLOR: '1', EKS_POLICY_GATE_THREADS: threads },
      });
      expect(r.code, r.stderr).toBe(0);
      const timings = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('{"timings"')) ?? '{}') as { threads?: number };
      return { report: fs.readFileSync(out, 'utf8'), timings };
    };
    const one = run('1');
    const two = run('2');
    // (Whether the worker evaluates any package depends on which thread loads first: the main
    // thread takes what the worker has not, so the report may not, and does not, depend on it.)
    expect(one.timings.threads).toBe(1);
    const report = JSON.parse(two.report) as { summary: { documents: number; errors: number }; findings: Array<{ ruleId: string }> };
    expect(report.summary).toMatchObject({ documents: 1102, errors: 0 });
    expect(report.findings.some((f) => f.ruleId.startsWith('EKS-PS'))).toBe(true);
    expect(two.report).toBe(one.report);
  }, 180_000);

  it('starts the action without its HTTP stack, which it loads only to call the API', () => {
    // undici is bundled apart (scripts/build.mjs, src/github/undici-lazy.ts). The API calls
    // of the end-to-end tests (__tests__/github/) go through it; a run without any must not
    // need it: here dist/ has no undici.cjs at all.
    const action = fs.readFileSync(path.join(ROOT, 'dist/action-main.js'), 'utf8');
    const undici = fs.readFileSync(path.join(ROOT, 'dist/undici.cjs'), 'utf8');
    expect(undici).toContain('UND_ERR_CONNECT_TIMEOUT');
    expect(action).not.toContain('UND_ERR_CONNECT_TIMEOUT');
    expect(action).toContain('"./undici.cjs"');
    const dir = tempDir({}, 'epg-no-undici-');
    dirs.push(dir);
    fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'action/dist'), { recursive: true });
    fs.rmSync(path.join(dir, 'action/dist/undici.cjs'));
    const repo = path.join(dir, 'repo');
    fs.cpSync(path.join(ROOT, 'examples/insecure-app'), path.join(repo, 'deploy'), { recursive: true });
    const r = node(path.join(dir, 'action/dist/index.js'), [], {
      cwd: repo,
      env: {
        PATH: process.env.PATH, GITHUB_WORKSPACE: repo, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REPOSITORY: 'o/r',
        'INPUT_PATHS': '.', 'INPUT_UPLOAD-SARIF': 'false', 'INPUT_ANNOTATIONS': 'commands', 'INPUT_SUMMARY': 'false',
        'INPUT_PR-COMMENT': 'false', 'INPUT_FAIL': 'true', 'INPUT_SARIF-FILE': 'out.sarif',
      },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=deploy\/deployment\.yaml,line=\d+/m);
    expect(fs.existsSync(path.join(repo, 'out.sarif'))).toBe(true);
  });

  it('runs with only dist/ and action.yml, without node_modules', () => {
    const dir = tempDir({}, 'epg-portable-');
    dirs.push(dir);
    fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'action.yml'), path.join(dir, 'action.yml'));
    fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
    const env = { PATH: process.env.PATH, NO_COLOR: '1' };
    const version = node(path.join(dir, 'dist/cli.js'), ['--version'], { cwd: dir, env });
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const r = node(path.join(dir, 'dist/cli.js'), ['scan', 'examples/'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('examples/insecure-app/deployment.yaml');
    expect(r.stdout).toMatch(/19:7 +high +EKS-PSB-001/);
  });
});
