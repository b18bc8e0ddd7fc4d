// User policies: a directory of Rego compiled with `opa` from PATH, or a prebuilt Wasm bundle,
// evaluated beside the built-in rules, with their metadata in every output.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, node, ROOT, tempDir } from '../helpers.js';

const EXAMPLE = path.join(ROOT, 'examples/custom-policy');
const TOOLS = path.join(ROOT, '.tools/bin');
const OPA = path.join(TOOLS, 'opa');
const ORIGINAL_PATH = process.env.PATH ?? '';
const NO_OPA_PATH = path.dirname(process.execPath); // node only

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
afterEach(() => {
  process.env.PATH = ORIGINAL_PATH;
});

function withOpa(): void {
  process.env.PATH = `${TOOLS}${path.delimiter}${ORIGINAL_PATH}`;
}

function withoutOpa(): void {
  process.env.PATH = NO_OPA_PATH;
}

interface JsonFinding {
  ruleId: string;
  title: string;
  severity: string;
  mode: string;
  blocking: boolean;
  message: string;
  location: { file: string; line: number };
  fieldPath?: string;
}

const ruleFile = (id: string, extra = '') => `package acme.test.${id.toLowerCase().replace(/-/g, '_')}

import data.eks.lib.k8s
import data.eks.lib.result

# METADATA
# title: Rule ${id}
# scope: document
# entrypoint: true
# custom:
#   id: ${id}
#   severity: high
#   remediation: Fix it.
${extra}deny contains result.new("${id}", pod.doc, pod.spec_path, "found") if {
	some pod in k8s.pods
}
`;

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n    - {name: app, image: app:1}\n';

let prebuilt: string;

beforeAll(() => {
  const dir = tempDir({}, 'epg-custom-bundle-');
  dirs.push(dir);
  prebuilt = path.join(dir, 'acme.tar.gz');
  // What a user runs to prebuild: their policies plus the gate's helper library.
  execFileSync(OPA, ['build', '-t', 'wasm', '--ignore', '*_test.rego', '-o', prebuilt, path.join(EXAMPLE, 'policy'), path.join(ROOT, 'rego/lib')], { stdio: 'pipe' });
});

describe('the custom-policy example', () => {
  it('its Rego tests pass with the helper library that `lib --output` writes', () => {
    const lib = tempDir({}, 'epg-lib-');
    dirs.push(lib);
    const r = cli(['lib', '--output', lib]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Wrote the helper library');
    expect(fs.existsSync(path.join(lib, 'k8s.rego'))).toBe(true);
    expect(fs.readdirSync(lib).some((f) => f.endsWith('_test.rego'))).toBe(false);
    const out = execFileSync(OPA, ['test', '-v', path.join(EXAMPLE, 'policy'), lib], { encoding: 'utf8' });
    expect(out).toMatch(/PASS: 5\/5/);
  });

  it('runs through the CLI (from src) with opa on PATH: findings, lines, modes and exit code', () => {
    withOpa();
    const r = cli(['scan', 'manifests/', '--format', 'json'], EXAMPLE);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.ruleId.startsWith('ACME-'));
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ACME-LBL-001',
        title: 'Workloads carry a team label',
        severity: 'high',
        mode: 'enforce',
        blocking: true,
        message: 'CronJob reports has no "team" label on its pods',
        location: expect.objectContaining({ file: 'examples/custom-policy/manifests/reports.yaml', line: 13 }),
        fieldPath: 'spec.jobTemplate.spec.template.metadata.labels',
      }),
      expect.objectContaining({
        ruleId: 'ACME-RES-001',
        severity: 'medium',
        mode: 'warn',
        blocking: false,
        // The container lacks `resources`: the finding points at the container.
        location: expect.objectContaining({ file: 'examples/custom-policy/manifests/reports.yaml', line: 22 }),
      }),
    ]);
  });

  it('custom rules are in the text, SARIF and rules outputs like the built-ins', () => {
    withOpa();
    const text = cli(['scan', 'manifests/'], EXAMPLE);
    expect(text.stdout).toMatch(/13:\d+ +high +ACME-LBL-001 +CronJob reports has no "team" label on its pods +\[blocking\]/);
    const sarif = JSON.parse(cli(['scan', 'manifests/', '--format', 'sarif'], EXAMPLE).stdout);
    const run = sarif.runs[0];
    const descriptors = run.tool.driver.rules as Array<{ id: string; helpUri?: string; fullDescription: { text: string }; help: { markdown: string } }>;
    const i = descriptors.findIndex((d) => d.id === 'ACME-LBL-001');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(descriptors[i]!.fullDescription.text).toMatch(/owning team/);
    expect(descriptors[i]!.help.markdown).toContain('team: payments');
    expect(descriptors[i]!.helpUri).toBe('https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/');
    expect(descriptors.some((d) => d.id === 'EKS-PSB-002')).toBe(true);
    const result = (run.results as Array<{ ruleId: string; ruleIndex: number }>).find((x) => x.ruleId === 'ACME-LBL-001');
    expect(result?.ruleIndex).toBe(i);

    const rules = cli(['rules'], EXAMPLE);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/ACME-LBL-001 +high +enforce +Workloads carry a team label/);
    expect(rules.stdout).toMatch(/ACME-RES-001 +medium +warn +Containers set a memory limit/);
    const json = JSON.parse(cli(['rules', '--format', 'json'], EXAMPLE).stdout) as { rules: Array<Record<string, unknown>> };
    expect(json.rules.find((x) => x.id === 'ACME-LBL-001')).toMatchObject({
      remediation: "Add `team: <owning team>` to the pod template's labels.",
      compliance: { 'eks-bp': ['incidents'] },
      tags: ['ownership'],
      fix: { before: expect.stringContaining('app: shop'), after: expect.stringContaining('team: payments') },
      input: 'k8s',
    });
    // Framework selection lists the custom rules of that framework only.
    const bp = JSON.parse(cli(['rules', '--format', 'json', '--framework', 'eks-bp'], EXAMPLE).stdout) as { rules: Array<{ id: string }> };
    expect(bp.rules.map((x) => x.id)).toContain('ACME-LBL-001');
    expect(bp.rules.map((x) => x.id)).not.toContain('ACME-RES-001');
  });

  it('the configuration applies to custom rules (mode off)', () => {
    withOpa();
    const dir = tempDir({ 'm/pod.yaml': POD, '.eks-policy-gate.yaml': `version: 1\npolicies: [${path.join(EXAMPLE, 'policy')}]\nrules:\n  ACME-LBL-001: { mode: "off" }\n` });
    dirs.push(dir);
    const r = cli(['scan', 'm', '--format', 'json'], dir);
    const ids = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.ruleId);
    expect(ids).toContain('ACME-RES-001');
    expect(ids).not.toContain('ACME-LBL-001');
  });
});

