// The configuration file: where it is, what it says, and what applies when it says nothing.
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
// The schema (docs/config.schema.json) compiled at build time (scripts/config-validator.mjs).
import validateConfig from './schema-validator.js';
import { parseYaml } from '../load/yaml.js';
import { LineIndex, resolvePath } from '../load/source-map.js';
import type { Mode, Severity } from '../model.js';
import { UsageError } from '../errors.js';
import { decodeText } from '../load/decode.js';
import { checkDocument, DEFAULT_LIMITS, formatBytes, limitsFrom, parserOptions, type InputLimits } from '../load/limits.js';
import { readBounded } from '../load/read.js';

export type Level = 'privileged' | 'baseline' | 'restricted';

export interface RuleSetting {
  mode?: Mode | 'off';
  severity?: Severity;
}

export interface ExceptionEntry {
  rule: string;
  resource?: string | { apiVersion?: string; kind?: string; namespace?: string; name?: string };
  file?: string;
  reason: string;
  owner?: string;
  expires?: string;
}

/** The configuration as the file states it (every key optional). */
export interface ConfigFile {
  version?: 1;
  'severity-threshold'?: Severity;
  pss?: {
    enforce?: Level;
    audit?: Level;
    warn?: Level;
    version?: string;
    exempt?: { namespaces?: string[]; runtimeClasses?: string[] };
  };
  rules?: Record<string, RuleSetting>;
  exceptions?: ExceptionEntry[];
  namespaces?: { default?: string; system?: string[]; authoritative?: 'all' | string[] };
  tenants?: {
    label?: string; hard?: boolean; 'node-label'?: string;
    /** EKS-MT-004, -006, -008: tenant principal globs, allowed PriorityClasses, untrusted namespaces' label, sandbox runtimes. */
    principals?: string[]; 'priority-classes'?: string[]; 'untrusted-label'?: string; 'sandbox-runtime-classes'?: string[];
  };
  /** Network rules: EKS-IR-001 quarantine label, EKS-NET-016 Istio root namespace, EKS-NET-013 ports where apps do their own TLS. */
  network?: { 'quarantine-label'?: string; 'istio-root-namespace'?: string; 'tls-ports'?: number[] };
  helm?: Array<{ chart: string; release?: string; namespace?: string; values?: string[]; set?: Record<string, string | number | boolean>; 'kube-version'?: string; 'api-versions'?: string[] }>;
  kustomize?: Array<string | { path: string; namespace?: string }>;
  terraform?: {
    plans?: string[]; 'binary-plans'?: string[]; sources?: string;
    'supported-versions'?: string[]; 'log-retention-days'?: number; 'ir-window-days'?: number;
  };
  paths?: { include?: string[]; exclude?: string[] };
  policies?: string[];
  frameworks?: string[];
  /** Organisation-required scoping keys (EKS-CMP-005). */
  compliance?: { 'required-labels'?: string[]; 'required-tags'?: string[] };
  cluster?: { version?: string; 'break-glass'?: string[] };
  /** RBAC allow-lists (EKS-RBAC-001, -004, -012). */
  rbac?: { 'cluster-admin-subjects'?: string[]; 'workload-creators'?: string[]; 'exec-roles'?: string[] };
  /** ServiceAccount settings (EKS-IAM-012, -018, -019). */
  'service-accounts'?: { 'token-secrets'?: string[]; 'api-access-annotation'?: string; 'shared-roles'?: string[] };
  /** Image supply chain (EKS-IMG-003, -013). */
  images?: { registries?: string[]; 'ecr-accounts'?: string[]; verification?: boolean };
  /** Secret detection (EKS-DATA-009). */
  secrets?: { 'scan-custom-resources'?: boolean };
  /** Runtime allow-list (EKS-RT-003). */
  runtime?: { 'capability-workloads'?: string[] };
  limits?: {
    'file-size'?: number; 'documents-per-file'?: number; 'total-size'?: number;
    aliases?: number; depth?: number; 'subprocess-seconds'?: number;
  };
  'fail-on-error'?: boolean;
}

/** The configuration with defaults applied. */
export interface Config {
  /** Absolute path of the file it came from, if any. */
  file?: string;
  severityThreshold: Severity;
  pss: { enforce: Level; audit: Level; warn: Level; version: string; exemptNamespaces: string[]; exemptRuntimeClasses: string[] };
  rules: Record<string, RuleSetting>;
  exceptions: ExceptionEntry[];
  namespaces: { default: string; system: string[]; authoritative: 'all' | string[] | null };
  tenants: { label: string; hard: boolean; nodeLabel: string };
  paths: { include: string[]; exclude: string[] };
  /** `limits:` with defaults (load/limits.ts); `subprocessSeconds`: the longest a renderer may run. */
  limits: InputLimits;
  /** `fail-on-error` (default true): an internal error fails the gate (exit 2) even when no finding blocks. */
  failOnError: boolean;
  raw: ConfigFile;
}

