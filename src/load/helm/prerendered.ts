// Pre-rendered Helm output committed to a repository (`helm template ... > out.yaml`): every
// document is headed by `# Source: <chart>/templates/<file>` (platform.md §8).

const HEAD = 64 * 1024;
const SOURCE_HEADER = /(?:^|\n---[ \t]*\r?\n|^---[ \t]*\r?\n)# Source: [^\s/]+\/(?:templates|charts|crds)\/\S/;

/** True when a text is `helm template` output: a `# Source:` header in its first 64 KiB. */
export function isHelmOutput(text: string): boolean {
  return SOURCE_HEADER.test(text.length > HEAD ? text.slice(0, HEAD) : text);
}
