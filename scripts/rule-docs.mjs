// The rule reference (docs/rules/): one page per built-in rule, an index, and the list of
// catalog rules not implemented yet, generated from the rules' METADATA (catalog.json) by
// `npm run build` (scripts/build.mjs --docs). __tests__/docs/ checks docs/rules/ is current.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FRAMEWORKS = JSON.parse(fs.readFileSync(path.join(root, 'src/compliance/frameworks.json'), 'utf8'));
export const NOT_IMPLEMENTED_FILE = path.join(root, 'docs/not-implemented.yaml');

const AREAS = {
  IAM: 'IAM and cluster access', RBAC: 'Kubernetes RBAC', PSA: 'Pod Security Admission namespace configuration',
  PSB: 'Pod Security Standards: Baseline', PSR: 'Pod Security Standards: Restricted', POD: 'Extra workload hardening',
  MT: 'Multi-tenancy', DET: 'Detective controls', NET: 'Network security', DATA: 'Data encryption and secrets',
  RT: 'Runtime security', HOST: 'Infrastructure and hosts', IMG: 'Images and supply chain', CMP: 'Regulatory compliance',
  IR: 'Incident-response readiness', INPUT: 'Input files', GATE: 'The gate itself',
};
const INPUTS = { k8s: 'Kubernetes manifests (YAML/JSON, rendered Helm and Kustomize output)', tf: 'Terraform plans (`terraform show -json`)', input: 'the input files themselves' };

/** The not-implemented list: [{ id, title, reason }]. */
export function readNotImplemented(file = NOT_IMPLEMENTED_FILE) {
  const list = yaml.load(fs.readFileSync(file, 'utf8')) ?? [];
  if (!Array.isArray(list)) throw new Error(`${file}: must be a list of { id, title, reason }`);
  return list;
}

function area(id) {
  return id.split('-')[1];
}