describe('prebuilt bundles', () => {
  it('run without opa on PATH (--policies replaces the configuration)', () => {
    withoutOpa();
    const dir = tempDir({ 'm/pod.yaml': POD });
    dirs.push(dir);
    const r = cli(['scan', 'm', '--format', 'json', '--policies', prebuilt], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const ids = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['ACME-LBL-001', 'ACME-RES-001']));
  });

  it('a bundle with data.json gives the rules their data', () => {
    withOpa();
    const dir = tempDir({
      'policy/registry.rego': `package acme.registry

import data.eks.lib.k8s
import data.eks.lib.result

# METADATA
# title: Approved registry
# scope: document
# entrypoint: true
# custom:
#   id: ACME-IMG-001
#   severity: medium
#   remediation: Pull from an approved registry.
deny contains result.new("ACME-IMG-001", pod.doc, array.concat(c.path, ["image"]), sprintf("image %s is not from an approved registry", [c.container.image])) if {
	some pod in k8s.pods
	some c in k8s.containers(pod)
	not _approved(c.container.image)
}

_approved(image) if {
	some prefix in data.acme.registries
	startswith(image, prefix)
}
`,
      'policy/data.json': '{"acme": {"registries": ["registry.acme.example/"]}}',
      'm/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: registry.acme.example/a:1}\n    - {name: b, image: docker.io/b:1}\n',
    });
    dirs.push(dir);
    const bundle = path.join(dir, 'registry.tar.gz');
    execFileSync(OPA, ['build', '-t', 'wasm', '--ignore', '*_test.rego', '-o', bundle, path.join(dir, 'policy'), path.join(ROOT, 'rego/lib')], { stdio: 'pipe' });
    for (const policies of [bundle, 'policy']) {
      const r = cli(['scan', 'm', '--format', 'json', '--policies', policies], dir);
      expect(r.stderr, policies).toBe('');
      const mine = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.ruleId === 'ACME-IMG-001');
      expect(mine.map((f) => f.message), policies).toEqual(['image docker.io/b:1 is not from an approved registry']);
      expect(mine[0]!.location.line).toBe(7);
    }
  });
});

