#!/usr/bin/env node
// npm run bench: the gate's speed on real manifests at 1k, 10k and 100k documents, on the Helm
// charts and Terraform plans of the shared corpus, and the peers on the same corpus, in one run.
// Prints the tables and writes docs/benchmarks.md. A benchmark, not a test: it asserts nothing.
//
//   npm run bench                      everything; a scan over BENCH_TIMEOUT_MIN (15) minutes is stopped and reported (the 100k corpus, today: docs/performance.md)
//   BENCH_SIZES=1000,10000 npm run bench
//   BENCH_RUNS=3 npm run bench         runs per measurement (median reported)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compliantCorpusOf, corpusOf, readCorpus } from './corpus.mjs';
import { actionOnce, actionRepository, benchConfig, fmt, median, scanOnce } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(root, '../shared/corpus');
const out = path.join(root, 'bench-out');
const cli = path.join(root, 'dist/cli.js');
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const peersOn = Number(process.env.BENCH_PEER_SIZE ?? 10000);
// A scan that takes longer than this is stopped and reported as not finished.
const timeoutMs = Number(process.env.BENCH_TIMEOUT_MIN ?? 15) * 60_000;

/** One CLI scan of the current build; helm and kustomize from the tools folder, as CI and a workflow runner have them on PATH. */
function scan(target, extra = []) {
  return scanOnce({
    cli, target, output: path.join(out, 'last.json'), extra, cwd: root, timeoutMs,
    env: { ...process.env, PATH: `${path.join(root, '.tools/bin')}${path.delimiter}${process.env.PATH ?? ''}` },
  });
}

