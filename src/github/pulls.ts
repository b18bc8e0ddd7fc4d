// The pull request's changed files from the API (GET /repos/{owner}/{repo}/pulls/{n}/files),
// when git cannot tell (no base commit in the checkout). GitHub lists at most 3,000 files.
import type { ChangedFile } from '../gate/git.js';
import type { Client } from './client.js';

export const MAX_LISTED_FILES = 3000;

const STATUSES = new Set<ChangedFile['status']>(['added', 'modified', 'removed', 'renamed', 'copied', 'changed']);

export async function listPullRequestFiles(client: Client, owner: string, repo: string, pullNumber: number): Promise<{ files: ChangedFile[]; capped: boolean }> {
  const raw = await client.paginate(client.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
  const files = raw.map((f): ChangedFile => {
    const status = STATUSES.has(f.status as ChangedFile['status']) ? (f.status as ChangedFile['status']) : 'changed';
    return { path: f.filename, status, ...(f.previous_filename ? { previous: f.previous_filename } : {}) };
  });
  return { files, capped: raw.length >= MAX_LISTED_FILES };
}
