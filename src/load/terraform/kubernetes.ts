// Kubernetes objects managed by Terraform (`kubernetes_*` resources of the hashicorp/kubernetes
// provider) become Kubernetes documents, so the Kubernetes rules evaluate them: the aws-auth
// ConfigMap, RBAC, ServiceAccounts, Secrets, Namespaces, workloads.
//
// The provider writes the API object in HCL shape: snake_case names, every nested object a
// one-element block list, repeated fields in the singular (`container`, `volume_mount`), and a
// few numbers as strings (`run_as_user = "0"`). The conversion reverses that, and records for
// each field of the result the path of the plan value it came from, so findings still point at
// the .tf attribute. `kubernetes_manifest` carries the object as written and needs no
// conversion.
import type { FieldPath } from '../../model.js';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

interface KindInfo {
  apiVersion: string;
  kind: string;
  /** Top-level fields copied (converted) besides metadata. */
  fields: string[];
}

const KINDS: Record<string, KindInfo> = {
  config_map: { apiVersion: 'v1', kind: 'ConfigMap', fields: ['data', 'binary_data', 'immutable'] },
  config_map_v1_data: { apiVersion: 'v1', kind: 'ConfigMap', fields: ['data'] },
  // A Terraform Secret's values come from variables, not from a committed manifest: they are
  // checked by EKS-DATA-012 on the resource, so only the type and metadata are carried over.
  secret: { apiVersion: 'v1', kind: 'Secret', fields: ['type', 'immutable'] },
  service_account: { apiVersion: 'v1', kind: 'ServiceAccount', fields: ['automount_service_account_token', 'image_pull_secret', 'secret'] },
  namespace: { apiVersion: 'v1', kind: 'Namespace', fields: [] },
  role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', fields: ['rule'] },
  cluster_role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', fields: ['rule', 'aggregation_rule'] },
  role_binding: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', fields: ['role_ref', 'subject'] },
  cluster_role_binding: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', fields: ['role_ref', 'subject'] },
  pod: { apiVersion: 'v1', kind: 'Pod', fields: ['spec'] },
  deployment: { apiVersion: 'apps/v1', kind: 'Deployment', fields: ['spec'] },
  daemonset: { apiVersion: 'apps/v1', kind: 'DaemonSet', fields: ['spec'] },
  daemon_set: { apiVersion: 'apps/v1', kind: 'DaemonSet', fields: ['spec'] },
  stateful_set: { apiVersion: 'apps/v1', kind: 'StatefulSet', fields: ['spec'] },
  replication_controller: { apiVersion: 'v1', kind: 'ReplicationController', fields: ['spec'] },
  job: { apiVersion: 'batch/v1', kind: 'Job', fields: ['spec'] },
  cron_job: { apiVersion: 'batch/v1', kind: 'CronJob', fields: ['spec'] },
  network_policy: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', fields: ['spec'] },
  storage_class: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', fields: ['storage_provisioner', 'parameters', 'reclaim_policy', 'volume_binding_mode', 'allow_volume_expansion', 'mount_options'] },
  persistent_volume: { apiVersion: 'v1', kind: 'PersistentVolume', fields: ['spec'] },
  service: { apiVersion: 'v1', kind: 'Service', fields: ['spec'] },
  ingress: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', fields: ['spec'] },
  limit_range: { apiVersion: 'v1', kind: 'LimitRange', fields: ['spec'] },
  resource_quota: { apiVersion: 'v1', kind: 'ResourceQuota', fields: ['spec'] },
  priority_class: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', fields: ['value', 'global_default', 'preemption_policy', 'description'] },
  runtime_class: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', fields: ['handler'] },
};

/** Repeated blocks whose Kubernetes field is a plural list. */
const LISTS: Record<string, string> = {
  container: 'containers', init_container: 'initContainers', ephemeral_container: 'ephemeralContainers',
  volume: 'volumes', volume_mount: 'volumeMounts', volume_device: 'volumeDevices', port: 'ports', env: 'env', env_from: 'envFrom',
  toleration: 'tolerations', host_aliases: 'hostAliases', image_pull_secrets: 'imagePullSecrets', image_pull_secret: 'imagePullSecrets',
  readiness_gate: 'readinessGates', topology_spread_constraint: 'topologySpreadConstraints',
  match_expressions: 'matchExpressions', rule: 'rules', subject: 'subjects', ingress: 'ingress', egress: 'egress', from: 'from', to: 'to',
  ports: 'ports', sysctl: 'sysctls', items: 'items', node_selector_term: 'nodeSelectorTerms', match_fields: 'matchFields',
  preferred_during_scheduling_ignored_during_execution: 'preferredDuringSchedulingIgnoredDuringExecution',
  required_during_scheduling_ignored_during_execution: 'requiredDuringSchedulingIgnoredDuringExecution',
  cluster_role_selectors: 'clusterRoleSelectors', tls: 'tls', limit: 'limits',
  dns_config_option: 'options', option: 'options', scope_selector: 'scopeSelector', match_expression: 'matchExpressions',
};

