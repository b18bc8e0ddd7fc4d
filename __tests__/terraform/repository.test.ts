// A repository with .tf sources and their plan: findings point at the .tf lines a user edits
// (module-aware through module_calls), and at the plan JSON's real lines without the sources.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { clearSourceCache } from '../../src/load/terraform/sources.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const REPO = path.join(ROOT, '__tests__/fixtures/terraform/repo');
const SECRET = 'AKIAZ7QRSTUVWXY23456';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const lineOf = (root: string, file: string, line: number) => fs.readFileSync(path.join(root, file), 'utf8').split('\n')[line - 1] ?? '';

describe('a repository with .tf sources and its plan', () => {
  const result = scan({ paths: [REPO], root: REPO, config: withDefaults({}) });
  const at = (rule: string, field?: string) =>
    result.findings.filter((f) => f.ruleId === rule && (field === undefined || f.fieldPath === field)).map((f) => `${f.location.file}:${f.location.line}`);

  it('points at the attribute line in the root module', () => {
    const cases: Array<[string, string | undefined, string, RegExp]> = [
      ['EKS-IAM-001', 'values.vpc_config[0].endpoint_public_access', 'infra/main.tf', /endpoint_public_access = true/],
      ['EKS-DET-001', 'values.enabled_cluster_log_types', 'infra/main.tf', /enabled_cluster_log_types = \["api", "audit"\]/],
      ['EKS-CMP-001', 'values.version', 'infra/main.tf', /version {2}= "1\.27"/],
      ['EKS-NET-011', 'values.ingress[0]', 'infra/main.tf', /ingress \{/],
      ['EKS-DATA-012', 'values.value', 'infra/main.tf', /value = var\.ci_access_key/],
      ['EKS-DET-007', 'values.vpc_config[0].subnet_ids', 'infra/main.tf', /subnet_ids {13}= aws_subnet\.private/],
    ];
    for (const [rule, field, file, text] of cases) {
      const found = at(rule, field);
      expect(found, rule).toHaveLength(1);
      const [f, line] = (found[0] as string).split(':') as [string, string];
      expect(f, rule).toBe(file);
      expect(lineOf(REPO, f, Number(line)), rule).toMatch(text);
    }
  });

  it('points at the resource block when the attribute is absent (nearest ancestor)', () => {
    const [loc] = at('EKS-IAM-003');
    expect(loc).toBeDefined();
    const [f, line] = (loc as string).split(':') as [string, string];
    expect(lineOf(REPO, f, Number(line))).toBe('resource "aws_eks_cluster" "this" {');
    const [block] = at('EKS-IAM-002');
    expect(lineOf(REPO, 'infra/main.tf', Number((block as string).split(':')[1]))).toBe('  vpc_config {');
  });

  it('follows module_calls sources to the module files', () => {
    const cases: Array<[string, RegExp]> = [
      ['EKS-IAM-014', /http_tokens {17}= "optional"/],
      ['EKS-IAM-015', /http_put_response_hop_limit = 2/],
      ['EKS-HOST-001', /ami_type {8}= "AL2_x86_64"/],
      ['EKS-HOST-004', /user_data {14}= base64encode/],
      ['EKS-HOST-005', /version {9}= "1\.26"/],
      ['EKS-HOST-008', /vpc_security_group_ids = \[var\.ssh_group\]/],
      ['EKS-IAM-016', /statement \{/],
      ['EKS-IAM-013', /policy_arn = "arn:aws:iam::aws:policy\/AmazonEKS_CNI_Policy"/],
    ];
    for (const [rule, text] of cases) {
      const found = at(rule);
      expect(found.length, rule).toBeGreaterThan(0);
      for (const loc of found) {
        const [f, line] = loc.split(':') as [string, string];
        expect(f, rule).toBe('infra/modules/nodes/main.tf');
        expect(lineOf(REPO, f, Number(line)), rule).toMatch(text);
      }
    }
  });

  it('resolves references through module variables and outputs', () => {
    // The node group's subnets come in through var.subnet_ids: HOST-003 names both instances.
    expect(result.findings.filter((f) => f.ruleId === 'EKS-HOST-003').map((f) => f.message).sort()).toEqual([
      expect.stringContaining('aws_subnet.private[0]'),
      expect.stringContaining('aws_subnet.private[1]'),
    ]);
    // The launch template's security group comes in through var.ssh_group.
    expect(result.findings.find((f) => f.ruleId === 'EKS-HOST-008')?.message).toContain('aws_security_group.ssh');
    // The cluster's KMS key is referenced, so its missing rotation is high.
    expect(result.findings.find((f) => f.ruleId === 'EKS-DATA-002')?.severity).toBe('high');
  });

  it('describes Terraform resources by type and address', () => {
    const f = result.findings.find((x) => x.ruleId === 'EKS-IAM-014');
    expect(f?.resource).toMatchObject({ kind: 'aws_launch_template', name: 'module.nodes.aws_launch_template.nodes' });
  });

  it('evaluates Kubernetes objects managed by Terraform with the Kubernetes rules, at the .tf lines', () => {
    const masters = result.findings.filter((f) => f.ruleId === 'EKS-IAM-008');
    expect(masters.length).toBeGreaterThan(0);
    for (const f of masters) {
      expect(f.resource).toMatchObject({ kind: 'ConfigMap', namespace: 'kube-system', name: 'aws-auth' });
      expect(f.location.file).toBe('infra/main.tf');
      expect(lineOf(REPO, f.location.file, f.location.line)).toMatch(/^\s+mapUsers = yamlencode/);
    }
  });

  it('never prints a sensitive value, in any format', () => {
    const secretFinding = result.findings.find((f) => f.ruleId === 'EKS-DATA-012');
    expect(secretFinding?.severity).toBe('critical');
    expect(JSON.stringify(result.findings)).not.toContain(SECRET);
    expect(JSON.stringify(result.findings)).not.toContain(SECRET.slice(0, 8));
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = cli(['scan', REPO, '--format', format], REPO);
      expect(r.code, format).toBe(1);
      expect(r.stdout + r.stderr, format).not.toContain(SECRET);
    }
  });
});

describe('a plan without its sources', () => {
  it('points at the resource entry in the plan JSON, at its real line', () => {
    const dir = tempDir({ 'plans/prod.tfplan.json': fs.readFileSync(path.join(REPO, 'infra/tfplan.json')) });
    dirs.push(dir);
    clearSourceCache();
    const result = scan({ paths: [dir], root: dir, config: withDefaults({}) });
    const text = fs.readFileSync(path.join(dir, 'plans/prod.tfplan.json'), 'utf8').split('\n');
    const tokens = result.findings.find((f) => f.ruleId === 'EKS-IAM-014');
    expect(tokens?.location.file).toBe('plans/prod.tfplan.json');
    expect(text[(tokens?.location.line ?? 0) - 1]).toMatch(/"http_tokens": "optional"/);
    // An absent attribute: the nearest existing ancestor inside the resource's `after`.
    const mode = result.findings.find((f) => f.ruleId === 'EKS-IAM-003');
    expect(text[(mode?.location.line ?? 0) - 1]).toMatch(/"after": \{/);
    // A whole-resource finding: the resource's entry in resource_changes.
    const lifecycle = result.findings.find((f) => f.ruleId === 'EKS-IMG-009');
    const entry = lifecycle?.location.line ?? 0;
    expect(text[entry - 1]).toMatch(/^\s+\{$/);
    expect(text[entry]).toContain('"address": "aws_ecr_repository.app"');
  });

  it('uses terraform.sources to find the .tf files elsewhere in the repository', () => {
    const dir = tempDir({
      'plans/prod.tfplan.json': fs.readFileSync(path.join(REPO, 'infra/tfplan.json')),
      'stack/main.tf': fs.readFileSync(path.join(REPO, 'infra/main.tf')),
      'stack/modules/nodes/main.tf': fs.readFileSync(path.join(REPO, 'infra/modules/nodes/main.tf')),
    });
    dirs.push(dir);
    clearSourceCache();
    const result = scan({ paths: [path.join(dir, 'plans')], root: dir, config: withDefaults({ terraform: { sources: 'stack' } }) });
    const f = result.findings.find((x) => x.ruleId === 'EKS-HOST-001');
    expect(f?.location.file).toBe('stack/modules/nodes/main.tf');
    expect(lineOf(dir, 'stack/modules/nodes/main.tf', f?.location.line ?? 0)).toContain('ami_type');
  });
});

describe('JSON output for Terraform findings', () => {
  it('describes the resource by type and address only (product.md §4)', () => {
    const r = cli(['scan', REPO, '--format', 'json'], REPO);
    const out = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; resource?: Record<string, string> }> };
    expect(out.findings.find((f) => f.ruleId === 'EKS-IAM-001')?.resource).toEqual({ kind: 'aws_eks_cluster', name: 'aws_eks_cluster.this' });
  });
});
