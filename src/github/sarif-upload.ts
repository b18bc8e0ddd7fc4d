// Uploading SARIF to code scanning (POST /repos/{owner}/{repo}/code-scanning/sarifs): gzip then
// base64, with the commit, the ref (the pull request's ref for PR results), the checkout URI
// and the start time; then polling the processing status until GitHub has ingested it.
// Code scanning rejects files over 10 MB gzipped and runs over 25,000 results; such a run is
// trimmed by severity before upload, and the caller says how much was left out.
import { gzipSync } from 'node:zlib';
import { apiFailure, type ApiFailure, type Client } from './client.js';

export const MAX_GZIP_BYTES = 10 * 1000 * 1000;
export const MAX_RESULTS = 25_000;

interface SarifResult {
  level?: string;
  suppressions?: unknown[];
  properties?: { severity?: string; blocking?: boolean };
}
interface SarifLog {
  runs: Array<{ results?: SarifResult[]; properties?: Record<string, unknown> }>;
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

/** Most important first: unsuppressed before suppressed, blocking first, then by severity. */
function rank(r: SarifResult): number {
  const sev = SEVERITY_ORDER.indexOf(r.properties?.severity ?? 'info');
  return (r.suppressions?.length ? 100 : 0) + (r.properties?.blocking ? 0 : 10) + (sev < 0 ? 5 : sev);
}

export interface Trimmed {
  /** The gzipped SARIF, ready to base64. */
  gzipped: Buffer;
  /** Results left out, and how many there were. */
  omitted: number;
  total: number;
}

/**
 * Gzips a SARIF log, first dropping the least severe results when the run has more than
 * `maxResults` results or the gzipped file exceeds `maxBytes`. The results kept are the most
 * severe; the run's properties say how many were left out. `scrub` is applied to the JSON text
 * before it is gzipped (the scan's secret scrubber: its replacements keep JSON valid), so only
 * the trimmed log is ever one string.
 */
export function prepareSarif(
  sarif: SarifLog,
  options: { maxResults?: number; maxBytes?: number; scrub?: (text: string) => string } = {},
): Trimmed {
  const scrub = options.scrub ?? ((text: string) => text);
  const maxResults = options.maxResults ?? MAX_RESULTS;
  const maxBytes = options.maxBytes ?? MAX_GZIP_BYTES;
  const run = sarif.runs[0];
  const all = run?.results ?? [];
  const total = all.length;
  const ordered = all
    .map((r, i) => ({ r, i, k: rank(r) }))
    .sort((a, b) => a.k - b.k || a.i - b.i);
  let keep = Math.min(total, maxResults);
  for (;;) {
    const kept = ordered.slice(0, keep).sort((a, b) => a.i - b.i).map((x) => x.r);
    const omitted = total - kept.length;
    const log: SarifLog = run
      ? {
          ...sarif,
          runs: [
            {
              ...run,
              results: kept,
              ...(omitted ? { properties: { ...run.properties, omittedResults: omitted, omittedReason: `code scanning accepts at most ${maxResults} results and ${maxBytes} gzipped bytes per run; the least severe were left out` } } : {}),
            },
            ...sarif.runs.slice(1),
          ],
        }
      : sarif;
    const gzipped = gzipSync(scrub(JSON.stringify(log)));
    if (gzipped.length <= maxBytes || keep === 0) return { gzipped, omitted, total };
    // Shrink in proportion to the excess, with a margin; at least one result less each time.
    keep = Math.min(keep - 1, Math.floor((keep * maxBytes * 0.95) / gzipped.length));
  }
}

export interface UploadRequest {
  owner: string;
  repo: string;
  commitSha: string;
  ref: string;
  checkoutUri: string;
  startedAt: string;
  gzipped: Buffer;
  /** Delay before each status poll, in ms (default: 2 s, then 5 s each), and the time limit. */
  pollIntervalsMs?: number[];
  pollTimeoutMs?: number;
}

export type UploadOutcome =
  | { kind: 'complete'; id: string; analysesUrl?: string }
  | { kind: 'pending'; id: string }
  /** Uploaded, but its processing status could not be read (GitHub failed on the status request). */
  | { kind: 'unconfirmed'; id: string; failure: ApiFailure }
  | { kind: 'failed'; id?: string; errors: string[] }
  | { kind: 'forbidden'; failure: ApiFailure }
  | { kind: 'error'; failure: ApiFailure };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function uploadSarif(client: Client, req: UploadRequest): Promise<UploadOutcome> {
  let id: string;
  try {
    const res = await client.rest.codeScanning.uploadSarif({
      owner: req.owner,
      repo: req.repo,
      commit_sha: req.commitSha,
      ref: req.ref,
      sarif: req.gzipped.toString('base64'),
      checkout_uri: req.checkoutUri,
      started_at: req.startedAt,
      tool_name: 'eks-policy-gate',
    });
    id = String(res.data.id ?? '');
  } catch (thrown) {
    const failure = apiFailure(thrown);
    // 403: code scanning not enabled, or the token may not write security events (forks,
    // Dependabot). 404: the repository is not visible to the token, or the feature is absent.
    if (failure.status === 403 || failure.status === 404) return { kind: 'forbidden', failure };
    return { kind: 'error', failure };
  }
  const intervals = req.pollIntervalsMs?.length ? req.pollIntervalsMs : [2000, 5000];
  const timeout = req.pollTimeoutMs ?? 120_000;
  const started = Date.now();
  for (let attempt = 0; Date.now() - started < timeout; attempt++) {
    await sleep(intervals[Math.min(attempt, intervals.length - 1)] ?? 5000);
    try {
      const status = await client.rest.codeScanning.getSarif({ owner: req.owner, repo: req.repo, sarif_id: id });
      const s = status.data;
      if (s.processing_status === 'complete') return { kind: 'complete', id, ...(s.analyses_url ? { analysesUrl: s.analyses_url } : {}) };
      if (s.processing_status === 'failed') return { kind: 'failed', id, errors: (s.errors ?? []).map(String) };
    } catch (thrown) {
      const failure = apiFailure(thrown);
      // Right after the upload the status may not exist yet. Any other failure (after the
      // client's retries) leaves the upload done but unconfirmed: not an upload error.
      if (failure.status !== 404) return { kind: 'unconfirmed', id, failure };
    }
  }
  return { kind: 'pending', id };
}
