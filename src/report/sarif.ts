// --format sarif: SARIF 2.1.0 for GitHub code scanning. One run, every rule of the catalog
// as a reportingDescriptor, repository-relative URIs, and our content-based fingerprint as
// partialFingerprints.primaryLocationLineHash (the only fingerprint GitHub reads), so alerts
// follow a finding across reformatting and file moves.
import { pathToFileURL } from 'node:url';
import type { RuleMeta } from '../evaluate/catalog.js';
import type { Finding, Severity } from '../model.js';
import type { SuppressedFinding } from '../gate/suppress.js';
import { INFORMATION_URI, NAME, VERSION } from '../version.js';
import { annotationLevel } from './github.js';
import type { Report } from './report.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub's scale: >9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: undefined,
};

export function ruleHelpUri(id: string): string {
  return `${INFORMATION_URI}/blob/main/docs/rules/${id}.md`;
}

/** undefined for built-in rules (docs/rules/<ID>.md); a custom rule's first reference URL, or null. */
function customHelpUri(r: RuleMeta): string | null | undefined {
  if (r.id.startsWith('EKS-')) return undefined;
  return r.references.find((ref) => ref.url)?.url ?? null;
}

function ruleLevel(severity: Severity): 'error' | 'warning' | 'note' {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

function helpMarkdown(r: RuleMeta): string {
  const parts = [`**${r.title}** (${r.severity})`, '', r.description, '', `**How to fix:** ${r.remediation}`];
  if (r.fix) {
    parts.push('', 'Before:', '```yaml', r.fix.before.trimEnd(), '```', 'After:', '```yaml', r.fix.after.trimEnd(), '```');
  }
  if (r.references.length) {
    parts.push('', '**References:**', ...r.references.map((ref) => (ref.url ? `- [${ref.title}](${ref.url})` : `- ${ref.title}`)));
  }
  return parts.join('\n');
}

function descriptor(r: RuleMeta) {
  const securitySeverity = SECURITY_SEVERITY[r.severity];
  return {
    id: r.id,
    name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: `${r.description}\n\nHow to fix: ${r.remediation}`, markdown: helpMarkdown(r) },
    // Built-in rules have a page in docs/rules/; a custom rule links its first reference, if any.
    ...(customHelpUri(r) !== null ? { helpUri: customHelpUri(r) ?? ruleHelpUri(r.id) } : {}),
    defaultConfiguration: { level: ruleLevel(r.severity) },
    properties: {
      tags: ['security', ...r.tags].slice(0, 20),
      precision: 'high',
      ...(securitySeverity ? { 'security-severity': securitySeverity } : { problem: { severity: 'recommendation' } }),
    },
  };
}

function result(f: Finding, ruleIndex: number) {
  const level = annotationLevel(f);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: level === 'notice' ? 'note' : level,
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.location.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.location.line, startColumn: f.location.column, endLine: f.location.endLine },
        },
      },
    ],
    partialFingerprints: { primaryLocationLineHash: f.fingerprint },
    ...(f.baseline ? { baselineState: f.baseline === 'new' ? 'new' : 'unchanged' } : {}),
    properties: {
      severity: f.severity,
      mode: f.mode,
      blocking: f.blocking,
      ...(f.resource ? { resource: f.resource } : {}),
      ...(f.fieldPath ? { fieldPath: f.fieldPath } : {}),
    },
  };
}

/** SARIF `suppressions[]` entry: inSource for annotations and comments, external for config exceptions. */
function suppression(f: SuppressedFinding) {
  const s = f.suppression;
  const details = [s.reason, s.owner ? `owner: ${s.owner}` : '', s.expires ? `expires: ${s.expires}` : ''].filter(Boolean);
  return {
    kind: s.kind === 'exception' ? 'external' : 'inSource',
    status: 'accepted',
    justification: details.join('; '),
    ...(s.file && s.line ? { location: { physicalLocation: { artifactLocation: { uri: encodeURI(s.file), uriBaseId: '%SRCROOT%' }, region: { startLine: s.line } } } } : {}),
    properties: { via: s.kind },
  };
}

export interface SarifOptions {
  /** Absolute path of the repository root, for originalUriBaseIds. */
  root: string;
  /** Code scanning category (runAutomationDetails.id is `<category>/`). */
  category?: string;
}

export function buildSarif(r: Report, opts: SarifOptions) {
  const rules = r.rules.rules;
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const rootUri = pathToFileURL(opts.root.endsWith('/') ? opts.root : `${opts.root}/`).href;
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: NAME,
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: INFORMATION_URI,
            rules: rules.map(descriptor),
          },
        },
        ...(opts.category ? { automationDetails: { id: `${opts.category}/` } } : {}),
        // Internal errors (something could not be checked) are tool notifications code scanning shows.
        ...(r.errors.length
          ? {
              invocations: [{
                executionSuccessful: false,
                toolExecutionNotifications: r.errors.map((e) => ({
                  level: 'error',
                  message: { text: e.message },
                  ...(e.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(e.file), uriBaseId: '%SRCROOT%' } } }] } : {}),
                })),
              }],
            }
          : {}),
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results: [
          ...r.findings.map((f) => result(f, index.get(f.ruleId) ?? -1)),
          ...(r.suppressed ?? []).map((f) => ({ ...result(f, index.get(f.ruleId) ?? -1), suppressions: [suppression(f)] })),
        ],
      },
    ],
  };
}

export function renderSarif(r: Report, opts: SarifOptions): string {
  return JSON.stringify(buildSarif(r, opts), null, 2) + '\n';
}
