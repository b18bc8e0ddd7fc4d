// User policies (the `policies` configuration key, `--policies`, the action's `policies`
// input): directories of Rego compiled with `opa` on PATH, or prebuilt Wasm bundles. They run
// as a second engine on the same input as the built-in rules; each `deny` entrypoint is one
// rule whose METADATA (copied into the bundle's .manifest) feeds the catalog like a built-in's.
// The contract is documented in docs/custom-policies.md.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { Config } from '../../config/config.js';
import { UsageError, toError } from '../../errors.js';
import type { RawFinding } from '../../model.js';
import { RuleIndex, type RuleMeta } from '../catalog.js';
import { toRawFinding } from '../engine.js';
import { loadPolicySync } from '../instance.js';
import type { PolicyInput } from '../input.js';
import { readBundle, type BundleFiles } from './bundle.js';
import { compileDirectory } from './compile.js';
import { findDeclaration, ruleAnnotation, toRuleMeta } from './metadata.js';

/** Where a policy source is, and how to name it to the user. */
export interface PolicySource {
  path: string;
  display: string;
}

interface CustomRule {
  meta: RuleMeta;
  entrypoint: string;
  policy: LoadedPolicy;
  where: string;
}

export interface CustomPolicies {
  /** The built-in catalog plus every custom rule. */
  rules: RuleIndex;
  /** Custom rules only. */
  custom: RuleMeta[];
  /** Runs every custom rule on the input. */
  evaluate(input: PolicyInput): RawFinding[];
}

/** The configuration's `policies`, relative to the configuration file's directory. */
export function configuredPolicies(config: Config, root: string): PolicySource[] {
  const base = config.file ? path.dirname(config.file) : root;
  return (config.raw.policies ?? []).map((p) => {
    const abs = path.resolve(base, p);
    const rel = path.relative(process.cwd(), abs);
    return { path: abs, display: path.isAbsolute(p) && rel && !rel.startsWith('..') ? rel : p };
  });
}

/** Sources named on the command line or in the action, relative to `base`. */
export function policySources(paths: readonly string[], base: string): PolicySource[] {
  return paths.map((p) => ({ path: path.resolve(base, p), display: p }));
}

function isBundleFile(p: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(p);
}

// Compiling takes a second or two; a run that scans twice (e.g. the base revision too)
// compiles once. Keyed by the directory and the size and mtime of every file in it.
const compiled = new Map<string, Buffer>();

function directoryKey(dir: string): string {
  const hash = crypto.createHash('sha256').update(dir);
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = fs.statSync(p);
        hash.update(`${p}\0${st.size}\0${st.mtimeMs}\0`);
      }
    }
  };
  walk(dir);
  return hash.digest('hex');
}

function bundleBytes(source: PolicySource): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source.path);
  } catch {
    throw new UsageError(`policies: ${source.display}: no such file or directory. Name a directory of Rego or a .tar.gz bundle from \`opa build -t wasm\`.`);
  }
  if (stat.isDirectory()) {
    const key = directoryKey(source.path);
    let bytes = compiled.get(key);
    if (!bytes) {
      bytes = compileDirectory(source.path, source.display);
      compiled.set(key, bytes);
    }
    return bytes;
  }
  if (stat.isFile() && isBundleFile(source.path)) return fs.readFileSync(source.path);
  throw new UsageError(`policies: ${source.display}: not a directory or a .tar.gz bundle. Name a directory of Rego or a bundle from \`opa build -t wasm\`.`);
}

interface Resolver {
  entrypoint?: unknown;
  module?: unknown;
  annotations?: unknown;
}

/** The Rego sources to search for a rule's METADATA: the directory's files, else the bundle's. */
function regoSources(source: PolicySource, files: BundleFiles): Map<string, Buffer> {
  if (!fs.statSync(source.path).isDirectory()) return files;
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.rego') && !e.name.endsWith('_test.rego')) {
        const rel = path.relative(process.cwd(), p);
        out.set(rel.startsWith('..') ? p : rel, fs.readFileSync(p));
      }
    }
  };
  walk(source.path);
  return out;
}

