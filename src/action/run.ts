// The GitHub Action: scan the repository, compare with the base revision, gate, then report:
// the SARIF file (always written) uploaded to code scanning, annotations (a check run, or
// workflow commands), the job summary and an optional sticky PR comment. When the token may not
// write (fork and Dependabot pull requests, repositories without code scanning) the action
// degrades to the SARIF file, workflow-command annotations and the job summary, and says so
// once; it never crashes and never passes silently.
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { applyOverrides } from '../config/overrides.js';
import { findConfig, loadConfigFile, withDefaults, type Config } from '../config/config.js';
import { toError, UsageError } from '../errors.js';
import { applyGate, markBaseline, rulesOf, scanBase } from '../gate/baseline.js';
import { git, repositoryTop, startWorktree, type PendingWorktree } from '../gate/git.js';
import { resolveScope, type Scope } from '../gate/scope.js';
import { publishCheckRun } from '../github/checks.js';
import { apiFailure, createClient, describeFailure, type ApiFailure, type Client } from '../github/client.js';
import { commentMarker, upsertComment } from '../github/comment.js';
import { blobUrl, runContext, runUrl, type RunContext } from '../github/context.js';
import { listPullRequestFiles } from '../github/pulls.js';
import { prepareSarif, uploadSarif } from '../github/sarif-upload.js';
import { writeReport } from '../report/output.js';
import { workflowCommand } from '../report/github.js';
import { buildSarif } from '../report/sarif.js';
import { scan, ScanMemo, type ScanResult } from '../scan.js';
import { checkAnnotation, inlineFindings, selectCommands } from './annotations.js';
import { coverageMarkdown } from './coverage.js';
import { readInputs, type Inputs } from './inputs.js';
import { renderComment, renderSummary, type SummaryInput } from './summary.js';

function loadConfig(workspace: string, inputs: Inputs): Config {
  const explicit = path.resolve(workspace, inputs.config);
  if (fs.existsSync(explicit)) return loadConfigFile(explicit, inputs.config);
  if (inputs.configGiven) throw new UsageError(`input config: ${inputs.config} does not exist in the repository. Fix the path or remove the input.`);
  const found = findConfig(workspace);
  return found ? loadConfigFile(found, path.relative(workspace, found)) : withDefaults({});
}

/** The commit and ref code scanning files the results under. */
export function sarifTarget(ctx: RunContext, head: string | undefined): { ref: string; sha: string } | undefined {
  const sha = head ?? ctx.sha;
  if (!sha) return undefined;
  const pr = ctx.pullRequest;
  if (pr && (ctx.eventName === 'pull_request' || ctx.eventName === 'pull_request_target')) {
    // The test merge commit as the runner checked it out: refs/pull/N/merge.
    if (sha === ctx.sha && /^refs\/pull\/\d+\/(merge|head)$/.test(ctx.ref)) return { ref: ctx.ref, sha };
    // The PR head, checked out explicitly (pull_request_target, or ref: head.sha).
    if (sha === pr.headSha || sha !== ctx.sha) return { ref: `refs/pull/${pr.number}/head`, sha };
  }
  return ctx.ref ? { ref: ctx.ref, sha } : undefined;
}

/** Why a write was refused, in words a user can act on. */
function refusal(ctx: RunContext, failure: ApiFailure, what: 'code scanning' | 'checks' | 'comments'): string {
  if (ctx.readOnlyReason) return ctx.readOnlyReason;
  const m = failure.message;
  if (what === 'code scanning' && /advanced security|code security|code scanning is not enabled|not opted|feature is forbidden|must be enabled/i.test(m)) {
    return `code scanning is not enabled for this repository; GitHub said: "${m}"`;
  }
  const permission = what === 'code scanning' ? 'security-events: write' : what === 'checks' ? 'checks: write' : 'pull-requests: write';
  return `the token may not do this (GitHub ${failure.status ?? ''}: "${m}"); grant \`${permission}\` in the workflow's permissions`.replace(' :', ':');
}

