// A custom rule's metadata: the METADATA block on its `deny` rule, as `opa build -t wasm`
// copies it into the bundle's .manifest (wasm[].annotations). Held to the same contract as the
// built-in rules' metadata (scripts/build.mjs), with a few defaults for brevity.
import { UsageError } from '../../errors.js';
import type { Mode, Severity } from '../../model.js';
import { MODES, SEVERITIES } from '../../model.js';
import { FRAMEWORK_SOURCES } from '../../compliance/frameworks.js';
import type { RuleMeta } from '../catalog.js';

/** What a custom ID looks like: upper-case words joined by "-", e.g. ACME-LBL-001. */
export const CUSTOM_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
/** IDs of this prefix belong to the built-in rules, today's and tomorrow's. */
export const RESERVED_PREFIX = 'EKS-';

const INPUTS = ['k8s', 'tf', 'input'] as const;

interface Annotation {
  scope?: string;
  title?: unknown;
  description?: unknown;
  related_resources?: unknown;
  custom?: Record<string, unknown>;
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** The annotation that declares the rule: the one carrying custom.id. */
export function ruleAnnotation(annotations: unknown): Annotation | undefined {
  if (!Array.isArray(annotations)) return undefined;
  return (annotations as Annotation[]).find((a) => a && typeof a === 'object' && a.custom && typeof a.custom === 'object' && 'id' in a.custom);
}

/**
 * Validates the annotation of entrypoint `entrypoint` and turns it into catalog metadata.
 * `where` names the rule for error messages (policy source, file and line when known).
 */
export function toRuleMeta(a: Annotation, entrypoint: string, where: string, source: string): RuleMeta {
  const c = a.custom ?? {};
  const problems: string[] = [];
  const id = c.id;
  if (typeof id !== 'string' || !CUSTOM_ID.test(id)) problems.push(`custom.id ${JSON.stringify(id)} must look like ACME-AREA-001 (upper-case words joined by "-")`);
  else if (id.startsWith(RESERVED_PREFIX)) problems.push(`custom.id ${id}: IDs starting with ${RESERVED_PREFIX} are reserved for the built-in rules; use your organisation's prefix`);
  if (typeof a.title !== 'string' || !a.title.trim()) problems.push('title is required');
  if (a.description !== undefined && typeof a.description !== 'string') problems.push('description must be a string');
  if (!(SEVERITIES as readonly unknown[]).includes(c.severity)) problems.push(`custom.severity must be one of ${SEVERITIES.join(', ')}`);
  if (c.mode !== undefined && !(MODES as readonly unknown[]).includes(c.mode)) problems.push(`custom.mode must be one of ${MODES.join(', ')}`);
  if (c.input !== undefined && !(INPUTS as readonly unknown[]).includes(c.input)) problems.push(`custom.input must be one of ${INPUTS.join(', ')}`);
  if (typeof c.remediation !== 'string' || !c.remediation.trim()) problems.push('custom.remediation is required (what to change to fix a finding)');
  const fix = c.fix as { before?: unknown; after?: unknown } | undefined;
  if (fix !== undefined && (typeof fix !== 'object' || typeof fix?.before !== 'string' || typeof fix?.after !== 'string')) {
    problems.push('custom.fix must have string `before` and `after`');
  }
  const compliance = c.compliance ?? {};
  if (typeof compliance !== 'object' || Array.isArray(compliance)) problems.push('custom.compliance must map framework keys to lists of controls');
  else {
    for (const [key, controls] of Object.entries(compliance as Record<string, unknown>)) {
      if (!(FRAMEWORK_SOURCES as readonly string[]).includes(key)) problems.push(`custom.compliance.${key}: unknown framework key; use ${FRAMEWORK_SOURCES.join(', ')}`);
      else if (!isStringList(controls)) problems.push(`custom.compliance.${key} must be a list of strings`);
    }
  }
  if (c.tags !== undefined && !isStringList(c.tags)) problems.push('custom.tags must be a list of strings');
  const refs = a.related_resources ?? [];
  if (!Array.isArray(refs)) problems.push('related_resources must be a list');
  if (problems.length) {
    throw new UsageError(`${where}: invalid METADATA for the rule at ${entrypoint}:\n  ${problems.join('\n  ')}\nSee docs/custom-policies.md.`);
  }
  const title = (a.title as string).trim();
  return {
    id: id as string,
    title,
    description: typeof a.description === 'string' && a.description.trim() ? a.description.trim() : title,
    severity: c.severity as Severity,
    mode: (c.mode as Mode | undefined) ?? 'enforce',
    input: (c.input as RuleMeta['input'] | undefined) ?? 'k8s',
    remediation: (c.remediation as string).trim(),
    ...(fix ? { fix: { before: fix.before as string, after: fix.after as string } } : {}),
    references: (refs as Array<{ ref?: unknown; description?: unknown }>).map((r) => ({
      title: String(r.description ?? r.ref ?? ''),
      ...(typeof r.ref === 'string' ? { url: r.ref } : {}),
    })),
    compliance: compliance as Record<string, string[]>,
    tags: (c.tags as string[] | undefined) ?? [],
    package: entrypoint.split('/').slice(0, -1).join('.'),
    source,
  };
}

/** The file and line of `id: <ID>` in the bundle's Rego sources, for messages. */
export function findDeclaration(files: Map<string, Buffer>, id: string): { file: string; line: number } | undefined {
  const pattern = new RegExp(`^\\s*#\\s*id:\\s*["']?${id.replace(/[^A-Za-z0-9-]/g, '')}["']?\\s*$`);
  for (const [file, bytes] of files) {
    if (!file.endsWith('.rego') || file.includes('eks-policy-gate-lib/')) continue;
    const lines = bytes.toString('utf8').split('\n');
    const i = lines.findIndex((l) => pattern.test(l));
    if (i >= 0) return { file, line: i + 1 };
  }
  return undefined;
}
