// A finding's identity across runs: a hash of the rule, the resource it is about and the
// field path, so it survives reformatting, file moves and re-rendering. Array indexes of
// named items (containers, volumes, ports) are replaced by their names, so reordering
// containers does not change the fingerprint either.
import { createHash } from 'node:crypto';
import type { FieldPath } from '../model.js';

export interface FingerprintSubject {
  ruleId: string;
  /** kind/namespace/name for Kubernetes objects, the address for Terraform resources. */
  resource?: { kind: string; namespace?: string; name: string };
  path?: FieldPath;
  /** The object the path points into, to name array items. */
  object?: unknown;
  /** For findings about a file rather than a resource. */
  file?: string;
  message?: string;
}

export function stablePath(path: FieldPath | undefined, object: unknown): string {
  if (!path) return '';
  let node: unknown = object;
  const parts: string[] = [];
  for (const step of path) {
    if (typeof step === 'number') {
      const item = Array.isArray(node) ? node[step] : undefined;
      const name = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>).name : undefined;
      parts.push(typeof name === 'string' && name !== '' ? `[name=${name}]` : `[${step}]`);
      node = item;
    } else {
      parts.push(`.${step}`);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[step] : undefined;
    }
  }
  return parts.join('');
}

export function fingerprint(s: FingerprintSubject): string {
  const identity = s.resource
    ? `${s.resource.kind}|${s.resource.namespace ?? ''}|${s.resource.name}|${stablePath(s.path, s.object)}`
    : `file|${s.file ?? ''}|${s.message ?? ''}`;
  return createHash('sha256').update(`v1|${s.ruleId}|${identity}`).digest('hex').slice(0, 32);
}
