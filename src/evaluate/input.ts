// The input document the policies read. Documented in docs/input.md; keep the two in step.
import type { Config } from '../config/config.js';
import type { FieldPath, Location } from '../model.js';

/**
 * An object in the scan: a Kubernetes object (from a manifest, a rendered chart or overlay) or
 * a Terraform resource. Each input source says how a field path inside the object maps to a
 * place in a file the user edits.
 */
export interface ScanDocument {
  /** Index in the scan's documents, and the `id` policies see. */
  id: number;
  /** File the object is reported in, relative to the repository root. */
  file: string;
  /** How the object reached the scan. */
  source: 'manifest' | 'helm' | 'kustomize' | 'terraform';
  apiVersion: string;
  kind: string;
  name: string;
  /** Resolved namespace; "" for cluster-scoped kinds and Terraform resources. */
  namespace: string;
  object: Record<string, unknown>;
  /** Where a field of the object is: its line, or its nearest existing ancestor's. */
  locate(path: FieldPath): Location;
  /** Values that must never appear in a message (Terraform sensitive values); see evaluate/redact.ts. */
  secrets?: readonly string[];
}

export interface InputDocument {
  id: number;
  file: string;
  source: ScanDocument['source'];
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  object: Record<string, unknown>;
}

export interface PolicyContext {
  pss: { enforce: string; audit: string; warn: string; version: string; exempt_namespaces: string[]; exempt_runtime_classes: string[] };
  namespaces: { system: string[]; authoritative: string[] | 'all' | null };
  tenants: { label: string; hard: boolean; node_label: string };
  cluster: { version: string; break_glass: string[] };
  /** Keys an organisation requires for compliance scoping (EKS-CMP-005). */
  compliance: { required_labels: string[]; required_tags: string[] };
  /** EKS-CMP-001 supported versions, EKS-DET-002 minimum log retention, EKS-IR-006 investigation window. */
  terraform: { supported_versions: string[]; log_retention_days: number; ir_window_days: number };
}

export interface PolicyInput {
  documents: InputDocument[];
  context: PolicyContext;
}

export function buildContext(config: Config): PolicyContext {
  return {
    pss: {
      enforce: config.pss.enforce,
      audit: config.pss.audit,
      warn: config.pss.warn,
      version: config.pss.version,
      exempt_namespaces: config.pss.exemptNamespaces,
      exempt_runtime_classes: config.pss.exemptRuntimeClasses,
    },
    namespaces: { system: config.namespaces.system, authoritative: config.namespaces.authoritative },
    tenants: { label: config.tenants.label, hard: config.tenants.hard, node_label: config.tenants.nodeLabel },
    cluster: { version: config.raw.cluster?.version ?? '', break_glass: config.raw.cluster?.['break-glass'] ?? [] },
    compliance: {
      required_labels: config.raw.compliance?.['required-labels'] ?? [],
      required_tags: config.raw.compliance?.['required-tags'] ?? [],
    },
    terraform: {
      supported_versions: config.raw.terraform?.['supported-versions'] ?? ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'],
      log_retention_days: config.raw.terraform?.['log-retention-days'] ?? 90,
      ir_window_days: config.raw.terraform?.['ir-window-days'] ?? 90,
    },
  };
}

export function buildInput(documents: ScanDocument[], config: Config): PolicyInput {
  return {
    documents: documents.map((d) => ({
      id: d.id,
      file: d.file,
      source: d.source,
      apiVersion: d.apiVersion,
      kind: d.kind,
      name: d.name,
      namespace: d.namespace,
      object: d.object,
    })),
    context: buildContext(config),
  };
}