function cell(s) {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fence(lang, text) {
  return ['```' + lang, text.replace(/\n+$/, ''), '```'].join('\n');
}

/** "References" lines from the compliance mapping, then the rule's related_resources. */
function references(r) {
  const out = [];
  const src = FRAMEWORKS.sources;
  const c = r.compliance ?? {};
  for (const key of ['eks-bp', 'cis-eks', 'pss', 'nsa-cisa']) {
    const controls = c[key];
    if (!Array.isArray(controls) || controls.length === 0) continue;
    const s = src[key];
    const name = `${s.title}${s.version ? ` ${s.version}` : ''}`;
    if (key === 'cis-eks') out.push(`- ${name}: ${controls.map((x) => `**${x}**`).join(', ')}`);
    else if (key === 'pss') {
      const levels = controls.map((l) => (s.controls[l] ? `[${s.controls[l].title}](${s.controls[l].url})` : l)).join(', ');
      out.push(`- [${name}](${s.url}): ${levels}${r.pssCheck ? `, check \`${r.pssCheck}\`` : ''}`);
    } else {
      const items = controls.map((x) => {
        const info = s.controls?.[x];
        if (!info) return x;
        return info.url ? `[${info.title}](${info.url})` : info.title;
      });
      out.push(`- ${s.url ? `[${name}](${s.url})` : name}: ${items.join(', ')}`);
    }
  }
  for (const ref of r.references ?? []) out.push(ref.url ? `- [${ref.title}](${ref.url})` : `- ${ref.title}`);
  return out;
}

function page(r) {
  const lang = r.input === 'tf' ? 'hcl' : 'yaml';
  const lines = [
    `# ${r.id}: ${r.title}`,
    '',
    '<!-- Generated from the rule\'s METADATA by `npm run build`; edit the .rego file, not this page. -->',
    '',
    '| | |',
    '|---|---|',
    `| Severity | ${r.severity} |`,
    `| Default mode | ${r.mode} |`,
    `| Checks | ${INPUTS[r.input] ?? r.input} |`,
  ];
  if (r.pssCheck) lines.push(`| Pod Security Admission check | \`${r.pssCheck}\` |`);
  if (r.tags?.length) lines.push(`| Tags | ${r.tags.map((t) => `\`${t}\``).join(' ')} |`);
  lines.push(`| Source | [${r.source}](../../${r.source}) |`, '', '## What it checks, and why', '', r.description, '', '## How to fix', '', r.remediation);
  if (r.fix) lines.push('', 'Before:', '', fence(lang, r.fix.before), '', 'After:', '', fence(lang, r.fix.after));
  const refs = references(r);
  if (refs.length) lines.push('', '## References', '', ...refs);
  lines.push(
    '',
    '## Configuration',
    '',
    'Change the mode (`enforce`, `warn`, `audit` or `off`) or severity in `.eks-policy-gate.yaml`:',
    '',
    fence('yaml', `rules:\n  ${r.id}: { mode: warn }`),
    '',
  );
  if (r.input === 'k8s') {
    lines.push(
      'Accept one finding with a reason, on the object:',
      '',
      fence('yaml', `metadata:\n  annotations:\n    ignore.eks-policy-gate.io/${r.id}: "<why this is acceptable>"`),
      '',
    );
  }
  lines.push('[All rules](README.md)', '');
  return lines.join('\n');
}

function frameworksOf(r) {
  return Object.keys(r.compliance ?? {}).filter((k) => (r.compliance[k] ?? []).length > 0);
}

function index(rules, notImplemented) {
  const lines = [
    '# Rule reference',
    '',
    '<!-- Generated from the rules\' METADATA by `npm run build`. -->',
    '',
    `${rules.length} rules are implemented; \`eks-policy-gate rules\` lists them too, and`,
    '`eks-policy-gate rules --format json` gives all their metadata. Rules of the catalog that are',
    `not implemented yet (${notImplemented.length}) are listed in [not-implemented.md](not-implemented.md) with the reason.`,
    'Compliance frameworks (the last column) are explained in [../compliance.md](../compliance.md).',
    '',
  ];
  const byArea = new Map();
  for (const r of rules) {
    const a = area(r.id);
    byArea.set(a, [...(byArea.get(a) ?? []), r]);
  }
  const order = Object.keys(AREAS);
  for (const a of [...byArea.keys()].sort((x, y) => (order.indexOf(x) + 1 || 99) - (order.indexOf(y) + 1 || 99) || (x < y ? -1 : 1))) {
    lines.push(`## ${AREAS[a] ?? a}`, '', '| Rule | Title | Severity | Mode | Input | Frameworks |', '|---|---|---|---|---|---|');
    for (const r of byArea.get(a)) {
      lines.push(`| [${r.id}](${r.id}.md) | ${cell(r.title)} | ${r.severity} | ${r.mode} | ${r.input} | ${frameworksOf(r).join(', ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function notImplementedPage(list) {
  const lines = [
    '# Catalog rules not implemented yet',
    '',
    '<!-- Generated from docs/not-implemented.yaml by `npm run build`; edit that file. -->',
    '',
    'Every rule of the catalog is either implemented (see [README.md](README.md)) or listed here',
    'with the reason; a test keeps the two lists disjoint and complete.',
    '',
    '| Rule | Title | Why not yet |',
    '|---|---|---|',
    ...[...list].sort((a, b) => (a.id < b.id ? -1 : 1)).map((e) => `| ${e.id} | ${cell(e.title ?? '')} | ${cell(e.reason)} |`),
    '',
  ];
  return lines.join('\n');
}

/** Every file of docs/rules/, by name. Only built-in rules (custom rules document themselves). */
export function renderRuleDocs(catalog, notImplemented = readNotImplemented()) {
  const rules = catalog.rules.filter((r) => r.id.startsWith('EKS-')).sort((a, b) => (a.id < b.id ? -1 : 1));
  const files = new Map();
  for (const r of rules) files.set(`${r.id}.md`, page(r));
  files.set('README.md', index(rules, notImplemented));
  files.set('not-implemented.md', notImplementedPage(notImplemented));
  return files;
}

/** Replaces `dir` with the generated pages. */
export function writeRuleDocs(dir, catalog) {
  const files = renderRuleDocs(catalog);
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(dir)) if (name.endsWith('.md') && !files.has(name)) fs.rmSync(path.join(dir, name));
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  return files.size;
}