function measure(target, extra) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const r = scan(target, extra);
    // A scan over the time limit is reported as such, once: the table says it did not finish.
    if (r.timedOut) return { timedOut: true, wall: r.wall };
    all.push(r);
  }
  const pick = (f) => median(all.map(f));
  return {
    wall: pick((r) => r.wall),
    stages: Object.fromEntries(['discover', 'parse', 'evaluate', 'gate', 'report'].map((s) => [s, pick((r) => r.timings[s])])),
    rssMb: Math.max(...all.map((r) => r.maxRssKb)) / 1024,
    documents: all[0].documents,
    findings: all[0].findings,
  };
}

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.version}`;
}

function peerConftest(dir) {
  const conftest = path.join(root, '.tools/bin/conftest');
  if (!fs.existsSync(conftest)) return { name: 'conftest', note: 'not installed (scripts/install-tools.sh bench)' };
  // The project's own Rego, evaluated by conftest (OPA's Go evaluator) over the same files,
  // all at once (--combine) through a small adapter that builds the gate's input.
  const policy = path.join(out, 'conftest-policy');
  fs.rmSync(policy, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'rego'), policy, { recursive: true, filter: (p) => !p.endsWith('_test.rego') });
  fs.copyFileSync(path.join(root, 'scripts/bench/conftest-adapter.rego'), path.join(policy, 'adapter.rego'));
  const files = execFileSync('find', [dir, '-name', '*.yaml'], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim().split('\n');
  const listFile = path.join(out, 'conftest-files.txt');
  fs.writeFileSync(listFile, files.join('\n'));
  const t0 = performance.now();
  const r = spawnSync(conftest, ['test', '--combine', '--no-fail', '--policy', policy, '--namespace', 'eks.conftest', '--output', 'json', dir], {
    encoding: 'utf8', maxBuffer: 1 << 30,
  });
  const wall = performance.now() - t0;
  let findings = 0;
  try {
    for (const res of JSON.parse(r.stdout)) findings += (res.failures ?? []).length + (res.warnings ?? []).length;
  } catch {
    return { name: 'conftest', note: `failed (exit ${r.status}): ${r.stderr.slice(0, 300)}` };
  }
  return { name: 'conftest v0.71.1 (this project\'s Rego, OPA Go evaluator)', wall, findings };
}

function peerCheckov(dir) {
  const checkov = path.join(root, '.tools/venv/bin/checkov');
  if (!fs.existsSync(checkov)) return { name: 'checkov', note: 'not installed (scripts/install-tools.sh bench)' };
  const t0 = performance.now();
  const r = spawnSync(checkov, ['-d', dir, '--framework', 'kubernetes', '--quiet', '--compact', '-o', 'json', '--skip-download'], {
    encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' },
  });
  const wall = performance.now() - t0;
  let findings = 0;
  let checks = 0;
  try {
    const parsed = JSON.parse(r.stdout);
    for (const rep of Array.isArray(parsed) ? parsed : [parsed]) {
      findings += rep.summary?.failed ?? 0;
      checks = Math.max(checks, new Set((rep.results?.failed_checks ?? []).concat(rep.results?.passed_checks ?? []).map((c) => c.check_id)).size);
    }
  } catch {
    return { name: 'checkov', note: `failed (exit ${r.status}): ${r.stderr.slice(0, 300)}` };
  }
  return { name: 'checkov 3.3.30 (kubernetes framework)', wall, findings, checks };
}

// kube-score: a Go linter of Kubernetes objects, the nearest peer to kube-linter that the Go
// module proxy serves here. It stops the whole run at the first document it cannot decode into
// the Kubernetes Go types (a quantity or a port it rejects), so the files it refuses are found
// by halving the list first, untimed, and left out of the timed run; the table says how many.
function peerKubeScore(dir) {
  const bin = path.join(root, '.tools/bin/kube-score');
  if (!fs.existsSync(bin)) return { name: 'kube-score', note: 'not installed (scripts/install-tools.sh bench)' };
  const version = fs.readFileSync(path.join(root, '.tools/bin/.kube-score.version'), 'utf8').trim();
  const files = execFileSync('find', [dir, '-type', 'f', '(', '-name', '*.yaml', '-o', '-name', '*.yml', ')'], { encoding: 'utf8', maxBuffer: 1 << 28 })
    .trim().split('\n').sort();
  const score = (set) => spawnSync(bin, ['score', '--output-format', 'json', ...set], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const refused = [];
  const keep = (set) => {
    if (set.length === 0 || !score(set).stderr.includes('Failed to score files')) return;
    if (set.length === 1) refused.push(set[0]);
    else {
      keep(set.slice(0, set.length >> 1));
      keep(set.slice(set.length >> 1));
    }
  };
  keep(files);
  const scored = files.filter((f) => !refused.includes(f));
  const t0 = performance.now();
  const r = score(scored);
  const wall = performance.now() - t0;
  let findings = 0;
  const checks = new Set();
  try {
    for (const object of JSON.parse(r.stdout) ?? []) {
      for (const c of object.checks ?? []) {
        // A skipped check did not apply (an optional one, or one for another kind).
        if (c.skipped) continue;
        checks.add(c.check?.id);
        // Grades: 1 critical, 5 warning, 7 almost OK, 10 OK.
        if (c.grade <= 5) findings++;
      }
    }
  } catch {
    return { name: 'kube-score', note: `failed (exit ${r.status}): ${r.stderr.slice(0, 300)}` };
  }
  const what = `${checks.size} checks that applied (of its defaults), Go; ${scored.length.toLocaleString('en')} of ${files.length.toLocaleString('en')} files (${refused.length} refused, which stop its whole run)`;
  return { name: `kube-score ${version}`, wall, findings, what };
}

fs.mkdirSync(out, { recursive: true });
if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
const corpus = readCorpus(path.join(shared, 'k8s'));
const rules = JSON.parse(fs.readFileSync(path.join(root, 'dist/catalog.json'), 'utf8')).rules.length;
const lines = [];
const say = (s = '') => { console.log(s); lines.push(s); };

say(`# Benchmarks`);
say();
// The hour matters on a shared machine: the one docs/benchmarks.md comes from ran up to 1.9 times
// slower in some hours than in others (conftest's time in the peers' table is the gauge), so
// the run says when it started.
const started = new Date().toISOString();
say(`Generated by \`npm run bench\` (scripts/bench/run.mjs) on ${started.slice(0, 10)}, starting at ${started.slice(11, 16)} UTC.`);
say(`Machine: ${machine()}. Median of ${runs} runs; peak RSS is the process's maximum (all its threads: the launcher, the scan and the second evaluation thread).`);
say('Where the time goes, what changed and which targets are not met: [performance.md](performance.md).');
say(`Bundle: ${rules} rules. Corpora: copies of ../shared/corpus/k8s (${corpus.reduce((a, f) => a + f.objects.length, 0)} objects) with renamed objects and namespaces (scripts/bench/corpus.mjs).`);
say();
say('| input | documents | findings | wall | discover | parse | evaluate | gate | report | docs/s | peak RSS |');
say('|---|---|---|---|---|---|---|---|---|---|---|');
const rows = [];
const config = benchConfig(out);
for (const n of sizes) {
  const dir = corpusOf(out, n, () => corpus);
  const m = measure(dir, ['--config', config]);
  if (m.timedOut) {
    say(`| ${n.toLocaleString('en')} documents (corpus copies) | ${n} | | did not finish in ${timeoutMs / 60_000} min (stopped) | | | | | | | |`);
    continue;
  }
  rows.push({ n, ...m });
  say(`| ${n.toLocaleString('en')} documents (corpus copies) | ${m.documents} | ${m.findings} | ${fmt(m.wall)} | ${fmt(m.stages.discover)} | ${fmt(m.stages.parse)} | ${fmt(m.stages.evaluate)} | ${fmt(m.stages.gate)} | ${fmt(m.stages.report)} | ${Math.round(m.documents / (m.wall / 1000))} | ${m.rssMb.toFixed(0)} MB |`);
}
const compliant = compliantCorpusOf(out, 10000, path.join(root, 'examples/secure-app'));
for (const [label, target, extra] of [
  ['10,000 documents of a compliant application (copies of examples/secure-app)', compliant, ['--config', config]],
  ['Helm charts (5, rendered)', path.join(shared, 'helm')],
  ['Terraform plans (15)', path.join(shared, 'tfplan')],
]) {
  if (!fs.existsSync(target)) continue;
  const m = measure(target, extra);
  say(`| ${label} | ${m.documents} | ${m.findings} | ${fmt(m.wall)} | ${fmt(m.stages.discover)} | ${fmt(m.stages.parse)} | ${fmt(m.stages.evaluate)} | ${fmt(m.stages.gate)} | ${fmt(m.stages.report)} | ${Math.round(m.documents / (m.wall / 1000))} | ${m.rssMb.toFixed(0)} MB |`);
}

