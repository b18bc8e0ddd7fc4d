// Finding plans: by content, by the common names, by configured globs; binary plans converted
// with `terraform show -json` (a real Terraform when one is on PATH, and a stand-in script
// that behaves like it, so the conversion path is always tested).
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discover } from '../../src/discover/discover.js';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { ROOT, tempDir } from '../helpers.js';

const PLAN = fs.readFileSync(path.join(ROOT, '__tests__/fixtures/terraform/plans/v1.2-terraform-1.9-unknowns.json'), 'utf8');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortedKeys(x)]));
  return v;
}

describe('plan discovery', () => {
  it('finds plans by content, by common names and by configured globs', () => {
    // `jq -S` output: format_version comes after a long configuration, beyond the head sniffed.
    const parsed = JSON.parse(PLAN);
    parsed.configuration.padding = 'x'.repeat(8000);
    const sorted = JSON.stringify(sortedKeys(parsed), null, 2);
    const dir = tempDir({
      'a/anything.json': PLAN,
      'b/prod.tfplan.json': PLAN,
      'c/tfplan.json': PLAN,
      'd/plan.json': sorted,
      'e/not-a-plan/plan.json': '{"steps": []}',
      'f/custom/out.json': sorted,
      'g/deploy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    });
    dirs.push(dir);
    const found = discover([dir], { root: dir, exclude: [], include: [], planGlobs: ['f/**/*.json'] });
    expect(found.plans.map((f) => f.rel).sort()).toEqual(['a/anything.json', 'b/prod.tfplan.json', 'c/tfplan.json', 'd/plan.json', 'f/custom/out.json']);
    expect(found.manifests.map((f) => f.rel).sort()).toEqual(['e/not-a-plan/plan.json', 'g/deploy.yaml']);
  });

  it('reads a file named like a plan that is not one as an input finding, not a crash', () => {
    const dir = tempDir({ 'x.tfplan.json': '{"hello": 1}' });
    dirs.push(dir);
    const result = scan({ paths: [dir], root: dir, config: withDefaults({}) });
    expect(result.findings.map((f) => [f.ruleId, f.location.file])).toEqual([['EKS-INPUT-001', 'x.tfplan.json']]);
    expect(result.findings[0]?.message).toMatch(/not a `terraform show -json` plan/);
  });
});

function withPath<T>(dir: string, fn: () => T): T {
  const previous = process.env.PATH;
  process.env.PATH = `${dir}${path.delimiter}${previous ?? ''}`;
  try {
    return fn();
  } finally {
    process.env.PATH = previous;
  }
}

describe('binary plans', () => {
  const config = withDefaults({ terraform: { 'binary-plans': ['**/*.tfplan', '**/tfplan'] } });

  it('converts them with a `terraform` on PATH (stand-in script) and scans the result', () => {
    const bin = tempDir({ terraform: `#!/bin/sh\n[ "$1" = show ] && [ "$2" = -json ] || exit 9\ncat "$(dirname "$0")/plan.json"\n`, 'plan.json': PLAN });
    fs.chmodSync(path.join(bin, 'terraform'), 0o755);
    const dir = tempDir({ 'infra/prod.tfplan': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]) });
    dirs.push(bin, dir);
    const result = withPath(bin, () => scan({ paths: [dir], root: dir, config }));
    expect(result.files).toEqual([{ path: 'infra/prod.tfplan', documents: 3 }]);
    const admin = result.findings.find((f) => f.ruleId === 'EKS-IAM-016');
    expect(admin?.location).toEqual({ file: 'infra/prod.tfplan', line: 1, column: 1, endLine: 1 });
    expect(admin?.resource?.name).toBe('data.aws_iam_policy_document.admin');
  });

  it('says what to do when terraform is missing or fails', () => {
    const dir = tempDir({ 'tfplan': Buffer.from([0x50, 0x4b, 0x03, 0x04]) });
    const empty = tempDir();
    const failing = tempDir({ terraform: '#!/bin/sh\necho "Error: Required plugins are not installed" >&2\nexit 1\n' });
    fs.chmodSync(path.join(failing, 'terraform'), 0o755);
    dirs.push(dir, empty, failing);
    const previous = process.env.PATH;
    process.env.PATH = empty;
    let missing;
    try {
      missing = scan({ paths: [dir], root: dir, config });
    } finally {
      process.env.PATH = previous;
    }
    expect(missing.findings.map((f) => [f.ruleId, f.location.file])).toEqual([['EKS-INPUT-001', 'tfplan']]);
    expect(missing.findings[0]?.message).toMatch(/no `terraform` executable is on PATH/);
    const broken = withPath(failing, () => scan({ paths: [dir], root: dir, config }));
    expect(broken.findings[0]?.message).toMatch(/terraform show -json` failed \(exit 1: Error: Required plugins are not installed\)\. Run `terraform init`/);
  });

  const real = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  it.skipIf(real.status !== 0)('converts a plan made by a real Terraform', () => {
    const dir = tempDir({ 'stack/main.tf': 'resource "terraform_data" "x" {\n  input = "y"\n}\n' });
    dirs.push(dir);
    const stack = path.join(dir, 'stack');
    const env = { ...process.env, TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: path.join(os.tmpdir(), 'none.tfrc') };
    expect(spawnSync('terraform', ['init', '-input=false', '-no-color'], { cwd: stack, env, encoding: 'utf8' }).status).toBe(0);
    expect(spawnSync('terraform', ['plan', '-input=false', '-no-color', '-out=tfplan'], { cwd: stack, env, encoding: 'utf8' }).status).toBe(0);
    const result = scan({ paths: [dir], root: dir, config });
    expect(result.findings).toEqual([]);
    expect(result.files).toEqual([{ path: 'stack/tfplan', documents: 1 }]);
  });
});
