#!/usr/bin/env node
// Compares two builds of the gate on one benchmark corpus. This machine's speed varies by up to
// a third between hours, so two builds measured at different times say little: their runs are
// alternated here (A, B, A, B, ...), and the table gives each stage's median and range, the
// peak memory, and whether the two JSON reports are byte for byte the same.
//
//   npm run bench:compare -- <A> <B> [--size 10000] [--rounds 5] [--threads N] [--config FILE] [--format F] [--compliant] [--base]
//   npm run bench:compare -- <A> <B> --action [--with-config] [--rounds 31]
//
// --action compares the action's start to exit on a small repository instead (dist/index.js
// on examples/insecure-app, as `npm run bench` measures it), each round in turn A first and
// B first: a run is short enough for the order to matter. --with-config gives the repository a
// `.eks-policy-gate.yaml` of a few keys (ACTION_CONFIG in measure.mjs).
//
// --config scans with that configuration instead of bench-out/bench-config.yaml (which only
// raises the input limits): scripts/bench/configured.yaml has rule globs and exceptions.
// --format writes the reports in another format than JSON (text, the CLI's default; sarif;
// github), written to a file as --output does.
// --base scans a git repository of the corpus with one more commit that adds a manifest
// (bench-out/k8s-<size>-pr) with `--base HEAD~1`, as the action's default gate does on a pull
// request: the base revision is checked out and scanned too.
// --compliant scans copies of examples/secure-app instead (bench-out/secure-<size>, no
// finding), the gate's time on a repository it passes; with --base, a pull request that adds
// a privileged Deployment to it.
//
// A and B: a directory holding cli.js (a dist/ folder, `dist` for the working tree's build), or
// a git revision whose committed dist/ is taken (`HEAD`, `0865c8b`). The corpus is
// bench-out/k8s-<size>, written from ../shared/corpus/k8s when missing, as `npm run bench` does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compliantCorpusOf, corpusOf, pullRequestOf, readCorpus } from './corpus.mjs';
import { actionOnce, actionRepository, benchConfig, fmt, median, scanOnce } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'bench-out');
const STAGES = ['discover', 'parse', 'evaluate', 'gate', 'report'];

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { size: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '5' }, threads: { type: 'string' }, config: { type: 'string' }, format: { type: 'string', default: 'json' }, base: { type: 'boolean', default: false }, compliant: { type: 'boolean', default: false }, action: { type: 'boolean', default: false }, 'with-config': { type: 'boolean', default: false } },
});
if (positionals.length !== 2) {
  console.error('usage: npm run bench:compare -- <A> <B> [--size 10000] [--rounds 5] [--threads N] [--config FILE] [--format text|json|sarif|github] [--compliant] [--base] [--action [--with-config]]\n  A, B: a dist/ directory or a git revision');
  process.exit(2);
}
const size = Number(opts.size);
const rounds = Number(opts.rounds);
if (!Number.isInteger(size) || size < 1 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('--size and --rounds take positive integers');
  process.exit(2);
}
if (!['text', 'json', 'sarif', 'github'].includes(opts.format)) {
  console.error(`--format ${opts.format}: use text, json, sarif or github`);
  process.exit(2);
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-compare-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

/** The cli.js of a build: `spec` is a directory holding one, or a revision whose committed dist/ is extracted. */
function buildOf(spec, label) {
  const dir = path.resolve(spec);
  if (fs.existsSync(path.join(dir, 'cli.js'))) return path.join(dir, 'cli.js');
  const archive = spawnSync('git', ['archive', '--format=tar', spec, 'dist'], { cwd: root, maxBuffer: 1 << 30 });
  if (archive.status !== 0) {
    console.error(`${spec}: neither a directory with cli.js nor a git revision with a committed dist/ (${archive.stderr.toString().trim()})`);
    process.exit(2);
  }
  const target = path.join(scratch, label);
  fs.mkdirSync(target);
  const tar = spawnSync('tar', ['-x', '-C', target], { input: archive.stdout });
  if (tar.status !== 0) throw new Error(`extracting dist/ of ${spec}: ${tar.stderr.toString()}`);
  return path.join(target, 'dist', 'cli.js');
}

const builds = [
  { label: 'A', spec: positionals[0], cli: buildOf(positionals[0], 'A'), runs: [] },
  { label: 'B', spec: positionals[1], cli: buildOf(positionals[1], 'B'), runs: [] },
];
const cell = (xs, f) => `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
const change = (a, b) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;

if (opts.action) compareAction();
else compareScans();

/** The action's start to exit, each round A then B or B then A (actionOnce, measure.mjs). */
function compareAction() {
  const repo = actionRepository(root, scratch, opts['with-config']);
  for (let i = 0; i < rounds; i++) {
    for (const build of i % 2 === 0 ? builds : [...builds].reverse()) {
      build.runs.push(actionOnce(path.join(path.dirname(build.cli), 'index.js'), repo));
    }
    console.error(`round ${i + 1}/${rounds}: A ${fmt(builds[0].runs[i])}, B ${fmt(builds[1].runs[i])}`);
  }
  const [a, b] = builds.map((build) => build.runs);
  console.log(`The action on examples/insecure-app${opts['with-config'] ? ' with a configuration file' : ''}, process start to exit, ${rounds} alternated rounds; A = ${builds[0].spec}, B = ${builds[1].spec}; medians (range)`);
  console.log('');
  console.log('| | A | B | B against A |');
  console.log('|---|---|---|---|');
  console.log(`| action | ${cell(a, fmt)} | ${cell(b, fmt)} | ${change(median(a), median(b))} |`);
}

/** Scans of the corpus, each stage's time, the peak memory and the two reports. */
function compareScans() {
  const corpus = opts.compliant
    ? compliantCorpusOf(out, size, path.join(root, 'examples/secure-app'))
    : corpusOf(out, size, () => readCorpus(path.resolve(root, '../shared/corpus/k8s')));
  const corpusDir = opts.base ? pullRequestOf(corpus) : corpus;
  const config = opts.config ? path.resolve(opts.config) : benchConfig(out);
  const env = { ...process.env, ...(opts.threads ? { EKS_POLICY_GATE_THREADS: opts.threads } : {}) };

  for (let i = 0; i < rounds; i++) {
    for (const build of builds) {
      const output = path.join(scratch, `report-${build.label}.${opts.format}`);
      const j = opts.base
        ? scanOnce({ cli: build.cli, target: '.', output, extra: ['--config', config, '--base', 'HEAD~1'], cwd: corpusDir, env, format: opts.format })
        : scanOnce({ cli: build.cli, target: corpusDir, output, extra: ['--config', config], cwd: root, env, format: opts.format });
      const r = { wall: j.wall, ...j.timings, rssMb: j.maxRssKb / 1024, documents: j.documents, findings: j.findings };
      build.runs.push(r);
      console.error(`round ${i + 1}/${rounds} ${build.label}: ${(r.wall / 1000).toFixed(2)} s`);
    }
  }

  const [a, b] = builds;
  const same = fs.readFileSync(path.join(scratch, `report-A.${opts.format}`)).equals(fs.readFileSync(path.join(scratch, `report-B.${opts.format}`)));

  console.log(`${a.runs[0].documents} documents (${path.relative(root, corpusDir)}${opts.base ? ', --base HEAD~1: the base revision\'s checkout and scan are in `report`' : ''}), ${opts.format === 'json' ? '' : `${opts.format} reports, `}${rounds} alternated rounds; A = ${a.spec}, B = ${b.spec}; medians (range)`);
  console.log('');
  console.log('| | A | B | B against A |');
  console.log('|---|---|---|---|');
  for (const key of ['wall', ...STAGES]) {
    const xa = a.runs.map((r) => r[key]);
    const xb = b.runs.map((r) => r[key]);
    console.log(`| ${key} | ${cell(xa, fmt)} | ${cell(xb, fmt)} | ${change(median(xa), median(xb))} |`);
  }
  const mb = (x) => `${x.toFixed(0)} MB`;
  const ra = a.runs.map((r) => r.rssMb);
  const rb = b.runs.map((r) => r.rssMb);
  console.log(`| peak RSS | ${cell(ra, mb)} | ${cell(rb, mb)} | ${change(median(ra), median(rb))} |`);
  console.log(`| findings | ${a.runs[0].findings} | ${b.runs[0].findings} | |`);
  console.log('');
  console.log(`${opts.format === 'json' ? 'JSON' : opts.format} reports byte for byte the same: ${same ? 'yes' : 'NO'}`);
  process.exitCode = same ? 0 : 1;
}
