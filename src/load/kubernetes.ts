// From parsed YAML documents to Kubernetes objects: recognise objects, expand `kind: List`,
// resolve each object's namespace.
import type { FieldPath } from '../model.js';
import type { ParsedDocument } from './yaml.js';
import type { Frame } from './source-map.js';

/** Kinds that have no namespace. Objects of other kinds live in a namespace. */
const CLUSTER_SCOPED = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterRole', 'ClusterRoleBinding',
  'ComponentStatus', 'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration', 'Namespace',
  'Node', 'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'PriorityLevelConfiguration',
  'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'VolumeAttachment', 'VolumeAttributesClass', 'ClusterPolicy',
  'ClusterSecretStore', 'ENIConfig', 'NodePool', 'EC2NodeClass', 'NodeClass', 'ConstraintTemplate',
]);

export interface KubeObject {
  /** The object, as the API server would see it. */
  object: Record<string, unknown>;
  apiVersion: string;
  kind: string;
  name: string;
  /** Resolved namespace; "" for cluster-scoped kinds. */
  namespace: string;
  /** Position of the YAML document in its file, from 0. */
  documentIndex: number;
  /** Path from the YAML document's root to this object (non-empty for List items). */
  basePath: FieldPath;
  /** Frame of the YAML document root, for line lookups. */
  root: Frame | undefined;
  /** Offset where the YAML document starts. */
  start: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** True when a value looks like a Kubernetes object: a mapping with string apiVersion and kind. */
export function isKubernetesObject(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && v.kind !== '';
}

function isList(o: Record<string, unknown>): boolean {
  return (o.kind === 'List' || (typeof o.kind === 'string' && o.kind.endsWith('List'))) && Array.isArray(o.items);
}

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

function toObject(
  o: Record<string, unknown>,
  doc: ParsedDocument,
  basePath: FieldPath,
  defaultNamespace: string,
): KubeObject {
  const metadata = isRecord(o.metadata) ? o.metadata : {};
  const kind = o.kind as string;
  const declared = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '';
  return {
    object: o,
    apiVersion: o.apiVersion as string,
    kind,
    name,
    namespace: isClusterScoped(kind) ? '' : declared || defaultNamespace,
    documentIndex: doc.index,
    basePath,
    root: doc.root,
    start: doc.start,
  };
}

/** The Kubernetes objects of a parsed file; documents that are not objects are left out. */
export function kubernetesObjects(documents: ParsedDocument[], defaultNamespace: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of documents) {
    const v = doc.value;
    if (!isKubernetesObject(v)) continue;
    if (isList(v)) {
      (v.items as unknown[]).forEach((item, i) => {
        if (isKubernetesObject(item)) out.push(toObject(item, doc, ['items', i], defaultNamespace));
      });
    } else {
      out.push(toObject(v, doc, [], defaultNamespace));
    }
  }
  return out;
}
