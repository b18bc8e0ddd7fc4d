// Cross-resource links of a plan, resolved through the `configuration` section (rules.md §11):
// IDs and ARNs of resources created by the same plan are unknown in `after`, so the node
// group's launch template, the cluster's KMS key or a role's policy attachments can only be
// found from the expressions' `references`. References are followed through module calls:
// `module.vpc.private_subnets` goes to the module's output expression, `var.x` inside a module
// to the argument of its module call, recursively.
import { configAddress, moduleOf, splitAddress, type PlanResource } from './plan.js';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A module of the configuration, with the config address prefix of its resources. */
export interface ConfigModule {
  /** `""` for the root module, `module.a.module.b` for nested calls. */
  prefix: string;
  module: Record<string, unknown>;
  /** The call that instantiates it (absent for the root). */
  call?: { name: string; parent: ConfigModule; expressions: Record<string, unknown>; source: string };
}

export interface ConfigResource {
  /** Config address, e.g. `module.eks.aws_eks_cluster.this`. */
  address: string;
  module: ConfigModule;
  expressions: Record<string, unknown>;
}

export interface ConfigIndex {
  modules: Map<string, ConfigModule>;
  resources: Map<string, ConfigResource>;
}

const MAX_DEPTH = 32;

export function indexConfiguration(configuration: Record<string, unknown> | undefined): ConfigIndex {
  const index: ConfigIndex = { modules: new Map(), resources: new Map() };
  const root = configuration && isRecord(configuration.root_module) ? configuration.root_module : undefined;
  if (!root) return index;
  const visit = (m: ConfigModule, depth: number) => {
    if (depth > MAX_DEPTH) return;
    index.modules.set(m.prefix, m);
    const resources = Array.isArray(m.module.resources) ? m.module.resources : [];
    for (const r of resources) {
      if (!isRecord(r) || typeof r.address !== 'string') continue;
      const address = m.prefix ? `${m.prefix}.${r.address}` : r.address;
      const expressions: Record<string, unknown> = isRecord(r.expressions) ? { ...r.expressions } : {};
      // depends_on names resources too (e.g. the cluster's log group); keep it as a reference.
      if (Array.isArray(r.depends_on)) expressions.depends_on = { references: r.depends_on.filter((d) => typeof d === 'string') };
      index.resources.set(address, { address, module: m, expressions });
    }
    const calls = isRecord(m.module.module_calls) ? m.module.module_calls : {};
    for (const [name, call] of Object.entries(calls)) {
      if (!isRecord(call) || !isRecord(call.module)) continue;
      const prefix = m.prefix ? `${m.prefix}.module.${name}` : `module.${name}`;
      visit(
        {
          prefix,
          module: call.module,
          call: { name, parent: m, expressions: isRecord(call.expressions) ? call.expressions : {}, source: typeof call.source === 'string' ? call.source : '' },
        },
        depth + 1,
      );
    }
  };
  visit({ prefix: '', module: root }, 0);
  return index;
}

/** A reference target: a config address, and the instance key when the reference names one. */
interface Target {
  address: string;
  key?: string;
}

const IGNORED_ROOTS = new Set(['count', 'each', 'path', 'terraform', 'self', 'local']);

function resolve(index: ConfigIndex, ref: string, scope: ConfigModule, depth: number, out: Map<string, Target>): void {
  if (depth > MAX_DEPTH) return;
  const steps = splitAddress(ref);
  const first = steps[0] ?? '';
  if (IGNORED_ROOTS.has(first)) return;
  const within = (addr: string) => (scope.prefix ? `${scope.prefix}.${addr}` : addr);
  // Only a literal key (`[0]`, `["a"]`) names one instance; `[count.index]` or `[each.key]` may be any.
  const keyOf = (step: string | undefined) => {
    const m = step ? /\[(.*)\]$/.exec(step) : null;
    return m && /^([0-9]+|"(?:[^"\\]|\\.)*")$/.test(m[1] ?? '') ? m[1] : undefined;
  };
  const bare = (step: string | undefined) => (step ?? '').replace(/\[.*\]$/, '');
  if (first === 'var') {
    const call = scope.call;
    const name = bare(steps[1]);
    const expr = call?.expressions[name];
    if (call && expr !== undefined) for (const r of collect(expr)) resolve(index, r, call.parent, depth + 1, out);
    return;
  }
  if (bare(first) === 'module') {
    const name = bare(steps[1]);
    const output = steps[2];
    if (!name || !output) return;
    const child = index.modules.get(within(`module.${name}`));
    const outputs = child && isRecord(child.module.outputs) ? child.module.outputs : {};
    const o = outputs[bare(output)];
    if (child && isRecord(o) && o.expression !== undefined) for (const r of collect(o.expression)) resolve(index, r, child, depth + 1, out);
    return;
  }
  let addr: string;
  let key: string | undefined;
  if (first === 'data') {
    if (steps.length < 3) return;
    addr = within(`data.${steps[1]}.${bare(steps[2])}`);
    key = keyOf(steps[2]);
  } else {
    if (steps.length < 2) return;
    addr = within(`${first}.${bare(steps[1])}`);
    key = keyOf(steps[1]);
  }
  if (!index.resources.has(addr)) return;
  const id = key === undefined ? addr : `${addr}[${key}]`;
  // A reference with a key is more precise than the keyless one Terraform lists beside it.
  if (key === undefined && [...out.values()].some((t) => t.address === addr)) return;
  if (key !== undefined) out.delete(addr);
  out.set(id, key === undefined ? { address: addr } : { address: addr, key });
}

