// Suppressions and exceptions (product.md §6), through the scan: annotations, comments above
// the object or the offending line, configuration exceptions with owner and expiry; a
// suppression without a reason is a finding, an expired exception is reported and suppresses
// nothing, unused exceptions are listed, suppressed findings leave the list and reach SARIF.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfigFile, withDefaults } from '../../src/config/config.js';
import { exceptionMatches } from '../../src/gate/suppress.js';
import type { Finding } from '../../src/model.js';
import { buildSarif } from '../../src/report/sarif.js';
import { renderJson } from '../../src/report/json.js';
import { scan } from '../../src/scan.js';
import { tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function pod(name: string, opts: { annotations?: Record<string, string>; above?: string; abovePrivileged?: string; trailing?: string } = {}): string {
  const annotations = opts.annotations
    ? `  annotations:\n${Object.entries(opts.annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}\n`
    : '';
  return [
    ...(opts.above ? [opts.above] : []),
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    annotations.trimEnd(),
    'spec:',
    '  hostPID: true',
    '  containers:',
    '    - name: app',
    '      image: nginx',
    '      securityContext:',
    ...(opts.abovePrivileged ? [`        ${opts.abovePrivileged}`] : []),
    `        privileged: true${opts.trailing ? `  ${opts.trailing}` : ''}`,
    '',
  ].filter((l) => l !== '').join('\n') + '\n';
}

function run(files: Record<string, string>, today = '2026-06-01') {
  const dir = tempDir(files);
  dirs.push(dir);
  const configFile = path.join(dir, '.eks-policy-gate.yaml');
  const config = fs.existsSync(configFile) ? loadConfigFile(configFile) : withDefaults({});
  return { dir, result: scan({ paths: [dir], root: dir, config, today }) };
}

const ids = (fs: readonly Finding[], file?: string) => fs.filter((f) => !file || f.location.file === file).map((f) => f.ruleId);

describe('inline suppressions', () => {
  it('an annotation with a reason suppresses that rule on that object only', () => {
    const { result } = run({
      'a.yaml': pod('a', { annotations: { 'ignore.eks-policy-gate.io/EKS-PSB-002': 'CNI agent, reviewed by security' } }),
      'b.yaml': pod('b'),
    });
    expect(ids(result.findings, 'a.yaml')).not.toContain('EKS-PSB-002');
    expect(ids(result.findings, 'a.yaml')).toContain('EKS-PSB-001');
    expect(ids(result.findings, 'b.yaml')).toContain('EKS-PSB-002');
    const s = result.suppressed.find((f) => f.location.file === 'a.yaml');
    expect(s).toMatchObject({ ruleId: 'EKS-PSB-002', blocking: false, suppression: { kind: 'annotation', reason: 'CNI agent, reviewed by security', file: 'a.yaml', line: 7 } });
  });

  it('a comment above the object, above the offending line or at its end suppresses', () => {
    const { result } = run({
      'object.yaml': pod('o', { above: '# eks-policy-gate:ignore EKS-PSB-001 debug pod, removed after the incident' }),
      'line.yaml': pod('l', { abovePrivileged: '# eks-policy-gate:ignore EKS-PSB-002 "needs /dev access"' }),
      'trailing.yaml': pod('t', { trailing: '# eks-policy-gate:ignore EKS-PSB-002 device plugin' }),
      'list.yaml': pod('m', { above: '# eks-policy-gate:ignore EKS-PSB-001,EKS-PSB-002 node agent' }),
    });
    expect(ids(result.findings, 'object.yaml')).not.toContain('EKS-PSB-001');
    expect(ids(result.findings, 'object.yaml')).toContain('EKS-PSB-002');
    expect(ids(result.findings, 'line.yaml')).not.toContain('EKS-PSB-002');
    expect(ids(result.findings, 'trailing.yaml')).not.toContain('EKS-PSB-002');
    expect(ids(result.findings, 'list.yaml').filter((r) => r.startsWith('EKS-PSB-00'))).toEqual([]);
    const line = result.suppressed.find((f) => f.location.file === 'line.yaml');
    expect(line?.suppression).toEqual({ kind: 'comment', reason: 'needs /dev access', file: 'line.yaml', line: 12 });
  });

  it('a comment elsewhere (not directly above) does not suppress', () => {
    const { result } = run({ 'far.yaml': `# eks-policy-gate:ignore EKS-PSB-002 far away\n\n${pod('f')}` });
    expect(ids(result.findings, 'far.yaml')).toContain('EKS-PSB-002');
  });

  it('a suppression without a reason, or naming no rule, suppresses nothing and is a finding', () => {
    const { result } = run({
      'a.yaml': pod('a', { annotations: { 'ignore.eks-policy-gate.io/EKS-PSB-002': '  ' } }),
      'c.yaml': pod('c', { abovePrivileged: '# eks-policy-gate:ignore EKS-PSB-002' }),
      'd.yaml': pod('d', { abovePrivileged: '# eks-policy-gate:ignore EKS-PSB-999 typo in the id' }),
    });
    for (const file of ['a.yaml', 'c.yaml', 'd.yaml']) expect(ids(result.findings, file)).toContain('EKS-PSB-002');
    const gate = result.findings.filter((f) => f.ruleId === 'EKS-GATE-001');
    expect(gate.map((f) => `${f.location.file}:${f.location.line}`).sort()).toEqual(['a.yaml:7', 'c.yaml:12', 'd.yaml:12']);
    expect(gate.find((f) => f.location.file === 'a.yaml')?.message).toMatch(/gives no reason/);
    expect(gate.find((f) => f.location.file === 'd.yaml')?.message).toMatch(/names no known rule \("EKS-PSB-999"\)/);
    // The gate's own findings cannot be suppressed.
    expect(result.suppressed.some((f) => f.ruleId === 'EKS-GATE-001')).toBe(false);
  });
});

describe('configuration exceptions', () => {
  const config = `version: 1
exceptions:
  - rule: EKS-PSB-002
    resource: { kind: Pod, namespace: shop, name: agent }
    reason: host devices for the GPU agent
    owner: team-ml
    expires: 2026-12-31
  - rule: EKS-PSB-001
    resource: { kind: Pod, namespace: shop, name: agent }
    reason: was needed for the old debugger
    owner: team-sre
    expires: 2026-01-31
  - rule: "EKS-PSB-*"
    resource: { kind: Pod, name: "legacy-*" }
    reason: legacy pods, being replaced
    owner: team-platform
  - rule: EKS-PSB-002
    resource: { kind: Pod, namespace: shop, name: gone }
    reason: the pod was deleted
    owner: team-old
`;

  it('match by rule and resource (with globs), expire, and report the unused', () => {
    const { result } = run({ '.eks-policy-gate.yaml': config, 'agent.yaml': pod('agent'), 'legacy.yaml': pod('legacy-1'), 'other.yaml': pod('other') });
    expect(ids(result.findings, 'agent.yaml')).not.toContain('EKS-PSB-002');
    // The expired exception stops suppressing: hostPID is reported again.
    expect(ids(result.findings, 'agent.yaml')).toContain('EKS-PSB-001');
    expect(ids(result.findings, 'legacy.yaml').filter((r) => r.startsWith('EKS-PSB-'))).toEqual([]);
    expect(ids(result.findings, 'other.yaml')).toEqual(expect.arrayContaining(['EKS-PSB-001', 'EKS-PSB-002']));
    const agent = result.suppressed.find((f) => f.location.file === 'agent.yaml' && f.ruleId === 'EKS-PSB-002');
    expect(agent?.suppression).toEqual({ kind: 'exception', reason: 'host devices for the GPU agent', owner: 'team-ml', expires: '2026-12-31', file: '.eks-policy-gate.yaml', line: 3 });

    const expired = result.findings.filter((f) => f.ruleId === 'EKS-GATE-002');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ location: { file: '.eks-policy-gate.yaml', line: 8 }, mode: 'warn', blocking: false });
    expect(expired[0]?.message).toMatch(/rule EKS-PSB-001, resource Pod\/shop\/agent \(owner team-sre\) expired on 2026-01-31/);
    expect(result.exceptions.expired.map((e) => e.owner)).toEqual(['team-sre']);
    expect(result.exceptions.unused.map((e) => e.owner)).toEqual(['team-old']);
    expect(result.exceptions.unused[0]?.location).toEqual({ file: '.eks-policy-gate.yaml', line: 17 });
  });

  it('is valid through its expiry day', () => {
    const { result } = run({ '.eks-policy-gate.yaml': config, 'agent.yaml': pod('agent') }, '2026-01-31');
    expect(ids(result.findings, 'agent.yaml')).not.toContain('EKS-PSB-001');
    expect(result.exceptions.expired).toEqual([]);
  });

  it('a Terraform address, a file glob, and a Kubernetes identity string match', () => {
    const base = { ruleId: 'EKS-IAM-016', title: '', severity: 'high', mode: 'enforce', blocking: true, message: '', fingerprint: 'x' } as const;
    const tf: Finding = { ...base, location: { file: 'plans/prod.tfplan.json', line: 1, column: 1, endLine: 1 }, resource: { kind: 'aws_iam_policy', name: 'module.eks.aws_iam_policy.admin' } };
    expect(exceptionMatches({ rule: 'EKS-IAM-016', resource: 'module.eks.aws_iam_policy.admin', reason: 'r' }, tf)).toBe(true);
    expect(exceptionMatches({ rule: 'EKS-IAM-016', resource: 'module.eks.*', reason: 'r' }, tf)).toBe(true);
    expect(exceptionMatches({ rule: 'EKS-IAM-016', resource: 'module.other.aws_iam_policy.admin', reason: 'r' }, tf)).toBe(false);
    expect(exceptionMatches({ rule: 'EKS-IAM-016', file: 'plans/*.json', reason: 'r' }, tf)).toBe(true);
    expect(exceptionMatches({ rule: 'EKS-IAM-017', file: 'plans/*.json', reason: 'r' }, tf)).toBe(false);
    const k8s: Finding = { ...base, location: { file: 'a.yaml', line: 1, column: 1, endLine: 1 }, resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'agent' } };
    expect(exceptionMatches({ rule: 'EKS-IAM-016', resource: 'Pod/shop/agent', reason: 'r' }, k8s)).toBe(true);
    expect(exceptionMatches({ rule: 'EKS-IAM-016', resource: 'agent', reason: 'r' }, k8s)).toBe(false);
  });

  it('takes the first exception in the file that matches, glob or exact, and counts it alone as used', () => {
    // The gate matches a finding only against the exceptions for its rule (src/gate/suppress.ts),
    // kept in the configuration's order.
    const exception = (rule: string, reason: string, resource = 'Pod/*/agent') => `  - rule: "${rule}"\n    resource: "${resource}"\n    reason: ${reason}\n`;
    for (const [first, second] of [[['EKS-PSB-*', 'by glob'], ['EKS-PSB-001', 'exact']], [['EKS-PSB-001', 'exact'], ['EKS-PSB-*', 'by glob']]] as const) {
      const config = `version: 1\nexceptions:\n${exception(first[0], first[1])}${exception(second[0], second[1])}${exception('EKS-PSB-001', 'never', 'Pod/*/other')}`;
      const { result } = run({ '.eks-policy-gate.yaml': config, 'agent.yaml': pod('agent') });
      const psb = result.suppressed.filter((f) => f.ruleId === 'EKS-PSB-001');
      expect(psb.map((f) => f.suppression.reason)).toEqual([first[1]]);
      expect(result.exceptions.unused.map((e) => e.rule)).toEqual(first[0] === 'EKS-PSB-*' ? ['EKS-PSB-001', 'EKS-PSB-001'] : ['EKS-PSB-001']);
    }
  });

  it('matches a glob the same way every time, dotfiles by file and resource globs only', () => {
    // Each pattern is compiled once and kept (src/gate/suppress.ts): asked again, for other
    // findings, and with the other option, it answers as minimatch() does.
    const base = { title: '', severity: 'high', mode: 'enforce', blocking: true, message: '', fingerprint: 'x' } as const;
    const at = (ruleId: string, file: string): Finding => ({ ...base, ruleId, location: { file, line: 1, column: 1, endLine: 1 } });
    for (let i = 0; i < 3; i++) {
      expect(exceptionMatches({ rule: 'EKS-IMG-*', file: '*/x.yaml', reason: 'r' }, at('EKS-IMG-001', '.hidden/x.yaml'))).toBe(true);
      expect(exceptionMatches({ rule: 'EKS-IMG-*', file: '*/x.yaml', reason: 'r' }, at('EKS-IMG-002', 'deploy/x.yaml'))).toBe(true);
      expect(exceptionMatches({ rule: 'EKS-IMG-*', file: '*/x.yaml', reason: 'r' }, at('EKS-PSB-001', 'deploy/x.yaml'))).toBe(false);
      expect(exceptionMatches({ rule: '*/x.yaml', reason: 'r' }, at('.hidden/x.yaml', 'a.yaml'))).toBe(false);
      expect(exceptionMatches({ rule: 'EKS-IMG-*', file: '*/x.yaml', reason: 'r' }, at('EKS-IMG-001', 'a/b/x.yaml'))).toBe(false);
    }
  });
});

describe('reporting suppressed findings', () => {
  it('JSON leaves them out (and counts them); SARIF carries them with suppressions', () => {
    const { dir, result } = run({ 'a.yaml': pod('a', { annotations: { 'ignore.eks-policy-gate.io/EKS-PSB-002': 'reviewed' } }) });
    const json = JSON.parse(renderJson(result));
    expect(json.findings.some((f: Finding) => f.ruleId === 'EKS-PSB-002')).toBe(false);
    expect(json.summary.suppressed).toBe(1);
    const sarif = buildSarif(result, { root: dir });
    const suppressed = sarif.runs[0]!.results.filter((r) => 'suppressions' in r);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({
      ruleId: 'EKS-PSB-002',
      suppressions: [{ kind: 'inSource', status: 'accepted', justification: 'reviewed', location: { physicalLocation: { artifactLocation: { uri: 'a.yaml' }, region: { startLine: 7 } } } }],
    });
  });
});
