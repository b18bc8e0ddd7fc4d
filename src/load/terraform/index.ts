// The Terraform source: plan files (`terraform show -json` output, or binary plans converted
// with it) become scan documents, one per resource instance, plus one Kubernetes document per
// Kubernetes object a `kubernetes_*` resource manages. docs/input.md describes their shape.
import type { InputFile } from '../../discover/discover.js';
import type { ScanDocument } from '../../evaluate/input.js';
import type { FieldPath, Location, RawFinding, ScannedFile } from '../../model.js';
import { decode } from '../decode.js';
import { DEFAULT_LIMITS, fileSizeMessage, InputBudget, limitFinding, type InputLimits } from '../limits.js';
import { readBounded } from '../read.js';
import { isClusterScoped } from '../kubernetes.js';
import { LineIndex } from '../source-map.js';
import { sensitiveValues } from '../../evaluate/redact.js';
import { convertBinaryPlan } from './convert.js';
import { JsonLocator } from './json-locator.js';
import { kubernetesObject } from './kubernetes.js';
import { configAddress, readPlan, type PlanResource } from './plan.js';
import { indexConfiguration, resolveReferences } from './references.js';
import { sourceLocator, type SourceLocator } from './sources.js';

export interface TerraformOptions {
  /** Repository root (absolute). */
  root: string;
  /** `terraform.sources` of the configuration: the .tf directory, relative to the root. */
  sourcesDir?: string;
  /** Time limit for `terraform show -json`, in seconds. */
  subprocessSeconds?: number;
  /** Input limits (load/limits.ts); the defaults when absent. */
  limits?: InputLimits;
  /** The scan's shared byte budget (limits.total-size). */
  budget?: InputBudget;
}

