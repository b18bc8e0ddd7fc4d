// Reads a Terraform plan (`terraform show -json` output) and lists the resources policies see,
// following rules.md §11 and platform.md §7:
//   - resource_changes[]: every entry except delete-only ones (and deposed objects, which are
//     being destroyed); a replace (["delete","create"] or ["create","delete"]) is read from
//     `after`. No-op entries stay: they are part of the infrastructure the plan leaves in place,
//     and cross-resource rules (flow logs, log groups, attachments) need them.
//   - data sources read while planning live in prior_state (Terraform ≥ 0.13 lists only the
//     deferred ones in resource_changes), so they are taken from there.
//   - a hand-trimmed plan without resource_changes falls back to planned_values.
import { parse as parseLenient, type ParseError } from 'jsonc-parser';

/** A path inside the plan JSON: object keys and array indexes. */
export type JsonPath = Array<string | number>;

export interface PlanResource {
  /** Full instance address, e.g. `module.eks.aws_eks_cluster.this` or `aws_subnet.a[0]`. */
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** count / for_each key of the instance, when it has one. */
  index?: string | number;
  /** Module instance address (`module.eks`, `module.sg["a"]`), "" in the root module. */
  moduleAddress: string;
  provider: string;
  /** The planned actions (`["create"]`, `["update"]`, `["no-op"]`, `["read"]`, ...). */
  actions: string[];
  /** Planned values (`change.after`); unknown leaves are null or absent here. */
  values: Record<string, unknown>;
  /** `change.after_unknown`: `true` on leaves whose value is known only after apply. */
  unknown: unknown;
  /** `change.after_sensitive`: `true` on leaves Terraform marks sensitive. */
  sensitive: unknown;
  /** Where `values` sits in the plan JSON, for locations. */
  valuesPath: JsonPath;
  /** Where the resource's entry sits in the plan JSON. */
  entryPath: JsonPath;
}

export interface Plan {
  formatVersion: string;
  terraformVersion: string;
  resources: PlanResource[];
  /** The `configuration` section (expressions and module calls), if the plan has one. */
  configuration: Record<string, unknown> | undefined;
}

export type PlanReadResult =
  | { ok: true; plan: Plan }
  | { ok: false; message: string; offset: number };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** True for the format versions this reader understands: every 0.x and 1.x. */
export function supportedFormat(version: string): boolean {
  return /^[01]\.[0-9]+$/.test(version);
}