/** Names whose camelCase form is not the mechanical one. */
const NAMES: Record<string, string> = {
  host_pid: 'hostPID', host_ipc: 'hostIPC', api_groups: 'apiGroups', non_resource_urls: 'nonResourceURLs',
  se_linux_options: 'seLinuxOptions', binary_data: 'binaryData', storage_provisioner: 'provisioner',
  target_port: 'targetPort', cluster_ip: 'clusterIP', external_ips: 'externalIPs', load_balancer_ip: 'loadBalancerIP',
  pod_cidr: 'podCIDR', ip_block: 'ipBlock', cidr: 'cidr', image_pull_secret: 'imagePullSecrets',
  service_account_name: 'serviceAccountName', automount_service_account_token: 'automountServiceAccountToken',
};

/** Fields the provider types as strings that Kubernetes types as integers. */
const INTEGERS = new Set(['run_as_user', 'run_as_group', 'fs_group', 'container_port', 'host_port', 'supplemental_groups']);

/** Map-typed attributes: their keys are data, not field names. */
const MAPS = new Set(['data', 'binary_data', 'labels', 'annotations', 'node_selector', 'parameters', 'match_labels', 'limits', 'requests', 'volume_attributes', 'hard']);

function camel(name: string): string {
  return NAMES[name] ?? name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The Kubernetes name of a field: plural for repeated blocks, camelCase otherwise. */
function fieldName(key: string, value: unknown): string {
  const list = LISTS[key];
  return list && Array.isArray(value) && value.every(isRecord) ? list : camel(key);
}

export interface ConvertedObject {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
  /** The plan value path (inside `values`) of a field path of the object. */
  origin(path: FieldPath): FieldPath;
}

function convertValue(key: string, value: unknown, from: FieldPath, to: FieldPath, origins: Map<string, FieldPath>): unknown {
  origins.set(JSON.stringify(to), from);
  if (MAPS.has(key)) {
    if (isRecord(value)) for (const k of Object.keys(value)) origins.set(JSON.stringify([...to, k]), [...from, k]);
    return value;
  }
  if (INTEGERS.has(key) && typeof value === 'string' && /^-?[0-9]+$/.test(value)) return Number(value);
  if (Array.isArray(value)) {
    const objects = value.every(isRecord);
    if (objects && !(key in LISTS) && value.length <= 1) {
      // A one-element block list: a nested object.
      return value.length === 1 ? convertObject(value[0] as Record<string, unknown>, [...from, 0], to, origins) : undefined;
    }
    if (objects && value.length === 0) return undefined;
    return value.map((v, i) => (isRecord(v) ? convertObject(v, [...from, i], [...to, i], origins) : (origins.set(JSON.stringify([...to, i]), [...from, i]), v)));
  }
  if (isRecord(value)) return convertObject(value, from, to, origins);
  return value;
}

function convertObject(o: Record<string, unknown>, from: FieldPath, to: FieldPath, origins: Map<string, FieldPath>): Record<string, unknown> {
  origins.set(JSON.stringify(to), from);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    const name = fieldName(k, v);
    const converted = convertValue(k, v, [...from, k], [...to, name], origins);
    if (converted !== undefined) out[name] = converted;
  }
  return out;
}

/** The Kubernetes object a `kubernetes_*` resource manages, or undefined for other types. */
export function kubernetesObject(type: string, values: Record<string, unknown>): ConvertedObject | undefined {
  if (!type.startsWith('kubernetes_')) return undefined;
  if (type === 'kubernetes_manifest') {
    const m = values.manifest;
    if (!isRecord(m) || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') return undefined;
    return { apiVersion: m.apiVersion, kind: m.kind, object: m, origin: (p) => ['manifest', ...p] };
  }
  const base = type.slice('kubernetes_'.length).replace(/_v[0-9]+$/, '');
  const info = KINDS[type.slice('kubernetes_'.length)] ?? KINDS[base];
  if (!info) return undefined;
  const origins = new Map<string, FieldPath>();
  const object: Record<string, unknown> = { apiVersion: info.apiVersion, kind: info.kind };
  origins.set('[]', []);
  const metadata = Array.isArray(values.metadata) && isRecord(values.metadata[0]) ? values.metadata[0] : {};
  object.metadata = convertObject(metadata, ['metadata', 0], ['metadata'], origins);
  for (const field of info.fields) {
    const v = values[field];
    if (v === null || v === undefined) continue;
    const name = fieldName(field, v);
    const converted = convertValue(field, v, [field], [name], origins);
    if (converted !== undefined) object[name] = converted;
  }
  return {
    apiVersion: info.apiVersion,
    kind: info.kind,
    object,
    origin(path) {
      for (let n = path.length; n >= 0; n--) {
        const found = origins.get(JSON.stringify(path.slice(0, n)));
        if (found) return found;
      }
      return [];
    },
  };
}
