// The command line: `eks-policy-gate scan|rules|--version|--help`. Exit codes: 0 pass,
// 1 blocking findings, 2 usage error, invalid configuration or internal failure.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findConfig, loadConfigFile, withDefaults, type Config } from './config/config.js';
import { InternalError, OutputError, UsageError, toError } from './errors.js';
import { EXIT_ERROR, exitCode } from './gate/verdict.js';
import { SEVERITIES, type Severity } from './model.js';
import { writeGithub } from './report/github.js';
import { scrubSecrets } from './report/secrets.js';
import { jsonReport } from './report/json.js';
import { buildSarif } from './report/sarif.js';
import { checkOutputFile, writeReport, type Body } from './report/output.js';
import { descriptorWriter } from './report/stdout.js';
import { writeText } from './report/text.js';
import { policy, scan, ScanMemo, type ScanOptions, type ScanResult } from './scan.js';
import { NAME, VERSION } from './version.js';
import { findRepositoryRoot } from './discover/root.js';
import { stdoutIsTTY, youngGenerationMb } from './isolate.js';
import { listTargets } from './discover/targets.js';
import { compareWithBase, resolveBase } from './gate/compare.js';
import { startWorktree } from './gate/git.js';
import { applyOverrides } from './config/overrides.js';
import { configuredPolicies, loadCustomPolicies } from './evaluate/custom/index.js';
import { inFrameworks } from './compliance/frameworks.js';
import { regoKit } from './evaluate/custom/compile.js';

const HELP = `${NAME} ${VERSION}: a policy gate for Kubernetes and EKS infrastructure.

It checks Kubernetes manifests (YAML/JSON) against the Amazon EKS security best practices
(Pod Security Standards, RBAC, network policies, secrets, images, ...) and reports every
finding at the line that causes it.

Usage:
  ${NAME} scan [PATH ...] [options]   check files and directories (default ".")
  ${NAME} rules [--format text|json] [--framework NAME] [--policies PATH]
                                      list the rules and what they check
  ${NAME} lib --output DIR            write the Rego helper library custom policies import
  ${NAME} targets [PATH ...] [--format text|json|matrix]
                                      list the charts, overlays, plans and manifest
                                      directories a workflow matrix can scan one per job
  ${NAME} --version                   print the version
  ${NAME} --help                      print this help

Options for scan:
  --format text|json|sarif|github     output format (default text; github prints workflow
                                      commands that become annotations in GitHub Actions)
  --output FILE                       write the report to FILE instead of standard output
  --config FILE                       configuration file (default: .eks-policy-gate.yaml,
                                      searched from the current directory upwards)
  --severity-threshold LEVEL          critical|high|medium|low|info: enforce-mode findings at
                                      or above LEVEL block (default high)
  --category NAME                     SARIF category, when several scans upload separately
  --timings                           print the time of each stage and the evaluation threads (JSON) on standard error
  --policies PATH                     custom policies: a directory of Rego (compiled with
                                      \`opa\` on PATH) or a bundle from \`opa build -t wasm\`;
                                      repeatable; replaces \`policies:\` of the configuration
  --framework NAME                    run the rules of a compliance framework and report its
                                      controls: cis-eks, eks-bp, pss-baseline, pss-restricted,
                                      nsa-cisa; repeatable; replaces \`frameworks:\`
  --fail-on-error true|false          an internal error (the scan could not check something)
                                      fails the gate with exit 2 (default true, or the
                                      configuration's fail-on-error); false reports it and
                                      exits by the findings alone
  --base REF                          gate only on findings new relative to REF (a branch,
                                      tag or commit; compared at its merge base with HEAD):
                                      findings that already exist there are reported, not
                                      blocking

Exit codes:
  0  no blocking finding
  1  at least one blocking finding
  2  usage error, invalid configuration, or internal failure (the message says what to do)

Examples:
  ${NAME} scan examples/
  ${NAME} scan deploy/ --format sarif --output results.sarif
  ${NAME} scan . --base origin/main   block only on what this branch adds
  ${NAME} rules --format json
`;

type Out = (text: string) => void;

function fail(message: string): never {
  throw new UsageError(message);
}

function resolveConfig(configPath: string | undefined): Config {
  if (configPath) {
    if (!fs.existsSync(configPath)) fail(`--config ${configPath}: no such file. Name an existing configuration file.`);
    return loadConfigFile(path.resolve(configPath), configPath);
  }
  const found = findConfig(process.cwd());
  return found ? loadConfigFile(found, path.relative(process.cwd(), found) || found) : withDefaults({});
}

/**
 * The scan, and with --base REF the base revision's scan compared with it. The base revision is
 * checked out while this scan runs (startWorktree), and its scan takes this scan's parses, and
 * its evaluation when no input changed (ScanMemo); they are let go on return, before the
 * report is written.
 */
