// A check run carrying every annotation (POST /repos/{owner}/{repo}/check-runs, then PATCH to
// append): GitHub accepts at most 50 annotations per request, and each update appends, so the
// annotations go in batches of 50 and the last request completes the run. Needs `checks:
// write`; a read-only token (fork pull requests) gets 403 and the caller falls back to
// workflow commands.
import { apiFailure, type ApiFailure, type Client } from './client.js';

export const ANNOTATIONS_PER_REQUEST = 50;
/** output.title, output.summary and output.text limits of the Checks API. */
const MAX_TITLE = 255;
const MAX_TEXT = 65_535;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunRequest {
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  title: string;
  summary: string;
  text?: string;
  conclusion: 'success' | 'failure' | 'neutral';
  annotations: readonly CheckAnnotation[];
  detailsUrl?: string;
  externalId?: string;
}

export type CheckRunOutcome =
  | { kind: 'ok'; id: number; url?: string; requests: number; annotations: number }
  | { kind: 'forbidden'; failure: ApiFailure }
  | { kind: 'error'; failure: ApiFailure; published: number };

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export async function publishCheckRun(client: Client, req: CheckRunRequest): Promise<CheckRunOutcome> {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < req.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(req.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  const output = (annotations: CheckAnnotation[]) => ({
    title: clip(req.title, MAX_TITLE),
    summary: clip(req.summary, MAX_TEXT),
    ...(req.text ? { text: clip(req.text, MAX_TEXT) } : {}),
    ...(annotations.length ? { annotations } : {}),
  });
  const done = (last: boolean) =>
    last ? { status: 'completed' as const, conclusion: req.conclusion, completed_at: new Date().toISOString() } : { status: 'in_progress' as const };

  let id: number;
  let url: string | undefined;
  let published: number;
  try {
    const created = await client.rest.checks.create({
      owner: req.owner,
      repo: req.repo,
      name: req.name,
      head_sha: req.headSha,
      started_at: new Date().toISOString(),
      ...(req.detailsUrl ? { details_url: req.detailsUrl } : {}),
      ...(req.externalId ? { external_id: req.externalId } : {}),
      ...done(batches.length === 1),
      output: output(batches[0] ?? []),
    });
    id = created.data.id;
    url = created.data.html_url ?? undefined;
    published = batches[0]?.length ?? 0;
  } catch (thrown) {
    const failure = apiFailure(thrown);
    if (failure.status === 403 || failure.status === 404) return { kind: 'forbidden', failure };
    return { kind: 'error', failure, published: 0 };
  }
  for (let b = 1; b < batches.length; b++) {
    try {
      await client.rest.checks.update({
        owner: req.owner,
        repo: req.repo,
        check_run_id: id,
        ...done(b === batches.length - 1),
        output: output(batches[b] ?? []),
      });
      published += batches[b]?.length ?? 0;
    } catch (thrown) {
      // Never leave the check run "in progress" on the pull request: complete it without the
      // rest of the annotations (best effort; the caller falls back to workflow commands).
      try {
        await client.rest.checks.update({
          owner: req.owner,
          repo: req.repo,
          check_run_id: id,
          ...done(true),
          output: { title: clip(req.title, MAX_TITLE), summary: clip(`${req.summary}\n\n_Only ${published} of ${req.annotations.length} annotations could be attached; the rest are workflow-command annotations in the job log._`, MAX_TEXT) },
        });
      } catch {
        // The failure being reported already says GitHub is failing.
      }
      return { kind: 'error', failure: apiFailure(thrown), published };
    }
  }
  return { kind: 'ok', id, ...(url ? { url } : {}), requests: batches.length, annotations: published };
}
