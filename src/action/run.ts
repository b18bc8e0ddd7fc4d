// The GitHub Action: scan the repository, write the SARIF file, annotate, summarise, and fail
// the step when a finding blocks. Pull-request scope, code-scanning upload and the Checks API
// build on this (see docs/action.md).
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { applyOverrides } from '../config/overrides.js';
import { findConfig, loadConfigFile, withDefaults, type Config } from '../config/config.js';
import { toError, UsageError } from '../errors.js';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../model.js';
import { workflowCommand, annotationLevel } from '../report/github.js';
import { renderSarif } from '../report/sarif.js';
import { scan } from '../scan.js';

/** Workflow-command annotations GitHub shows per type and step. */
const ANNOTATIONS_PER_TYPE = 10;

function input(name: string, fallback: string): string {
  return core.getInput(name) || fallback;
}

function loadConfig(workspace: string, configInput: string): Config {
  const explicit = path.resolve(workspace, configInput);
  if (fs.existsSync(explicit)) return loadConfigFile(explicit, configInput);
  const found = findConfig(workspace);
  return found ? loadConfigFile(found, path.relative(workspace, found)) : withDefaults({});
}

/** The most severe findings first, at most 10 per annotation type. */
export function selectAnnotations(findings: readonly Finding[]): { shown: Finding[]; hidden: number } {
  const sorted = [...findings].sort(
    (a, b) => Number(b.blocking) - Number(a.blocking) || severityRank(a.severity) - severityRank(b.severity),
  );
  const perType = new Map<string, number>();
  const shown: Finding[] = [];
  for (const f of sorted) {
    const level = annotationLevel(f);
    const n = perType.get(level) ?? 0;
    if (n < ANNOTATIONS_PER_TYPE) {
      shown.push(f);
      perType.set(level, n + 1);
    }
  }
  return { shown, hidden: findings.length - shown.length };
}

export async function run(): Promise<void> {
  try {
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const threshold = input('severity-threshold', 'high');
    if (!(SEVERITIES as readonly string[]).includes(threshold)) {
      throw new UsageError(`input severity-threshold "${threshold}": use one of ${SEVERITIES.join(', ')}.`);
    }
    // The `policies` input (custom policies, docs/custom-policies.md) replaces the configuration's.
    const policies = core.getMultilineInput('policies').flatMap((l) => l.split(/\s+/)).filter(Boolean);
    const config = applyOverrides(loadConfig(workspace, input('config', '.eks-policy-gate.yaml')), { policies }, workspace);
    const paths = core.getMultilineInput('paths').flatMap((l) => l.split(/\s+/)).filter(Boolean);
    const result = scan({
      paths: (paths.length ? paths : ['.']).map((p) => path.resolve(workspace, p)),
      root: workspace,
      config,
      severityThreshold: threshold as Severity,
    });
    const sarifFile = path.resolve(workspace, input('sarif-file', 'eks-policy-gate.sarif'));
    const category = core.getInput('category');
    fs.writeFileSync(sarifFile, renderSarif(result, { root: workspace, ...(category ? { category } : {}) }));

    const { shown, hidden } = selectAnnotations(result.findings);
    for (const f of shown) process.stdout.write(workflowCommand(f) + '\n');
    if (hidden > 0) core.notice(`${hidden} more findings are not annotated (GitHub shows 10 per type); see the SARIF file and the job summary.`);

    const blocking = result.findings.filter((f) => f.blocking);
    core.setOutput('findings', result.findings.length);
    core.setOutput('blocking', blocking.length);
    core.setOutput('new', result.findings.length);
    core.setOutput('sarif-file', sarifFile);
    core.setOutput('result', blocking.length > 0 ? 'fail' : 'pass');
    if (core.getBooleanInput('summary')) {
      await core.summary
        .addHeading(`eks-policy-gate: ${blocking.length > 0 ? 'fail' : 'pass'}`)
        .addRaw(`${result.findings.length} findings, ${blocking.length} blocking, in ${result.files.length} files.`, true)
        .write();
    }
    if (blocking.length > 0 && core.getBooleanInput('fail')) {
      core.setFailed(`${blocking.length} blocking finding${blocking.length === 1 ? '' : 's'} (severity ${threshold} or above, enforce mode).`);
    }
  } catch (thrown) {
    core.setFailed(`eks-policy-gate: ${toError(thrown).message}`);
  }
}