function scanAndCompare(opts: ScanOptions, ref: string | undefined): { result: ScanResult; baseline: { ref: string; commit: string } | undefined } {
  if (ref === undefined) return { result: scan(opts), baseline: undefined };
  const base = resolveBase(ref, opts.root);
  const worktree = startWorktree(base.g, base.commit);
  try {
    const memo = new ScanMemo();
    const result = scan({ ...opts, keep: memo });
    const { root, paths, config, severityThreshold } = opts;
    return { result, baseline: compareWithBase(result, base, { root, paths, config, ...(severityThreshold ? { severityThreshold } : {}), reuse: memo, worktree }) };
  } finally {
    // Removed by the base scan; here only when the scan before it failed.
    worktree.discard();
  }
}

function runScan(argv: string[], out: Out, err: Out): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      config: { type: 'string' },
      'severity-threshold': { type: 'string' },
      category: { type: 'string' },
      base: { type: 'string' },
      policies: { type: 'string', multiple: true },
      framework: { type: 'string', multiple: true },
      'fail-on-error': { type: 'string' },
      timings: { type: 'boolean', default: false },
    },
  });
  const started = performance.now();
  const format = values.format;
  const failOnErrorFlag = values['fail-on-error'];
  if (failOnErrorFlag !== undefined && !['true', 'false'].includes(failOnErrorFlag)) fail(`--fail-on-error ${failOnErrorFlag}: use true or false.`);
  if (!['text', 'json', 'sarif', 'github'].includes(format)) fail(`--format ${format}: use text, json, sarif or github.`);
  const threshold = values['severity-threshold'];
  if (threshold !== undefined && !(SEVERITIES as readonly string[]).includes(threshold)) {
    fail(`--severity-threshold ${threshold}: use one of ${SEVERITIES.join(', ')}.`);
  }
  if (values.output !== undefined) checkOutputFile(values.output);
  const config = applyOverrides(resolveConfig(values.config), { policies: values.policies, frameworks: values.framework }, process.cwd());
  const root = findRepositoryRoot(process.cwd());
  const paths = positionals.length ? positionals : ['.'];
  const { result, baseline } = scanAndCompare({ paths, root, config, ...(threshold ? { severityThreshold: threshold as Severity } : {}) }, values.base);
  const report = baseline ? { ...result, baseline } : result;
  let body: Body;
  switch (format) {
    case 'json':
      body = { json: jsonReport(report) };
      break;
    case 'sarif':
      body = { json: buildSarif(report, { root, ...(values.category ? { category: values.category } : {}) }) };
      break;
    case 'github':
      body = {
        pieces: (sink) => {
          writeGithub(result.findings, sink);
          for (const e of result.errors) sink(`::error title=eks-policy-gate internal error${e.file ? `,file=${e.file.replace(/[:,%\r\n]/g, '_')}` : ''}::${e.message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
        },
      };
      break;
    default:
      body = {
        pieces: (sink) => {
          writeText(report, { color: !values.output && useColor() }, sink);
          if (baseline) {
            const fresh = result.findings.filter((f) => f.baseline === 'new').length;
            sink(`Compared with ${baseline.ref} (${baseline.commit.slice(0, 12)}): ${fresh} new, ${result.findings.length - fresh} already there; only new findings block.\n`);
          }
        },
      };
  }
  // Last line of defence: no secret value of the scan reaches the report (report/secrets.ts).
  const scrub = result.scrub ?? ((t: string) => t);
  try {
    writeReport(body, values.output ? { file: values.output, scrub } : { out, scrub });
  } catch (thrown) {
    if (!(thrown instanceof OutputError)) throw thrown;
    throw new OutputError(`${thrown.message}. ${values.output ? 'Free space, or name a file that can be written with --output.' : 'Write the report to a file with --output FILE instead.'}`);
  }
  if (values.timings) {
    // Per-stage times (ms) on standard error, for benchmarks: `report` is rendering and writing.
    const t = result.timings;
    const report = performance.now() - started - (t.discover + t.parse + t.evaluate + t.gate);
    err(`${JSON.stringify({ timings: { ...t, report, total: performance.now() - started }, documents: result.documents, findings: result.findings.length, threads: result.threads, maxRssKb: process.resourceUsage().maxRSS, youngGenerationMb: youngGenerationMb() })}\n`);
  }
  // Internal errors: the report lists them; standard error says what they mean for the verdict.
  if (result.errors.length > 0) {
    const failOnError = failOnErrorFlag !== undefined ? failOnErrorFlag === 'true' : config.failOnError;
    const list = result.errors.map((e) => `  - ${e.file ? `${e.file}: ` : ''}${e.message}`).join('\n');
    const n = result.errors.length;
    err(scrub(
      `${NAME}: ${n} internal error${n === 1 ? '' : 's'}: something could not be checked.\n${list}\n` +
      (failOnError
        ? 'The gate failed closed (exit 2). Fix or exclude the input named above, or set `fail-on-error: false` (or --fail-on-error false) to gate on the findings alone.\n'
        : 'fail-on-error is false: the exit code reflects the findings alone.\n'),
    ));
    if (failOnError) return EXIT_ERROR;
  }
  return exitCode(result.findings);
}

function useColor(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return stdoutIsTTY();
}

function runTargets(argv: string[], out: Out): number {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { format: { type: 'string', default: 'text' }, config: { type: 'string' } },
  });
  if (!['text', 'json', 'matrix'].includes(values.format)) fail(`--format ${values.format}: use text, json or matrix.`);
  const config = resolveConfig(values.config);
  const root = findRepositoryRoot(process.cwd());
  const targets = listTargets(positionals.length ? positionals : ['.'], {
    root, exclude: config.paths.exclude, include: config.paths.include,
    planGlobs: config.raw.terraform?.plans ?? [], binaryPlanGlobs: config.raw.terraform?.['binary-plans'] ?? [],
  });
  if (values.format === 'json') out(`${JSON.stringify({ targets }, null, 2)}\n`);
  // For a GitHub Actions matrix: strategy.matrix: ${{ fromJSON(needs.<job>.outputs.targets) }}
  else if (values.format === 'matrix') out(`${JSON.stringify({ include: targets.map((t) => ({ target: t.path, kind: t.kind, category: t.category })) })}\n`);
  else out(targets.map((t) => `${t.kind.padEnd(15)} ${t.path}`).join('\n') + (targets.length ? '\n' : 'no targets found\n'));
  return 0;
}

function runRules(argv: string[], out: Out): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      policies: { type: 'string', multiple: true },
      framework: { type: 'string', multiple: true },
    },
  });
  if (values.format !== 'json' && values.format !== 'text') fail(`--format ${values.format}: use text or json.`);
  // The catalog as a scan would see it: built-in rules, custom policies, selected frameworks.
  const config = applyOverrides(resolveConfig(values.config), { policies: values.policies, frameworks: values.framework }, process.cwd());
  const frameworks = config.raw.frameworks ?? [];
  const all = loadCustomPolicies(configuredPolicies(config, findRepositoryRoot(process.cwd())), policy().rules).rules.rules;
  const rules = { rules: frameworks.length ? all.filter((r) => inFrameworks(r, frameworks)) : all };
  if (values.format === 'json') {
    out(JSON.stringify({ tool: { name: NAME, version: VERSION }, ...(frameworks.length ? { frameworks } : {}), rules: rules.rules }, null, 2) + '\n');
  } else {
    const lines = rules.rules.map((r) => `${r.id.padEnd(13)} ${r.severity.padEnd(9)} ${r.mode.padEnd(8)} ${r.title}`);
    const scope = frameworks.length ? ` in ${frameworks.join(', ')}` : '';
    out(`${'ID'.padEnd(13)} ${'SEVERITY'.padEnd(9)} ${'MODE'.padEnd(8)} TITLE\n${lines.join('\n')}\n\n${rules.rules.length} rules${scope}.\n`);
  }
  return 0;
}

// Writes the helper library custom policies import (rego/lib) to a directory, for `opa test`
// and `opa build` of one's own policies outside this repository.
function runLib(argv: string[], out: Out): number {
  const { values } = parseArgs({ args: argv, strict: true, options: { output: { type: 'string' } } });
  if (!values.output) fail('lib needs --output DIR: the directory to write the helper library to.');
  const written: string[] = [];
  for (const [rel, source] of Object.entries(regoKit().files)) {
    const file = path.join(values.output, rel.replace(/^lib\//, ''));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, source);
    written.push(file);
  }
  out(`Wrote the helper library (${written.length} files) to ${values.output}:\n${written.map((f) => `  ${f}`).join('\n')}\n` +
    `Test your policies with \`opa test POLICY_DIR ${values.output}\`; see docs/custom-policies.md.\n`);
  return 0;
}

export function main(argv: string[], out: Out = descriptorWriter(), err: Out = descriptorWriter(2)): number {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      out(HELP);
      return command === undefined ? EXIT_ERROR : 0;
    }
    if (command === '--version' || command === '-v') {
      out(`${VERSION}\n`);
      return 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      out(HELP);
      return 0;
    }
    if (command === 'scan') return runScan(rest, out, err);
    if (command === 'rules') return runRules(rest, out);
    if (command === 'lib') return runLib(rest, out);
    if (command === 'targets') return runTargets(rest, out);
    fail(`unknown command "${command}". Use scan, rules or lib.`);
  } catch (thrown) {
    const e = toError(thrown);
    // An error message may quote input (a finding, a YAML line): never a secret in it.
    const complain = (text: string) => err(scrubSecrets(text));
    if (e instanceof UsageError || (thrown as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      complain(`${NAME}: ${e.message}\nRun \`${NAME} --help\` for usage.\n`);
    } else if (e instanceof OutputError) {
      complain(`${NAME}: ${e.message}\n`);
    } else if (e instanceof InternalError) {
      complain(`${NAME}: internal error: ${e.message}\n`);
    } else {
      complain(`${NAME}: internal error: ${e.stack ?? e.message}\nThe gate failed closed (exit 2). Please report this with the command you ran.\n`);
    }
    return EXIT_ERROR;
  }
}
