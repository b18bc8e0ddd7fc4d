// One sticky pull-request comment, found by a hidden marker and updated in place on every run
// (GET/POST /repos/{owner}/{repo}/issues/{number}/comments, PATCH
// /repos/{owner}/{repo}/issues/comments/{id}).
import { apiFailure, type ApiFailure, type Client } from './client.js';

/** GitHub's limit on a comment body. */
export const MAX_COMMENT = 65_536;

export function commentMarker(category: string): string {
  return `<!-- eks-policy-gate:comment${category ? `:${category.replace(/-->/g, '')}` : ''} -->`;
}

export type CommentOutcome =
  | { kind: 'created' | 'updated'; id: number; url: string }
  | { kind: 'forbidden'; failure: ApiFailure }
  | { kind: 'error'; failure: ApiFailure };

export async function upsertComment(
  client: Client,
  req: { owner: string; repo: string; number: number; marker: string; body: string },
): Promise<CommentOutcome> {
  const body = `${req.marker}\n${req.body}`;
  const clipped = body.length > MAX_COMMENT ? `${body.slice(0, MAX_COMMENT - 80)}\n\n_(truncated: the full report is in the job summary)_` : body;
  try {
    const comments = await client.paginate(client.rest.issues.listComments, { owner: req.owner, repo: req.repo, issue_number: req.number, per_page: 100 });
    const mine = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(req.marker));
    if (mine) {
      const res = await client.rest.issues.updateComment({ owner: req.owner, repo: req.repo, comment_id: mine.id, body: clipped });
      return { kind: 'updated', id: res.data.id, url: res.data.html_url };
    }
    const res = await client.rest.issues.createComment({ owner: req.owner, repo: req.repo, issue_number: req.number, body: clipped });
    return { kind: 'created', id: res.data.id, url: res.data.html_url };
  } catch (thrown) {
    const failure = apiFailure(thrown);
    if (failure.status === 403 || failure.status === 404) return { kind: 'forbidden', failure };
    return { kind: 'error', failure };
  }
}