export const CONFIG_NAMES = ['.eks-policy-gate.yaml', '.eks-policy-gate.yml'];

export const DEFAULT_SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

export function withDefaults(raw: ConfigFile, file?: string): Config {
  return {
    ...(file ? { file } : {}),
    severityThreshold: raw['severity-threshold'] ?? 'high',
    pss: {
      enforce: raw.pss?.enforce ?? 'baseline',
      audit: raw.pss?.audit ?? 'restricted',
      warn: raw.pss?.warn ?? 'restricted',
      version: raw.pss?.version ?? 'latest',
      exemptNamespaces: raw.pss?.exempt?.namespaces ?? [],
      exemptRuntimeClasses: raw.pss?.exempt?.runtimeClasses ?? [],
    },
    rules: raw.rules ?? {},
    exceptions: raw.exceptions ?? [],
    namespaces: {
      default: raw.namespaces?.default ?? 'default',
      system: raw.namespaces?.system ?? DEFAULT_SYSTEM_NAMESPACES,
      authoritative: raw.namespaces?.authoritative ?? null,
    },
    tenants: { label: raw.tenants?.label ?? 'tenant', hard: raw.tenants?.hard ?? false, nodeLabel: raw.tenants?.['node-label'] ?? '' },
    paths: { include: raw.paths?.include ?? [], exclude: raw.paths?.exclude ?? [] },
    limits: limitsFrom(raw.limits),
    failOnError: raw['fail-on-error'] ?? true,
    raw,
  };
}

/** Finds the configuration file: `start` and then each parent directory. */
export function findConfig(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function describe(e: ErrorObject): { path: (string | number)[]; text: string } {
  const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const p: (string | number)[] = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const key = segments.join('.') || '(top level)';
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String(e.params.additionalProperty);
      return { path: [...p, extra], text: `unknown key "${extra}" under ${key}` };
    }
    case 'enum':
      return { path: p, text: `${key} must be one of ${(e.params.allowedValues as unknown[]).join(', ')}` };
    case 'required':
      return { path: p, text: `${key} needs "${String(e.params.missingProperty)}"` };
    default:
      return { path: p, text: `${key} ${e.message ?? 'is invalid'}` };
  }
}

/** Reads and validates a configuration file; an invalid one is a usage error naming file, line and key. */
export function loadConfigFile(file: string, displayName = file): Config {
  // The configuration comes with the pull request, so it is read as warily as any input: a
  // bounded size, any supported encoding, and no alias bomb reaching the schema validator.
  const read = readBounded(file, { maxBytes: DEFAULT_LIMITS.fileSize, explicit: true });
  if (!read.ok) {
    const why = read.reason === 'too-large' ? `it is larger than ${formatBytes(DEFAULT_LIMITS.fileSize)}` : read.message.replace(/^is /, 'it is ');
    throw new UsageError(`${displayName}: cannot read the configuration file (${why}). Fix the configuration file.`);
  }
  const decoded = decodeText(read.bytes);
  if ('error' in decoded) throw new UsageError(`${displayName}: cannot read the configuration file (${decoded.error}). Save it as UTF-8.`);
  const text = decoded.text;
  const parsed = parseYaml(text, parserOptions(DEFAULT_LIMITS));
  const lines = new LineIndex(text);
  const problem = parsed.problems[0];
  if (problem) {
    const { line, column } = lines.position(problem.offset);
    throw new UsageError(`${displayName}:${line}:${column}: invalid YAML: ${problem.message}. Fix the configuration file.`);
  }
  const doc = parsed.documents[0];
  const excess = doc ? checkDocument(doc, DEFAULT_LIMITS) : undefined;
  if (excess && 'rule' in excess) {
    const { line, column } = lines.position(doc?.start ?? 0);
    const why = { cyclic: 'contains itself through an alias', aliases: `uses aliases that expand to more than ${DEFAULT_LIMITS.aliases} nodes`, size: `expands through its aliases to more than ${formatBytes(DEFAULT_LIMITS.fileSize)}`, depth: `nests deeper than ${DEFAULT_LIMITS.depth} levels` }[excess.kind];
    throw new UsageError(`${displayName}:${line}:${column}: the configuration ${why}. Fix the configuration file.`);
  }
  const value = doc?.value ?? {};
  if (!validateConfig(value)) {
    const messages = (validateConfig.errors ?? [])
      .filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if')
      .map((e) => {
        const d = describe(e);
        const at = doc?.root ? lines.position(resolvePath(doc.root, d.path).offset) : { line: 1, column: 1 };
        return `${displayName}:${at.line}:${at.column}: ${d.text}`;
      });
    const unique = [...new Set(messages)];
    throw new UsageError(
      `invalid configuration:\n  ${unique.join('\n  ')}\nSee docs/config.schema.json for every key.`,
    );
  }
  return withDefaults(value, file);
}