// Action start to first finding on a small repository: dist/index.js as the runner starts it,
// the time from process start to the first annotation on standard output.
{
  const timesOf = (withConfig) => {
    const repo = actionRepository(root, os.tmpdir(), withConfig);
    const times = [];
    for (let i = 0; i < runs; i++) times.push(actionOnce(path.join(root, 'dist/index.js'), repo));
    fs.rmSync(repo, { recursive: true, force: true });
    return times;
  };
  const bare = timesOf(false);
  const configured = timesOf(true);
  say();
  say(`Action on a small repository (examples/insecure-app, dist/index.js, no API calls): ${fmt(median(bare))} from process start to exit, annotations included (median of ${runs}); ${fmt(median(configured))} with a \`.eks-policy-gate.yaml\` of a few keys.`);
}

const peerDir = path.join(out, `k8s-${peersOn}`);
if (fs.existsSync(peerDir) && process.env.BENCH_PEERS !== '0') {
  const ours = rows.find((r) => r.n === peersOn) ?? measure(peerDir);
  say();
  say(`## Peers on the ${peersOn.toLocaleString('en')}-document corpus`);
  say();
  say('| tool | what it evaluated | findings | wall | eks-policy-gate is |');
  say('|---|---|---|---|---|');
  say(`| eks-policy-gate (dist/cli.js) | ${rules} rules, Wasm, 2 threads | ${ours.findings} | ${fmt(ours.wall)} | |`);
  for (const p of [peerConftest(peerDir), peerCheckov(peerDir), peerKubeScore(peerDir)]) {
    if (p.note) say(`| ${p.name} | ${p.note} | | | |`);
    else {
      const what = p.what ?? (p.checks ? `${p.checks} checks` : `the same ${rules} rules`);
      const ratio = p.wall / ours.wall;
      say(`| ${p.name} | ${what} | ${p.findings} | ${fmt(p.wall)} | ${ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(1)}× slower`} |`);
    }
  }
  say('| kube-linter | not run: its Go module (golang.stackrox.io/kube-linter) is not served by the Go module proxy this machine reaches, and release downloads are unreachable | | | |');
}
fs.writeFileSync(path.join(root, 'docs/benchmarks.md'), lines.join('\n') + '\n');
console.log('\nwrote docs/benchmarks.md');
