// Plan reading and normalisation (rules.md §11, platform.md §7) on plan fixtures in the real
// format of several Terraform versions: format_version 0.1 (Terraform 0.12), 0.2 (1.0),
// 1.0 (1.1, modules with for_each and count), 1.2 (1.9, unknowns, data sources read while
// planning), UTF-16 with BOM, and a future 2.0 that must be refused.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { readPlan, configAddress, moduleOf, splitAddress } from '../../src/load/terraform/plan.js';
import { loadTerraformPlans } from '../../src/load/terraform/index.js';
import { indexConfiguration, resolveReferences } from '../../src/load/terraform/references.js';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { ROOT, tempDir } from '../helpers.js';

const PLANS = path.join(ROOT, '__tests__/fixtures/terraform/plans');
const read = (name: string) => fs.readFileSync(path.join(PLANS, name), 'utf8');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function load(names: string[]) {
  return loadTerraformPlans(names.map((n) => ({ abs: path.join(PLANS, n), rel: n, explicit: false })), [], { root: PLANS });
}

describe('addresses', () => {
  it('splits and strips instance keys, keeping dots inside quoted keys', () => {
    expect(splitAddress('module.a["x.y"].aws_s3_bucket.b[0]')).toEqual(['module', 'a["x.y"]', 'aws_s3_bucket', 'b[0]']);
    expect(configAddress('module.a["x.y"].module.c[1].aws_s3_bucket.b["k"]')).toBe('module.a.module.c.aws_s3_bucket.b');
    expect(moduleOf('module.a["x"].module.c.aws_s3_bucket.b')).toBe('module.a["x"].module.c');
    expect(moduleOf('aws_s3_bucket.b')).toBe('');
  });
});