/** `what; what (why)` grouped by reason, so a fork's one reason is said once. */
function describeDegraded(items: ReadonlyArray<{ what: string; why: string }>): string {
  const byWhy = new Map<string, string[]>();
  for (const d of items) byWhy.set(d.why, [...(byWhy.get(d.why) ?? []), d.what]);
  return [...byWhy.entries()].map(([why, whats]) => `${whats.join('; ')} (${why})`).join('; ');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const startedAt = new Date().toISOString();
  try {
    const inputs = readInputs();
    if (inputs.token) core.setSecret(inputs.token);
    const workspace = fs.realpathSync(path.resolve(env.GITHUB_WORKSPACE || process.cwd()));
    const ctx = runContext(env);
    // The `policies` input (custom policies, docs/custom-policies.md) replaces the configuration's;
    // the base revision is scanned with the same configuration.
    const config = applyOverrides(loadConfig(workspace, inputs), { policies: inputs.policies }, workspace);
    const scanPaths = inputs.paths.map((p) => path.resolve(workspace, p));

    // What this run compares with, and which files the change touches: known before the scan,
    // so that the base revision is checked out while this revision is scanned.
    const top = repositoryTop(workspace);
    let scope: Scope = { notes: [] };
    if (top) scope = resolveScope(git(top), ctx);
    else scope.notes.push('The workspace is not a git checkout (run actions/checkout first): there is no base revision to compare with.');
    // The base revision's scan takes this scan's parses, and its evaluation when no input
    // changed (ScanMemo).
    let memo: ScanMemo | undefined = scope.base && top ? new ScanMemo() : undefined;
    let worktree: PendingWorktree | undefined;
    if (scope.base && top) {
      try {
        worktree = startWorktree(git(top), scope.base);
      } catch {
        // Checked out when the base scan needs it (scanBase), which reports what fails.
      }
    }
    const t0 = performance.now();
    let result: ScanResult;
    try {
      result = scan({ paths: scanPaths, root: workspace, config, severityThreshold: inputs.threshold, ...(memo ? { keep: memo } : {}) });
    } catch (thrown) {
      worktree?.discard();
      throw thrown;
    }
    core.info(`Scanned ${plural(result.files.length, 'file')}, ${plural(result.documents, 'document')}: ${plural(result.findings.length, 'finding')} in ${Math.round(performance.now() - t0)} ms.`);
    // Internal errors (what the scan could not check, and reporting that failed): the gate fails
    // closed on them unless fail-on-error is false; never a silent pass.
    const failOnError = inputs.failOnError ?? config.failOnError;
    const internal: string[] = result.errors.map((e) => `${e.file ? `${e.file}: ` : ''}${e.message}`);

    // The time limit and retry backoff of API requests can be shortened for tests.
    const apiTimeoutMs = Number(env.EKS_POLICY_GATE_API_TIMEOUT_MS) || undefined;
    const apiRetryMs = Number(env.EKS_POLICY_GATE_API_RETRY_MS) || undefined;
    const client: Client | undefined = inputs.token
      ? createClient({ token: inputs.token, baseUrl: ctx.apiUrl, log: (m) => core.info(m), ...(apiTimeoutMs ? { timeoutMs: apiTimeoutMs } : {}), ...(apiRetryMs ? { retryBaseMs: apiRetryMs } : {}) })
      : undefined;
    const notes: string[] = [];
    /** What could not be done because the token may not (fork PRs, no code scanning), and why. */
    const degraded: Array<{ what: string; why: string }> = [];
    const problems: string[] = [];
    const reporting: string[] = [];

    let changed: Set<string> | undefined = scope.changed ? new Set(scope.changed.map((f) => f.path)) : undefined;
    if (!changed && ctx.pullRequest && client) {
      try {
        const listed = await listPullRequestFiles(client, ctx.owner, ctx.repo, ctx.pullRequest.number);
        changed = new Set(listed.files.map((f) => f.path));
        notes.push(`The changed files come from the pull request API${listed.capped ? ', which lists at most 3,000 files: files beyond those count as unchanged' : ''}.`);
      } catch (thrown) {
        const f = apiFailure(thrown);
        notes.push(`The pull request's changed files could not be listed (${describeFailure(f)}).`);
      }
    }

    let baseKnown = false;
    if (scope.base && top) {
      const t1 = performance.now();
      try {
        const rules = rulesOf(result.findings);
        const base = scanBase(git(top), {
          root: workspace, top: fs.realpathSync(top), commit: scope.base, paths: scanPaths, config, severityThreshold: inputs.threshold,
          ...(memo ? { reuse: memo } : {}), ...(worktree ? { worktree } : {}), rules,
        });
        markBaseline(result.findings, base?.findings);
        baseKnown = true;
        if (rules.size === 0) core.info(`The base revision ${scope.base.slice(0, 12)} was not scanned: this revision has no finding, so none can be new.`);
        else core.info(`Evaluated the base revision ${scope.base.slice(0, 12)} in ${Math.round(performance.now() - t1)} ms: ${plural(base?.findings.length ?? 0, 'finding')} there of the ${plural(rules.size, 'rule')} this revision reports${memo ? ` (${memo.describeTaken()} taken from this revision's scan, where the inputs are the same)` : ''}.`);
      } catch (thrown) {
        notes.push(`The base revision ${scope.base.slice(0, 12)} could not be evaluated (${toError(thrown).message}).`);
      }
    }
    // What the base scan could take is let go before the reports are written.
    memo = undefined;
    worktree?.discard();
    const { narrowed } = applyGate(result.findings, { mode: inputs.gate, baseKnown, ...(changed ? { changed } : {}) });
    if (inputs.gate !== 'all' || !baseKnown) notes.push(...scope.notes);
    if (!narrowed) {
      notes.push(
        inputs.gate === 'new'
          ? 'Without a base revision every blocking finding blocks (gate `new` falls back to `all`). Check out with `fetch-depth: 0`, or let the action fetch the base (it needs `contents: read`).'
          : 'Without the list of changed files every blocking finding blocks (gate `changed` falls back to `all`).',
      );
    }

    const findings = result.findings;
    const blocking = findings.filter((f) => f.blocking);
    const fresh = baseKnown ? findings.filter((f) => f.baseline === 'new').length : findings.length;
    const verdict: 'pass' | 'fail' = blocking.length > 0 ? 'fail' : 'pass';
    /** Failing closed on the scan's internal errors (reporting errors are added later). */
    const closedOnScan = internal.length > 0 && failOnError;
    const headSha = scope.head ?? ctx.sha;

    // SARIF: always written; uploaded when asked and allowed.
    const sarifFile = path.resolve(workspace, inputs.sarifFile);
    const report = { ...result, ...(baseKnown && scope.base ? { baseline: { ref: scope.baseDescription ?? scope.base, commit: scope.base } } : {}) };
    const sarif = buildSarif(report, { root: workspace, ...(inputs.category ? { category: inputs.category } : {}) });
    // No secret reaches an output: every text the action writes goes through the scan's scrubber.
    const scrub = result.scrub ?? ((text: string) => text);
    try {
      fs.mkdirSync(path.dirname(sarifFile), { recursive: true });
      writeReport({ json: sarif }, { file: sarifFile, scrub });
    } catch (thrown) {
      internal.push(`The SARIF file ${inputs.sarifFile} could not be written (${toError(thrown).message}). Check the \`sarif-file\` input: a writable path in the workspace.`);
    }
    const sarifRel = path.relative(workspace, sarifFile).split(path.sep).join('/');
    let sarifNotUploaded = true;
    /** `upload-sarif: true` and the upload did not happen (fork PRs excepted: they cannot). */
    let uploadRequired = false;
    if (inputs.uploadSarif === 'false') {
      reporting.push(`SARIF written to \`${sarifRel}\`; upload is off (\`upload-sarif: false\`).`);
    } else if (!client) {
      problems.push('No token: the SARIF file was not uploaded to code scanning.');
    } else {
      const target = sarifTarget(ctx, headSha);
      if (!target) {
        problems.push('No commit or ref to file the results under (GITHUB_SHA/GITHUB_REF are unset): the SARIF file was not uploaded.');
      } else {
        const prepared = prepareSarif(sarif, { scrub });
        if (prepared.omitted) {
          notes.push(`Code scanning accepts at most 25,000 results and 10 MB (gzipped) per upload: the ${prepared.omitted} least severe of ${prepared.total} results were left out of the upload (the SARIF file has them all).`);
        }
        const pollMs = Number(env.EKS_POLICY_GATE_SARIF_POLL_MS);
        const outcome = await uploadSarif(client, {
          owner: ctx.owner,
          repo: ctx.repo,
          commitSha: target.sha,
          ref: target.ref,
          checkoutUri: `file://${workspace}${workspace.endsWith('/') ? '' : '/'}`,
          startedAt,
          gzipped: prepared.gzipped,
          ...(pollMs > 0 ? { pollIntervalsMs: [pollMs] } : {}),
        });
        switch (outcome.kind) {
          case 'complete':
            sarifNotUploaded = false;
            reporting.push(`SARIF uploaded to code scanning for \`${target.ref}\`${inputs.category ? ` (category \`${inputs.category}\`)` : ''} and processed.`);
            break;
          case 'pending':
            sarifNotUploaded = false;
            reporting.push(`SARIF uploaded to code scanning for \`${target.ref}\`; GitHub was still processing it after 2 minutes.`);
            break;
          case 'failed':
            problems.push(`Code scanning rejected the SARIF upload: ${outcome.errors.join('; ') || 'no reason given'}.`);
            break;
          case 'forbidden':
            degraded.push({ what: 'SARIF not uploaded to code scanning', why: refusal(ctx, outcome.failure, 'code scanning') });
            break;
          case 'error':
            problems.push(`The SARIF upload failed (${describeFailure(outcome.failure)}).`);
            break;
          case 'unconfirmed':
            sarifNotUploaded = false;
            reporting.push(`SARIF uploaded to code scanning for \`${target.ref}\`; whether GitHub processed it could not be read (${describeFailure(outcome.failure)}).`);
        }
        if (sarifNotUploaded && inputs.uploadSarif === 'true' && !(outcome.kind === 'forbidden' && ctx.readOnlyReason)) uploadRequired = true;
      }
    }
    if (sarifNotUploaded && inputs.uploadSarif !== 'false') {
      reporting.push(`SARIF written to \`${sarifRel}\` (output \`sarif-file\`); keep it with actions/upload-artifact.`);
    }

    // Annotations.
    const inline = inlineFindings(findings, { baseKnown, ...(changed ? { changed } : {}) });
    const notInline = findings.length - inline.length;
    let useCommands = inputs.annotations === 'commands';
    let hidden = 0;
    if (inputs.annotations === 'auto' || inputs.annotations === 'checks') {
      if (!client || !headSha) {
        useCommands = true;
        if (inputs.annotations === 'checks') problems.push('No token or commit for a check run: annotations written as workflow commands.');
      } else {
        const title = verdict === 'fail' ? `${plural(blocking.length, 'blocking finding')}` : `No blocking findings (${plural(findings.length, 'finding')})`;
        const summaryForCheck = summaryInput();
        const outcome = await publishCheckRun(client, {
          owner: ctx.owner,
          repo: ctx.repo,
          name: inputs.category ? `eks-policy-gate (${inputs.category})` : 'eks-policy-gate',
          headSha: ctx.pullRequest?.headSha || headSha,
          title,
          summary: scrub(renderComment(summaryForCheck, runUrl(ctx), 60_000)),
          conclusion: verdict === 'fail' ? (inputs.fail ? 'failure' : 'neutral') : closedOnScan ? 'failure' : 'success',
          annotations: inline.map((f) => checkAnnotation({ ...f, message: scrub(f.message) })),
          ...(runUrl(ctx) ? { detailsUrl: runUrl(ctx) } : {}),
        });
        if (outcome.kind === 'ok') {
          reporting.push(`Check run [${inputs.category ? `eks-policy-gate (${inputs.category})` : 'eks-policy-gate'}](${outcome.url ?? runUrl(ctx) ?? ''}) with ${plural(outcome.annotations, 'annotation')} (${plural(outcome.requests, 'request')} of at most 50).`);
        } else if (outcome.kind === 'forbidden') {
          useCommands = true;
          const why = refusal(ctx, outcome.failure, 'checks');
          if (inputs.annotations === 'checks') problems.push(`No check run: ${why}. Annotations written as workflow commands.`);
          else degraded.push({ what: 'no check run, so annotations are workflow commands', why });
        } else {
          useCommands = true;
          problems.push(`The check run failed after ${plural(outcome.published, 'annotation')} (${describeFailure(outcome.failure)}); annotations written as workflow commands.`);
        }
      }
    }
    if (useCommands) {
      const selected = selectCommands(inline);
      hidden = selected.hidden;
      for (const f of selected.shown) process.stdout.write(scrub(workflowCommand(f)) + '\n');
      reporting.push(
        `${plural(selected.shown.length, 'annotation')} as workflow commands, the most severe new ones first` +
          (hidden ? `; **${hidden} more** not annotated (GitHub shows 10 per type and step): they are counted above and listed in the SARIF file` : '') +
          '.',
      );
    } else if (inputs.annotations === 'none') {
      reporting.push('Annotations are off (`annotations: none`).');
    }
    if (notInline > 0 && inputs.annotations !== 'none') {
      reporting.push(`${plural(notInline, 'finding')} already on the base and outside the changed files ${notInline === 1 ? 'is' : 'are'} not annotated inline.`);
    }

    // PR comment.
    if (inputs.prComment) {
      if (!ctx.pullRequest) reporting.push('No PR comment: this run is not for a pull request.');
      else if (!client) problems.push('No token: no PR comment.');
      else {
        const outcome = await upsertComment(client, {
          owner: ctx.owner,
          repo: ctx.repo,
          number: ctx.pullRequest.number,
          marker: commentMarker(inputs.category),
          body: scrub(renderComment(summaryInput(), runUrl(ctx))),
        });
        if (outcome.kind === 'created' || outcome.kind === 'updated') reporting.push(`PR comment ${outcome.kind}: ${outcome.url}`);
        if (outcome.kind === 'forbidden') degraded.push({ what: 'no PR comment', why: refusal(ctx, outcome.failure, 'comments') });
        else if (outcome.kind === 'error') problems.push(`The PR comment failed (${describeFailure(outcome.failure)}).`);
      }
    }

    // The one notice, the one warning.
    if (degraded.length) {
      core.notice(
        `eks-policy-gate ran in reduced mode: ${describeDegraded(degraded)}. ` +
          `The results are in the job summary, in workflow-command annotations and in ${sarifRel} (output sarif-file; keep it with actions/upload-artifact).` +
          (hidden ? ` ${hidden} more findings are not annotated (GitHub shows 10 per type); the job summary lists them.` : ''),
      );
    } else if (hidden) {
      core.notice(`${hidden} more findings are not annotated (GitHub shows 10 workflow-command annotations per type); the job summary and ${sarifRel} list them.`);
    }
    if (problems.length) core.warning(problems.join(' '));

    if (inputs.summary) {
      const markdown = renderSummary({ ...summaryInput(), reporting: [...reporting, ...(degraded.length ? [`Reduced mode: ${describeDegraded(degraded)}.`] : []), ...problems] });
      try {
        if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(scrub(markdown), true).write();
        else core.info('GITHUB_STEP_SUMMARY is not set: no job summary written.');
      } catch (thrown) {
        internal.push(`The job summary could not be written (${toError(thrown).message}); the results are in the annotations and ${sarifRel}.`);
      }
    }

    const failedClosed = internal.length > 0 && failOnError;
    core.setOutput('findings', findings.length);
    core.setOutput('blocking', blocking.length);
    core.setOutput('new', fresh);
    core.setOutput('sarif-file', sarifFile);
    core.setOutput('errors', internal.length);
    core.setOutput('result', failedClosed ? 'error' : verdict);
    if (internal.length > 0) {
      const list = scrub(`${plural(internal.length, 'internal error')}: something could not be checked.\n${internal.map((e) => `- ${e}`).join('\n')}`);
      if (failedClosed) core.error(`eks-policy-gate: ${list}\nThe gate failed closed. Fix or exclude what is named above, or set \`fail-on-error: false\` to gate on the findings alone.`);
      else core.warning(`eks-policy-gate: ${list}\nfail-on-error is false: the verdict reflects the findings alone.`);
    }
    if (verdict === 'fail') {
      const message = `${plural(blocking.length, 'blocking finding')} (${inputs.gate === 'new' && baseKnown ? 'new on this change, ' : inputs.gate === 'changed' && changed ? 'in changed files, ' : ''}severity ${inputs.threshold} or above, enforce mode).`;
      if (inputs.fail) core.setFailed(message);
      else core.info(`${message} Not failing the step: fail is false.`);
    }
    if (failedClosed && !(verdict === 'fail' && inputs.fail)) {
      core.setFailed(`eks-policy-gate failed closed on ${plural(internal.length, 'internal error')} (see the error above and the job summary)${verdict === 'fail' ? '' : '; no finding blocks'}.`);
    } else if (verdict === 'fail') {
      // Reported above.
    } else if (uploadRequired) {
      core.setFailed('The SARIF file was not uploaded to code scanning, and upload-sarif is true (see the warning and the job summary).');
    } else {
      core.info(`The gate passes: no blocking finding (${plural(findings.length, 'finding')}, ${fresh} new).`);
    }

    function summaryInput(): SummaryInput {
      const coverage = coverageMarkdown(result);
      return {
        verdict,
        findings,
        suppressed: result.suppressed,
        exceptions: result.exceptions,
        gate: inputs.gate,
        threshold: inputs.threshold,
        baseKnown,
        ...(baseKnown && scope.baseDescription ? { baseDescription: scope.baseDescription } : {}),
        ...(changed ? { changedFiles: changed.size } : {}),
        files: result.files.length,
        documents: result.documents,
        link: (file: string, line: number) => (ctx.repository && headSha ? blobUrl(ctx, headSha, file, line) : undefined),
        ...(coverage ? { coverage } : {}),
        reporting,
        notes,
        ...(internal.length ? { errors: internal.map(scrub), failedClosed: internal.length > 0 && failOnError } : {}),
        ...(inputs.category ? { title: `eks-policy-gate (${inputs.category})` } : {}),
      };
    }
  } catch (thrown) {
    const e = toError(thrown);
    core.setFailed(`eks-policy-gate: ${e instanceof UsageError ? e.message : `internal error: ${e.message}. The gate failed closed; please report this.`}`);
  }
}