/** Where a JSON text stops being valid, for the error's line. */
function syntaxError(text: string): { message: string; offset: number } {
  const errors: ParseError[] = [];
  parseLenient(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  const names: Record<number, string> = {
    1: 'invalid symbol', 2: 'invalid number format', 3: 'property name expected', 4: 'value expected',
    5: 'colon expected', 6: 'comma expected', 7: 'closing brace expected', 8: 'closing bracket expected',
    9: 'end of file expected', 10: 'invalid comment token', 11: 'unexpected end of comment',
    12: 'unexpected end of string', 13: 'unexpected end of number', 14: 'invalid unicode', 15: 'invalid escape character',
    16: 'invalid character',
  };
  return first ? { message: names[first.error] ?? 'invalid JSON', offset: first.offset } : { message: 'invalid JSON', offset: 0 };
}

function stripIndex(name: string): { name: string; index?: string | number } {
  const m = /^(.*?)\[(.*)\]$/.exec(name);
  if (!m) return { name };
  const raw = m[2] ?? '';
  if (/^[0-9]+$/.test(raw)) return { name: m[1] ?? name, index: Number(raw) };
  try {
    return { name: m[1] ?? name, index: JSON.parse(raw) as string };
  } catch {
    return { name: m[1] ?? name, index: raw };
  }
}

/** The module instance part of a resource address: `module.a["x"].module.b` for `module.a["x"].module.b.aws_y.z`. */
export function moduleOf(address: string): string {
  const segments = splitAddress(address);
  let end = 0;
  while (end + 1 < segments.length && segments[end] === 'module') end += 2;
  return joinAddress(segments.slice(0, end));
}

/**
 * Splits an address or reference on the dots that separate its steps, keeping index
 * brackets (which may hold quoted keys with dots) attached to their step.
 */
export function splitAddress(address: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i] as string;
    if (quoted) {
      current += ch;
      if (ch === '\\') {
        current += address[i + 1] ?? '';
        i++;
      } else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

function joinAddress(segments: string[]): string {
  return segments.join('.');
}

/** An address without instance keys: `module.sg.aws_security_group.bad` for `module.sg["a"].aws_security_group.bad[0]`. */
export function configAddress(address: string): string {
  return splitAddress(address).map((s) => s.replace(/\[.*\]$/, '')).join('.');
}

function fromChange(rc: Record<string, unknown>, i: number): PlanResource | undefined {
  const change = isRecord(rc.change) ? rc.change : {};
  const actions = Array.isArray(change.actions) ? change.actions.filter((a): a is string => typeof a === 'string') : [];
  if (actions.length === 1 && actions[0] === 'delete') return undefined;
  if (actions.length === 1 && actions[0] === 'forget') return undefined;
  if (rc.deposed !== undefined && rc.deposed !== null && rc.deposed !== '') return undefined;
  if (!isRecord(change.after)) return undefined;
  const address = str(rc.address);
  const type = str(rc.type);
  if (!address || !type) return undefined;
  const { name, index } = stripIndex(str(rc.name) || (splitAddress(address).pop() ?? ''));
  return {
    address,
    mode: rc.mode === 'data' ? 'data' : 'managed',
    type,
    name,
    ...(rc.index !== undefined ? { index: rc.index as string | number } : index !== undefined ? { index } : {}),
    moduleAddress: str(rc.module_address) || moduleOf(address),
    provider: str(rc.provider_name),
    actions,
    values: change.after,
    unknown: change.after_unknown ?? {},
    sensitive: change.after_sensitive ?? {},
    valuesPath: ['resource_changes', i, 'change', 'after'],
    entryPath: ['resource_changes', i],
  };
}

interface ModuleWalk {
  module: Record<string, unknown>;
  path: JsonPath;
}

/** Every module of a values representation (planned_values / prior_state.values), depth first. */
function modules(root: unknown, rootPath: JsonPath): ModuleWalk[] {
  const out: ModuleWalk[] = [];
  const visit = (m: unknown, p: JsonPath, depth: number) => {
    if (!isRecord(m) || depth > 64) return;
    out.push({ module: m, path: p });
    if (Array.isArray(m.child_modules)) m.child_modules.forEach((c, i) => visit(c, [...p, 'child_modules', i], depth + 1));
  };
  visit(root, rootPath, 0);
  return out;
}

function fromValues(r: Record<string, unknown>, path: JsonPath, actions: string[]): PlanResource | undefined {
  const address = str(r.address);
  const type = str(r.type);
  if (!address || !type || !isRecord(r.values)) return undefined;
  const { name, index } = stripIndex(str(r.name) || (splitAddress(address).pop() ?? ''));
  return {
    address,
    mode: r.mode === 'data' ? 'data' : 'managed',
    type,
    name,
    ...(r.index !== undefined ? { index: r.index as string | number } : index !== undefined ? { index } : {}),
    moduleAddress: moduleOf(address),
    provider: str(r.provider_name),
    actions,
    values: r.values,
    unknown: {},
    sensitive: r.sensitive_values ?? {},
    valuesPath: [...path, 'values'],
    entryPath: path,
  };
}

/** Parses and reads a plan JSON text. Never throws: problems come back with their offset. */
export function readPlan(text: string): PlanReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const e = syntaxError(text);
    return { ok: false, message: `invalid JSON (${e.message})`, offset: e.offset };
  }
  if (!isRecord(data)) return { ok: false, message: 'the file is JSON but not a Terraform plan (the top level is not an object)', offset: 0 };
  const formatVersion = typeof data.format_version === 'string' ? data.format_version : '';
  if (!supportedFormat(formatVersion)) {
    const offset = Math.max(0, text.indexOf('"format_version"'));
    return {
      ok: false,
      offset,
      message: formatVersion
        ? `Terraform plan format_version "${formatVersion}" is not supported (this gate reads 0.x and 1.x, the formats of Terraform 0.12 and later)`
        : 'the file has no string format_version, so it is not a `terraform show -json` plan',
    };
  }
  const resources: PlanResource[] = [];
  const seen = new Set<string>();
  const changes = Array.isArray(data.resource_changes) ? data.resource_changes : undefined;
  if (changes) {
    changes.forEach((rc, i) => {
      if (!isRecord(rc)) return;
      // A deposed object may share its address with the new one: only the current object counts.
      const r = fromChange(rc, i);
      if (r && !seen.has(r.address)) {
        seen.add(r.address);
        resources.push(r);
      }
    });
    // Data sources read while planning.
    const prior = isRecord(data.prior_state) && isRecord(data.prior_state.values) ? data.prior_state.values.root_module : undefined;
    for (const { module, path } of modules(prior, ['prior_state', 'values', 'root_module'])) {
      if (!Array.isArray(module.resources)) continue;
      module.resources.forEach((r, j) => {
        if (!isRecord(r) || r.mode !== 'data') return;
        const res = fromValues(r, [...path, 'resources', j], ['read']);
        if (res && !seen.has(res.address)) {
          seen.add(res.address);
          resources.push(res);
        }
      });
    }
  } else {
    const planned = isRecord(data.planned_values) ? data.planned_values.root_module : undefined;
    for (const { module, path } of modules(planned, ['planned_values', 'root_module'])) {
      if (!Array.isArray(module.resources)) continue;
      module.resources.forEach((r, j) => {
        if (!isRecord(r)) return;
        const res = fromValues(r, [...path, 'resources', j], ['unknown']);
        if (res && !seen.has(res.address)) {
          seen.add(res.address);
          resources.push(res);
        }
      });
    }
  }
  return {
    ok: true,
    plan: {
      formatVersion,
      terraformVersion: str(data.terraform_version),
      resources,
      configuration: isRecord(data.configuration) ? data.configuration : undefined,
    },
  };
}