describe('format versions', () => {
  it('reads 0.1, 0.2, 1.0 and 1.2 plans and refuses 2.0 with a clear input finding', () => {
    for (const [name, version] of [
      ['v0.1-terraform-0.12.json', '0.1'], ['v0.2-terraform-1.0.json', '0.2'],
      ['v1.0-terraform-1.1-modules.json', '1.0'], ['v1.2-terraform-1.9-unknowns.json', '1.2'],
    ] as const) {
      const r = readPlan(read(name));
      expect(r.ok, name).toBe(true);
      if (r.ok) expect(r.plan.formatVersion).toBe(version);
    }
    const future = load(['v2.0-future.json']);
    expect(future.documents).toEqual([]);
    expect(future.findings).toEqual([expect.objectContaining({
      rule: 'EKS-INPUT-001', file: 'v2.0-future.json', line: 2,
      message: expect.stringMatching(/format_version "2\.0" is not supported \(this gate reads 0\.x and 1\.x/),
    })]);
  });

  it('reads UTF-16 plans with a byte-order mark', () => {
    const out = load(['v1.2-utf16.tfplan.json']);
    expect(out.findings).toEqual([]);
    expect(out.documents.map((d) => d.name)).toEqual(['aws_eks_cluster.this', 'aws_kms_key.eks', 'data.aws_iam_policy_document.admin']);
  });

  it('reports invalid JSON at its line', () => {
    const out = loadTerraformPlans([{ abs: '/dev/null', rel: 'x.json', explicit: false }], [], { root: '/' });
    expect(out.findings[0]?.rule).toBe('EKS-INPUT-001');
    const r = readPlan('{\n  "format_version": "1.2",\n  "resource_changes": [\n    {"address": }\n  ]\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.offset).toBe('{\n  "format_version": "1.2",\n  "resource_changes": [\n    {"address": '.length);
  });
});

describe('normalisation', () => {
  const out = load(['v1.0-terraform-1.1-modules.json']);
  const names = out.documents.map((d) => d.name);

  it('skips delete-only changes and deposed objects, evaluates a replace from `after`, keeps no-ops', () => {
    expect(names).not.toContain('aws_ecr_repository.old');
    expect(names.filter((n) => n === 'aws_ecr_repository.repo[1]')).toHaveLength(1);
    const replaced = out.documents.find((d) => d.name === 'aws_ecr_repository.repo[1]');
    expect(replaced?.object).toMatchObject({ actions: ['delete', 'create'], values: { image_tag_mutability: 'MUTABLE' }, index: 1 });
    expect(out.documents.find((d) => d.name === 'aws_ecr_repository.repo[0]')?.object).toMatchObject({ actions: ['no-op'] });
  });

  it('keeps module instance addresses (for_each) and count indexes', () => {
    expect(names).toContain('module.team["a"].aws_security_group.web');
    expect(out.documents.find((d) => d.name === 'module.team["b"].aws_security_group.web')?.object).toMatchObject({ module: 'module.team["b"]', type: 'aws_security_group', name: 'web' });
  });

  it('keeps unknown values distinct from absent ones', () => {
    const o = load(['v1.2-terraform-1.9-unknowns.json']).documents.find((d) => d.name === 'aws_eks_cluster.this')?.object;
    expect(o).toMatchObject({
      values: { vpc_config: [expect.not.objectContaining({ public_access_cidrs: expect.anything() })] },
      unknown: { vpc_config: [{ public_access_cidrs: true }] },
      references: { 'encryption_config.0.provider.0.key_arn': ['aws_kms_key.eks'] },
    });
  });

  it('takes data sources read while planning from prior_state', () => {
    const d = load(['v1.2-terraform-1.9-unknowns.json']).documents.find((x) => x.name === 'data.aws_iam_policy_document.admin');
    expect(d?.object).toMatchObject({ mode: 'data', type: 'aws_iam_policy_document', actions: ['read'] });
  });

  it('reads Terraform 0.12 references that name only the resource', () => {
    const d = load(['v0.1-terraform-0.12.json']).documents.find((x) => x.name === 'aws_eks_node_group.ng');
    expect(d?.object.references).toEqual({ node_role_arn: ['aws_iam_role.node'] });
  });
});

describe('references through modules', () => {
  const config = {
    root_module: {
      resources: [{ address: 'aws_iam_role.node', mode: 'managed', type: 'aws_iam_role', name: 'node', expressions: {} }],
      module_calls: {
        vpc: {
          source: './vpc',
          expressions: {},
          module: {
            resources: [{ address: 'aws_subnet.private', mode: 'managed', type: 'aws_subnet', name: 'private', expressions: {} }],
            outputs: { private_subnets: { expression: { references: ['aws_subnet.private[*].id', 'aws_subnet.private'] } } },
          },
        },
        eks: {
          source: 'terraform-aws-modules/eks/aws',
          expressions: { subnet_ids: { references: ['module.vpc.private_subnets', 'module.vpc'] }, role: { references: ['aws_iam_role.node.arn', 'aws_iam_role.node'] } },
          module: {
            resources: [{ address: 'aws_eks_node_group.this', mode: 'managed', type: 'aws_eks_node_group', name: 'this', expressions: {
              subnet_ids: { references: ['var.subnet_ids'] }, node_role_arn: { references: ['var.role'] }, labels: { constant_value: {} },
              launch_template: [{ id: { references: ['aws_launch_template.this[0].id', 'aws_launch_template.this[0]', 'aws_launch_template.this'] } }],
            } }, { address: 'aws_launch_template.this', mode: 'managed', type: 'aws_launch_template', name: 'this', expressions: {}, count_expression: { constant_value: 2 } }],
          },
        },
      },
    },
  };
  const mk = (address: string) => ({ address, mode: 'managed' as const, type: address.split('.').slice(-2)[0] ?? '', name: '', moduleAddress: moduleOf(address), provider: '', actions: ['create'], values: {}, unknown: {}, sensitive: {}, valuesPath: [], entryPath: [] });
  const resources = ['aws_iam_role.node', 'module.vpc.aws_subnet.private[0]', 'module.vpc.aws_subnet.private[1]', 'module.eks.aws_eks_node_group.this', 'module.eks.aws_launch_template.this[0]', 'module.eks.aws_launch_template.this[1]'].map(mk);
  const refs = resolveReferences(resources, indexConfiguration(config));

  it('follows var.* to the module call and module outputs to their resources', () => {
    expect(refs.get('module.eks.aws_eks_node_group.this')).toEqual({
      subnet_ids: ['module.vpc.aws_subnet.private[0]', 'module.vpc.aws_subnet.private[1]'],
      node_role_arn: ['aws_iam_role.node'],
      'launch_template.0.id': ['module.eks.aws_launch_template.this[0]'],
    });
  });
});

describe('scan of every fixture plan', () => {
  it('reports the expected rules per format version', () => {
    const dir = tempDir();
    dirs.push(dir);
    for (const f of fs.readdirSync(PLANS)) fs.copyFileSync(path.join(PLANS, f), path.join(dir, f));
    const result = scan({ paths: [dir], root: dir, config: withDefaults({}) });
    const byFile = new Map<string, Set<string>>();
    for (const f of result.findings) {
      const set = byFile.get(f.location.file) ?? new Set();
      set.add(`${f.ruleId} ${f.resource?.name ?? ''}`);
      byFile.set(f.location.file, set);
    }
    const has = (file: string, entry: string) => expect([...(byFile.get(file) ?? [])], file).toContain(entry);
    const lacks = (file: string, prefix: string) => expect([...(byFile.get(file) ?? [])].filter((e) => e.startsWith(prefix)), file).toEqual([]);
    // 0.1: node group resolved to its launch template by known name; role by reference.
    has('v0.1-terraform-0.12.json', 'EKS-IAM-014 aws_launch_template.nodes');
    has('v0.1-terraform-0.12.json', 'EKS-HOST-001 aws_eks_node_group.ng');
    has('v0.1-terraform-0.12.json', 'EKS-HOST-002 aws_eks_node_group.ng');
    lacks('v0.1-terraform-0.12.json', 'EKS-IR-005'); // SSH is how its nodes are reached
    // 0.2: unknown public_access_cidrs is treated as open; the sensitive literal is found.
    has('v0.2-terraform-1.0.json', 'EKS-IAM-001 aws_eks_cluster.this');
    has('v0.2-terraform-1.0.json', 'EKS-DATA-012 aws_lambda_function.f');
    // 1.0: only the for_each instance open to the world; only the replaced repository.
    has('v1.0-terraform-1.1-modules.json', 'EKS-NET-011 module.team["a"].aws_security_group.web');
    lacks('v1.0-terraform-1.1-modules.json', 'EKS-NET-011 module.team["b"]');
    has('v1.0-terraform-1.1-modules.json', 'EKS-IMG-005 aws_ecr_repository.repo[1]');
    lacks('v1.0-terraform-1.1-modules.json', 'EKS-IMG-005 aws_ecr_repository.repo[0]');
    lacks('v1.0-terraform-1.1-modules.json', 'EKS-IMG-005 aws_ecr_repository.old');
    lacks('v1.0-terraform-1.1-modules.json', 'EKS-IMG-009');
    // 1.2: the secrets key is referenced (unknown ARN), so DATA-001 passes; the data source is read.
    lacks('v1.2-terraform-1.9-unknowns.json', 'EKS-DATA-001');
    has('v1.2-terraform-1.9-unknowns.json', 'EKS-IAM-016 data.aws_iam_policy_document.admin');
    has('v1.2-utf16.tfplan.json', 'EKS-IAM-016 data.aws_iam_policy_document.admin');
    has('v2.0-future.json', 'EKS-INPUT-001 ');
    // The sensitive password is never printed.
    expect(JSON.stringify(result.findings)).not.toContain('s3cr3t-Passw0rd!');
  });
});
