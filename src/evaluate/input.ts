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
  /**
   * Where a field of the object is: its line, or its nearest existing ancestor's. `embedded`
   * is a path inside the YAML/JSON text the string at `path` holds; sources that cannot place
   * it ignore it.
   */
  locate(path: FieldPath, embedded?: FieldPath): Location;
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
  tenants: {
    label: string; hard: boolean; node_label: string;
    principals: string[]; priority_classes: string[]; untrusted_label: string; sandbox_runtime_classes: string[];
  };
  /** EKS-IR-001 quarantine label, EKS-NET-016 Istio root namespace, EKS-NET-013 application-TLS ports. */
  network: { quarantine_label: string; istio_root_namespace: string; tls_ports: number[] };
  cluster: { version: string; break_glass: string[] };
  /** Keys an organisation requires for compliance scoping (EKS-CMP-005). */
  compliance: { required_labels: string[]; required_tags: string[] };
  /** Allow-lists of the RBAC rules (EKS-RBAC-001, -004, -012). */
  rbac: { cluster_admin_subjects: string[]; workload_creators: string[]; exec_roles: string[] };
  /** EKS-IAM-012 shared roles, -018 allowed token Secrets, -019 opt-in annotation. */
  service_accounts: { token_secrets: string[]; api_access_annotation: string; shared_roles: string[] };
  /** EKS-IMG-003 approved registries and ECR accounts, -013 verification enforced elsewhere. */
  images: { registries: string[]; ecr_accounts: string[]; verification: boolean };
  /** EKS-DATA-009: scan every string of custom resources. */
  secrets: { scan_custom_resources: boolean };
  /** EKS-RT-003: workloads allowed dangerous capabilities. */
  runtime: { capability_workloads: string[] };
  /** EKS-CMP-001 supported versions, EKS-DET-002 minimum log retention, EKS-IR-006 investigation window. */
  terraform: { supported_versions: string[]; log_retention_days: number; ir_window_days: number };
}

/** RuntimeClass names and handlers that sandbox a pod (Kata Containers, gVisor): EKS-MT-008. */
export const DEFAULT_SANDBOX_RUNTIMES = ['kata', 'kata-qemu', 'kata-clh', 'kata-fc', 'kata-dragonball', 'gvisor', 'runsc'];

export interface PolicyInput {
  documents: InputDocument[];
  context: PolicyContext;
  /** Values computed once per scan for every rule package (rego/lib/shared.rego); absent in tests. */
  shared?: { kinds: Record<string, number[]>; namespaced: Record<string, number[]> };
}

/** The ids of the documents under each key, in scan order; a document without a key is in none. */
function idsBy(documents: readonly InputDocument[], keyOf: (d: InputDocument) => string | undefined): Record<string, number[]> {
  const index = new Map<string, number[]>();
  for (const d of documents) {
    const key = keyOf(d);
    if (key === undefined) continue;
    const ids = index.get(key);
    if (ids) ids.push(d.id);
    else index.set(key, [d.id]);
  }
  // fromEntries defines every key as an own property, "__proto__" included.
  return Object.fromEntries(index);
}

/**
 * The ids of the documents of each kind, in scan order: `k8s.of_kind`'s index
 * (rego/lib/shared.rego). Built here, in one pass, rather than in Rego, where grouping ids by
 * kind takes a set per kind and putting a set in order is an insertion sort in OPA's Wasm
 * runtime (opa_array_sort): quadratic in the documents of one kind, 0.18 s at 20,000 documents
 * and about 13 s at 100,000.
 */
export function kindIndex(documents: readonly InputDocument[]): Record<string, number[]> {
  return idsBy(documents, (d) => d.kind);
}

/**
 * The ids of the Kubernetes documents of each namespace, in scan order: `netpol`'s index of
 * namespaced objects (rego/lib/netpol.rego), which every NetworkPolicy package would otherwise
 * build from every document of the scan. Objects without a namespace, and plan resources, are
 * in none.
 */
export function namespaceIndex(documents: readonly InputDocument[]): Record<string, number[]> {
  return idsBy(documents, (d) => (d.source === 'terraform' || typeof d.namespace !== 'string' || d.namespace === '' ? undefined : d.namespace));
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
    tenants: {
      label: config.tenants.label,
      hard: config.tenants.hard,
      node_label: config.tenants.nodeLabel,
      principals: config.raw.tenants?.principals ?? [],
      priority_classes: config.raw.tenants?.['priority-classes'] ?? [],
      untrusted_label: config.raw.tenants?.['untrusted-label'] ?? 'eks.policy/untrusted',
      sandbox_runtime_classes: config.raw.tenants?.['sandbox-runtime-classes'] ?? DEFAULT_SANDBOX_RUNTIMES,
    },
    network: {
      quarantine_label: config.raw.network?.['quarantine-label'] ?? 'quarantine',
      istio_root_namespace: config.raw.network?.['istio-root-namespace'] ?? 'istio-system',
      tls_ports: config.raw.network?.['tls-ports'] ?? [443, 8443],
    },
    cluster: { version: config.raw.cluster?.version ?? '', break_glass: config.raw.cluster?.['break-glass'] ?? [] },
    compliance: {
      required_labels: config.raw.compliance?.['required-labels'] ?? [],
      required_tags: config.raw.compliance?.['required-tags'] ?? [],
    },
    rbac: {
      cluster_admin_subjects: config.raw.rbac?.['cluster-admin-subjects'] ?? [],
      workload_creators: config.raw.rbac?.['workload-creators'] ?? [],
      exec_roles: config.raw.rbac?.['exec-roles'] ?? [],
    },
    service_accounts: {
      token_secrets: config.raw['service-accounts']?.['token-secrets'] ?? [],
      api_access_annotation: config.raw['service-accounts']?.['api-access-annotation'] ?? 'policy.eks/needs-k8s-api',
      shared_roles: config.raw['service-accounts']?.['shared-roles'] ?? [],
    },
    images: {
      registries: config.raw.images?.registries ?? [],
      ecr_accounts: config.raw.images?.['ecr-accounts'] ?? [],
      verification: config.raw.images?.verification ?? false,
    },
    secrets: { scan_custom_resources: config.raw.secrets?.['scan-custom-resources'] ?? false },
    runtime: { capability_workloads: config.raw.runtime?.['capability-workloads'] ?? [] },
    terraform: {
      supported_versions: config.raw.terraform?.['supported-versions'] ?? ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'],
      log_retention_days: config.raw.terraform?.['log-retention-days'] ?? 90,
      ir_window_days: config.raw.terraform?.['ir-window-days'] ?? 90,
    },
  };
}

/**
 * What policies see of an object. A CustomResourceDefinition's OpenAPI schemas (often most of
 * a repository's bytes: a quarter of the benchmark corpus) are left out: no rule reads them,
 * and they would only cost memory and time in the engine. Everything else is passed as is.
 */
export function policyView(kind: string, object: Record<string, unknown>): Record<string, unknown> {
  if (kind !== 'CustomResourceDefinition') return object;
  const spec = object.spec;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return object;
  const rest: Record<string, unknown> = { ...(spec as Record<string, unknown>) };
  const versions = rest.versions;
  delete rest.validation;
  delete rest.versions;
  const pruned = Array.isArray(versions)
    ? versions.map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, unknown>), schema: {} } : v))
    : versions;
  return { ...object, spec: { ...rest, ...(versions === undefined ? {} : { versions: pruned }) } };
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
      object: policyView(d.kind, d.object),
    })),
    context: buildContext(config),
  };
}