export interface TerraformOutput {
  files: ScannedFile[];
  documents: Array<Omit<ScanDocument, 'id'>>;
  findings: RawFinding[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function inputFinding(file: string, text: string, offset: number, message: string): RawFinding {
  const { line, column } = new LineIndex(text).position(offset);
  return { rule: 'EKS-INPUT-001', file, line, column, message };
}

/** A path inside a Terraform document's object → the plan value path it is about. */
function valuePathOf(path: FieldPath): FieldPath {
  const [head, ...rest] = path;
  if (head === 'values' || head === 'unknown' || head === 'sensitive') return rest;
  if (head === 'references' && typeof rest[0] === 'string') {
    return rest[0].split('.').map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
  }
  return [];
}

function loadText(file: string, text: string, abs: string, opts: TerraformOptions, out: TerraformOutput): void {
  const read = readPlan(text);
  if (!read.ok) {
    out.findings.push(inputFinding(file, text, read.offset, `${file} cannot be read as a Terraform plan: ${read.message}. Produce it with \`terraform show -json <planfile>\`; nothing in it was checked.`));
    return;
  }
  const { plan } = read;
  const config = indexConfiguration(plan.configuration);
  const refs = resolveReferences(plan.resources, config);
  const json = new JsonLocator(file, text);
  const sources: SourceLocator = sourceLocator({ planAbs: abs, root: opts.root, ...(opts.sourcesDir ? { sourcesDir: opts.sourcesDir } : {}), config });
  let count = 0;
  for (const r of plan.resources) {
    const locateValue = (valuePath: FieldPath): Location => {
      const tf = sources.locate(configAddress(r.address), r.mode, valuePath);
      if (tf) return tf;
      return json.locate(valuePath.length > 0 ? [...r.valuesPath, ...valuePath] : r.entryPath);
    };
    const secrets = [...sensitiveValues(r.values, r.sensitive)];
    const home = sources.locate(configAddress(r.address), r.mode, [])?.file ?? file;
    const object = normalised(r, file, refs.get(r.address) ?? {});
    out.documents.push({
      file: home,
      source: 'terraform',
      apiVersion: '',
      kind: r.type,
      name: r.address,
      namespace: '',
      object,
      locate: (path) => locateValue(valuePathOf(path)),
      ...(secrets.length > 0 ? { secrets } : {}),
    });
    count++;
    if (r.mode !== 'managed') continue;
    const k8s = kubernetesObject(r.type, r.values);
    if (!k8s) continue;
    const metadata = isRecord(k8s.object.metadata) ? k8s.object.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '';
    const namespace = isClusterScoped(k8s.kind) ? '' : typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : 'default';
    out.documents.push({
      file: home,
      source: 'terraform',
      apiVersion: k8s.apiVersion,
      kind: k8s.kind,
      name,
      namespace,
      object: k8s.object,
      locate: (path) => locateValue(k8s.origin(path)),
      ...(secrets.length > 0 ? { secrets } : {}),
    });
    count++;
  }
  out.files.push({ path: file, documents: count });
}

/** The document object of a resource (docs/input.md, "Terraform resources"). */
function normalised(r: PlanResource, plan: string, references: Record<string, string[]>): Record<string, unknown> {
  return {
    plan,
    address: r.address,
    mode: r.mode,
    type: r.type,
    name: r.name,
    ...(r.index !== undefined ? { index: r.index } : {}),
    module: r.moduleAddress,
    provider: r.provider,
    actions: r.actions,
    values: r.values,
    unknown: r.unknown ?? {},
    sensitive: r.sensitive ?? {},
    references,
  };
}

export function loadTerraformPlans(plans: InputFile[], binaryPlans: InputFile[], opts: TerraformOptions): TerraformOutput {
  const out: TerraformOutput = { files: [], documents: [], findings: [] };
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const budget = opts.budget ?? new InputBudget(limits);
  for (const input of plans) {
    const read = readBounded(input.abs, { maxBytes: limits.fileSize, explicit: input.explicit, ...(input.real !== undefined ? { real: input.real } : {}) });
    if (!read.ok) {
      if (read.reason === 'too-large') out.findings.push(limitFinding(input.rel, 1, 1, fileSizeMessage(input.rel, read.size, limits.fileSize, 'plan file')));
      else out.findings.push({ rule: 'EKS-INPUT-001', file: input.rel, line: 1, column: 1, message: `${input.rel} ${read.message}, so nothing in it was checked.` });
      continue;
    }
    if (!budget.take(read.bytes.length, input.rel)) {
      out.findings.push(budget.refusal(input.rel));
      continue;
    }
    const decoded = decode(read.bytes);
    if (decoded.kind !== 'text') {
      const at = decoded.kind === 'invalid' ? { line: decoded.line, column: decoded.column } : { line: 1, column: 1 };
      out.findings.push({
        rule: 'EKS-INPUT-001', file: input.rel, ...at,
        message: decoded.kind === 'invalid'
          ? `${input.rel} cannot be read as text: ${decoded.message}. Save the plan JSON as UTF-8, or UTF-16 with a byte-order mark.`
          : `${input.rel} is binary, not plan JSON. Convert it with \`terraform show -json\`, or list it under terraform.binary-plans.`,
      });
      continue;
    }
    loadText(input.rel, decoded.text, input.abs, opts, out);
  }
  for (const input of binaryPlans) {
    const converted = convertBinaryPlan(input.abs, opts.subprocessSeconds ?? limits.subprocessSeconds, limits.fileSize);
    if (!converted.ok) {
      const limit = converted.limit === 'time' || converted.limit === 'size';
      out.findings.push({ rule: limit ? 'EKS-INPUT-005' : 'EKS-INPUT-001', file: input.rel, line: 1, column: 1, message: `${input.rel} ${converted.message}`.replace(' :', ':') });
      continue;
    }
    if (!budget.take(Buffer.byteLength(converted.text), input.rel)) {
      out.findings.push(budget.refusal(input.rel));
      continue;
    }
    // Locations fall back to the binary file itself (line 1) when the .tf sources are not found.
    const before = out.documents.length;
    loadText(input.rel, converted.text, input.abs, opts, out);
    for (const d of out.documents.slice(before)) {
      const locate = d.locate;
      d.locate = (path) => {
        const l = locate(path);
        return l.file === input.rel ? { file: input.rel, line: 1, column: 1, endLine: 1 } : l;
      };
    }
  }
  return out;
}
