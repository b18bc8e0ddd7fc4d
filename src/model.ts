// The data that flows through the pipeline: discover -> load -> evaluate -> report -> gate.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Mode = 'enforce' | 'warn' | 'audit';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const MODES: readonly Mode[] = ['enforce', 'warn', 'audit'];

/** Lower is more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** A path into a document: object keys and array indexes, as Rego reports it. */
export type FieldPath = ReadonlyArray<string | number>;

/** Where something is, 1-based, relative to the repository root with `/` separators. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine: number;
}

/** What a finding is about: a Kubernetes object or a Terraform resource. */
export interface ResourceRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** A finding as the gate reports it: rule metadata, location, verdict. */
export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  mode: Mode;
  blocking: boolean;
  message: string;
  location: Location;
  resource?: ResourceRef;
  fieldPath?: string;
  fingerprint: string;
  /**
   * Compared with a base revision (the action's `gate: new`, the CLI's `--base`): `new` when no
   * finding with this fingerprint exists there. Absent when no base revision was evaluated.
   */
  baseline?: 'new' | 'existing';
}

/** An input file the scan read, for the summary. */
export interface ScannedFile {
  path: string;
  documents: number;
}

/** An internal failure that did not stop the scan (e.g. one subprocess failed). */
export interface ScanError {
  message: string;
  file?: string;
}

/**
 * A finding as it is born, before it gets its line and verdict: from a Rego rule (document id
 * and field path) or from the loader (a direct location in a file).
 */
export interface RawFinding {
  rule: string;
  message: string;
  /** Overrides the rule's severity (a rule may grade its own findings). */
  severity?: Severity;
  /** Overrides the rule's default mode (e.g. the PSA mode a namespace sets). */
  mode?: Mode;
  /** Document id (ScanDocument.id) and the path of the offending field in it. */
  doc?: number;
  path?: FieldPath;
  /**
   * A path inside the YAML/JSON text held by the string at `path` (aws-auth `mapRoles`, the
   * last-applied-configuration annotation): the finding's line is that item's line inside it.
   */
  embedded?: FieldPath;
  /** Secret values the finding is about: never printed, scrubbed from every output. */
  redact?: string[];
  /** For findings about a file rather than a document: where, 1-based. */
  file?: string;
  line?: number;
  column?: number;
}