function loadSource(source: PolicySource, files: BundleFiles): CustomRule[] {
  let manifest: { wasm?: Resolver[] };
  try {
    manifest = JSON.parse(files.get('.manifest')?.toString('utf8') ?? '') as { wasm?: Resolver[] };
  } catch (err) {
    throw new UsageError(`policies: ${source.display}: the bundle's .manifest is not JSON (${toError(err).message}). Rebuild it with \`opa build -t wasm\`.`);
  }
  const modules = new Map<string, LoadedPolicy>();
  const module = (name: string): LoadedPolicy => {
    let policy = modules.get(name);
    if (!policy) {
      const wasm = files.get(name.replace(/^\/+/, ''));
      if (!wasm) throw new UsageError(`policies: ${source.display}: the manifest names ${name}, which the bundle does not contain. Rebuild it.`);
      try {
        policy = loadPolicySync(wasm);
        const data = files.get('data.json');
        if (data) {
          const parsed: unknown = JSON.parse(data.toString('utf8'));
          if (parsed && typeof parsed === 'object' && Object.keys(parsed).length > 0) policy.setData(parsed as object);
        }
      } catch (err) {
        throw new UsageError(`policies: ${source.display}: cannot load ${name}: ${toError(err).message}. Rebuild it with \`opa build -t wasm\`.`);
      }
      modules.set(name, policy);
    }
    return policy;
  };
  const rules: CustomRule[] = [];
  for (const r of manifest.wasm ?? []) {
    if (typeof r.entrypoint !== 'string') continue;
    const annotation = ruleAnnotation(r.annotations);
    if (!annotation) {
      // opa adds entrypoints for rules that depend on an entrypoint; only `deny` rules must declare metadata.
      if (r.entrypoint.endsWith('/deny')) {
        throw new UsageError(
          `policies: ${source.display}: ${r.entrypoint} has no METADATA with custom.id. Put the rule's METADATA block ` +
            '(title, custom.id, custom.severity, custom.remediation, entrypoint: true) directly above its `deny` rule; see docs/custom-policies.md.',
        );
      }
      continue;
    }
    const id = String(annotation.custom?.id ?? '');
    const at = findDeclaration(regoSources(source, files), id);
    const where = `policies: ${source.display}${at ? ` (${at.file}:${at.line})` : ''}`;
    const meta = toRuleMeta(annotation, r.entrypoint, where, at?.file ?? source.display);
    rules.push({ meta, entrypoint: r.entrypoint, policy: module(typeof r.module === 'string' ? r.module : '/policy.wasm'), where });
  }
  if (rules.length === 0) {
    throw new UsageError(
      `policies: ${source.display}: no custom rule found. Each rule is a \`deny\` set with a METADATA block that has \`entrypoint: true\` and custom.id; see docs/custom-policies.md.`,
    );
  }
  return rules;
}

function evaluateRule(rule: CustomRule, input: ArrayBuffer, documents: number): RawFinding[] {
  let result: unknown;
  try {
    result = rule.policy.evaluate(input, rule.entrypoint);
  } catch (thrown) {
    throw new UsageError(`${rule.where}: rule ${rule.meta.id} failed to evaluate: ${toError(thrown).message}. Fix the policy (it must not error on any input).`);
  }
  const set = Array.isArray(result) && result.length > 0 ? (result[0] as { result?: unknown }).result : [];
  if (!Array.isArray(set)) throw new UsageError(`${rule.where}: ${rule.entrypoint} of rule ${rule.meta.id} must be a set of findings.`);
  return set.map((v) => {
    const o = v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : undefined;
    if (!o) throw new UsageError(`${rule.where}: rule ${rule.meta.id} returned ${JSON.stringify(v).slice(0, 200)}; a finding is an object built with data.eks.lib.result.new.`);
    o.rule ??= rule.meta.id;
    if (o.rule !== rule.meta.id) {
      throw new UsageError(
        `${rule.where}: rule ${rule.meta.id} reported a finding for rule ${JSON.stringify(o.rule)}; a custom rule reports only its own ID (its METADATA custom.id).`,
      );
    }
    if (typeof o.doc !== 'number' || !Number.isInteger(o.doc) || o.doc < 0 || o.doc >= documents) {
      throw new UsageError(`${rule.where}: rule ${rule.meta.id} returned a finding whose "doc" is not a document id of the input (use doc.id).`);
    }
    if (typeof o.message !== 'string') throw new UsageError(`${rule.where}: rule ${rule.meta.id} returned a finding without a string "message".`);
    return toRawFinding(o);
  });
}

/** Loads every source; the returned index holds the built-in and the custom rules. */
export function loadCustomPolicies(sources: readonly PolicySource[], builtin: RuleIndex): CustomPolicies {
  if (sources.length === 0) return { rules: builtin, custom: [], evaluate: () => [] };
  const all: CustomRule[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    for (const rule of loadSource(source, readBundle(bundleBytes(source), `policies: ${source.display}`))) {
      const id = rule.meta.id;
      if (builtin.get(id)) throw new UsageError(`${rule.where}: custom.id ${id} is a built-in rule's ID; custom rules need their own IDs.`);
      const before = seen.get(id);
      if (before) throw new UsageError(`${rule.where}: custom.id ${id} is already used by ${before}; every rule needs its own ID.`);
      seen.set(id, rule.where);
      all.push(rule);
    }
  }
  const custom = all.map((r) => r.meta);
  const rules = new RuleIndex({
    version: builtin.catalog.version,
    rules: [...builtin.rules, ...custom].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  });
  return {
    rules,
    custom,
    evaluate(input: PolicyInput): RawFinding[] {
      if (input.documents.length === 0) return [];
      // Serialised once for every rule (the SDK would stringify per call otherwise).
      const bytes = new TextEncoder().encode(JSON.stringify(input));
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return all.flatMap((rule) => evaluateRule(rule, buffer, input.documents.length));
    },
  };
}