/** The reference strings of an expression (a `{references}` leaf, or blocks of them). */
function collect(expr: unknown): string[] {
  if (Array.isArray(expr)) return expr.flatMap(collect);
  if (!isRecord(expr)) return [];
  if (Array.isArray(expr.references)) return expr.references.filter((r): r is string => typeof r === 'string');
  if ('constant_value' in expr) return [];
  return Object.values(expr).flatMap(collect);
}

/** Leaves of an expressions tree: dotted attribute path (block indexes included) → reference strings. */
function leaves(expressions: Record<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (e: unknown, p: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(e)) {
      e.forEach((x, i) => walk(x, `${p}.${i}`, depth + 1));
      return;
    }
    if (!isRecord(e)) return;
    if (Array.isArray(e.references)) {
      out.set(p, e.references.filter((r): r is string => typeof r === 'string'));
      return;
    }
    if ('constant_value' in e) return;
    for (const [k, v] of Object.entries(e)) walk(v, p ? `${p}.${k}` : k, depth + 1);
  };
  for (const [k, v] of Object.entries(expressions)) walk(v, k, 0);
  return out;
}

/**
 * For every resource, its references resolved to the addresses of resource instances in the
 * plan: `{ "vpc_config.0.subnet_ids": ["aws_subnet.a[0]", "aws_subnet.a[1]"] }`.
 */
export function resolveReferences(resources: PlanResource[], index: ConfigIndex): Map<string, Record<string, string[]>> {
  const instances = new Map<string, string[]>();
  for (const r of resources) {
    const c = configAddress(r.address);
    const list = instances.get(c);
    if (list) list.push(r.address);
    else instances.set(c, [r.address]);
  }
  const result = new Map<string, Record<string, string[]>>();
  const cache = new Map<string, Map<string, string[]>>();
  for (const r of resources) {
    const config = index.resources.get(configAddress(r.address));
    if (!config) continue;
    let byAttr = cache.get(config.address);
    if (!byAttr) {
      byAttr = new Map();
      for (const [attr, refs] of leaves(config.expressions)) {
        const targets = new Map<string, Target>();
        for (const ref of refs) resolve(index, ref, config.module, 0, targets);
        byAttr.set(attr, [...targets.values()].map((t) => (t.key === undefined ? t.address : `${t.address}\u0000${t.key}`)));
      }
      cache.set(config.address, byAttr);
    }
    const ownModule = r.moduleAddress || moduleOf(r.address);
    const refs: Record<string, string[]> = {};
    for (const [attr, targets] of byAttr) {
      const found = new Set<string>();
      for (const t of targets) {
        const [addr, key] = t.split('\u0000') as [string, string | undefined];
        let candidates = instances.get(addr) ?? [];
        if (key !== undefined) candidates = candidates.filter((a) => a.endsWith(`[${key}]`));
        // Inside a module instance (count/for_each on the module), prefer the same instance.
        if (ownModule) {
          const same = candidates.filter((a) => a.startsWith(`${ownModule}.`));
          if (same.length > 0) candidates = same;
        }
        for (const c of candidates) found.add(c);
      }
      if (found.size > 0) refs[attr] = [...found].sort();
    }
    result.set(r.address, refs);
  }
  return result;
}