describe('errors name the policy, the file and what to do (exit 2)', () => {
  function scanWith(files: Record<string, string>, policies = 'policy'): { code: number; stderr: string } {
    const dir = tempDir({ 'm/pod.yaml': POD, ...files });
    dirs.push(dir);
    return cli(['scan', 'm', '--policies', policies], dir);
  }

  it('no opa on PATH for a directory: says what to install', () => {
    withoutOpa();
    const r = scanWith({ 'policy/a.rego': ruleFile('ACME-A-001') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policies: policy: compiling a directory of Rego needs the `opa` command on PATH/);
    expect(r.stderr).toContain('open-policy-agent/setup-opa');
    expect(r.stderr).toContain('opa build -t wasm');
  });

  it('a built-in rule ID (or its reserved prefix) cannot be reused', () => {
    withOpa();
    const r = scanWith({ 'policy/a.rego': ruleFile('EKS-PSB-002') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policies: policy \(policy\/a\.rego:11\): invalid METADATA/);
    expect(r.stderr).toContain('IDs starting with EKS- are reserved for the built-in rules');
  });

  it('a custom rule cannot report findings under another rule ID', () => {
    withOpa();
    const r = scanWith({ 'policy/a.rego': ruleFile('ACME-A-001').replace('result.new("ACME-A-001"', 'result.new("EKS-PSB-002"') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rule ACME-A-001 reported a finding for rule "EKS-PSB-002"; a custom rule reports only its own ID/);
  });

  it('two rules with one ID, across sources, are refused', () => {
    withOpa();
    const dir = tempDir({ 'm/pod.yaml': POD, 'one/a.rego': ruleFile('ACME-A-001'), 'two/a.rego': ruleFile('ACME-A-001').replace('acme.test.', 'acme.other.') });
    dirs.push(dir);
    const r = cli(['scan', 'm', '--policies', 'one', '--policies', 'two'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/custom.id ACME-A-001 is already used by policies: one/);
  });

  it('incomplete metadata is refused with the field to add', () => {
    withOpa();
    const r = scanWith({ 'policy/a.rego': ruleFile('ACME-A-001').replace('#   severity: high\n', '#   severity: severe\n').replace('#   remediation: Fix it.\n', '') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('custom.severity must be one of critical, high, medium, low, info');
    expect(r.stderr).toContain('custom.remediation is required');
    const keys = scanWith({ 'policy/a.rego': ruleFile('ACME-A-001', '#   compliance:\n#     cis_eks: ["4.2.1"]\n') });
    expect(keys.code).toBe(2);
    expect(keys.stderr).toContain('custom.compliance.cis_eks: unknown framework key; use cis-eks, eks-bp, pss, nsa-cisa');
  });

  it('a deny without METADATA, or no rule at all', () => {
    withOpa();
    const bare = scanWith({ 'policy/a.rego': 'package acme.bare\n\n# METADATA\n# entrypoint: true\ndeny contains "x" if false\n' });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/acme\/bare\/deny has no METADATA with custom.id/);
    const none = scanWith({ 'policy/a.rego': 'package acme.none\n\nx := 1\n' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/entrypoint/);
  });

  it('Rego that does not compile, or calls a built-in the Wasm SDK lacks', () => {
    withOpa();
    const syntax = scanWith({ 'policy/a.rego': 'package acme.broken\n\ndeny contains x if {\n' });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/policies: policy: `opa build -t wasm` failed:\n.*policy\/a\.rego:\d+/s);
    const time = scanWith({ 'policy/a.rego': ruleFile('ACME-A-001').replace('some pod in k8s.pods', 'some pod in k8s.pods\n\ttime.now_ns() > 0') });
    expect(time.code).toBe(2);
    expect(time.stderr).toMatch(/time\.now_ns/);
  });

  it('a path that is neither a directory nor a bundle, or not a bundle inside', () => {
    withOpa();
    expect(scanWith({}, 'missing').stderr).toMatch(/policies: missing: no such file or directory/);
    expect(scanWith({ 'p.txt': 'x' }, 'p.txt').stderr).toMatch(/policies: p\.txt: not a directory or a \.tar\.gz bundle/);
    const garbage = scanWith({ 'p.tar.gz': 'not gzip' }, 'p.tar.gz');
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/policies: p\.tar\.gz: not a readable policy bundle/);
  });

  it('an invalid --framework is a usage error', () => {
    const r = cli(['scan', 'examples/secure-app', '--framework', 'cis']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--framework cis: use one of cis-eks, eks-bp, pss-baseline, pss-restricted, nsa-cisa');
  });
});

describe('dist/cli.js (as users run it)', () => {
  const cliJs = path.join(ROOT, 'dist/cli.js');

  it('compiles the example with opa on PATH', () => {
    const r = node(cliJs, ['scan', 'manifests/', '--format', 'json'], { cwd: EXAMPLE, env: { PATH: `${TOOLS}${path.delimiter}${NO_OPA_PATH}`, NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const ids = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['ACME-LBL-001', 'ACME-RES-001']));
  });

  it('reads a prebuilt bundle without opa', () => {
    const r = node(cliJs, ['scan', 'manifests/', '--format', 'json', '--policies', prebuilt], { cwd: EXAMPLE, env: { PATH: NO_OPA_PATH, NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const ids = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['ACME-LBL-001', 'ACME-RES-001']));
  });

  it('says what to install when opa is missing', () => {
    const r = node(cliJs, ['scan', 'manifests/'], { cwd: EXAMPLE, env: { PATH: NO_OPA_PATH, NO_COLOR: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('open-policy-agent/setup-opa');
  });
});
