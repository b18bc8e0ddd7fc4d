// aws-auth's mapRoles/mapUsers/mapAccounts are YAML documents inside strings: findings on
// their items point at the item's line inside the block scalar (load/embedded.ts).
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { embeddedOffset } from '../../src/load/embedded.js';
import { tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function findings(files: Record<string, string>, rules = /^EKS-IAM-00[689]$/, config = withDefaults({})) {
  const dir = tempDir(files);
  dirs.push(dir);
  return scan({ paths: [dir], root: dir, config }).findings
    .filter((f) => rules.test(f.ruleId))
    .map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column} ${f.fieldPath}`);
}

const AWS_AUTH = `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes

    # the platform team
    - rolearn: arn:aws:iam::111122223333:role/devops
      username: devops
      groups:
        - viewers
        - system:masters
  mapUsers: |-
    - userarn: arn:aws:iam::111122223333:user/alice
      username: alice
      groups: [system:masters]
  mapAccounts: |
    - "444455556666"
`;

describe('aws-auth findings', () => {
  it('point at the offending line inside the block scalars', () => {
    expect(findings({ 'aws-auth.yaml': AWS_AUTH })).toEqual([
      'EKS-IAM-008 aws-auth.yaml:19:11 data.mapRoles[1].groups[1]',
      'EKS-IAM-006 aws-auth.yaml:21:7 data.mapUsers[0]',
      'EKS-IAM-008 aws-auth.yaml:23:16 data.mapUsers[0].groups[0]',
      'EKS-IAM-009 aws-auth.yaml:25:7 data.mapAccounts[0]',
    ]);
    const lines = AWS_AUTH.split('\n');
    expect(lines[18]).toBe('        - system:masters');
    expect(lines[20]).toContain('userarn: arn:aws:iam::111122223333:user/alice');
    expect(lines[24]).toContain('"444455556666"');
  });

  it('follow the object inside a List and with a deeper indentation', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: aws-auth, namespace: kube-system}
    data:
      mapRoles: |   # roles
            - rolearn: arn:aws:iam::1:role/a
              groups: [system:masters]
`;
    expect(findings({ 'list.yaml': list })).toEqual(['EKS-IAM-008 list.yaml:10:24 data.mapRoles[0].groups[0]']);
  });

  it('find the line of a quoted or JSON mapping by its text', () => {
    const quoted = `apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapRoles: "- rolearn: arn:aws:iam::1:role/a\\n  groups:\\n  - system:masters\\n"
`;
    expect(findings({ 'quoted.yaml': quoted })).toEqual(['EKS-IAM-008 quoted.yaml:5:61 data.mapRoles[0].groups[0]']);
    const json = JSON.stringify({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' },
      data: { mapRoles: '[{"rolearn": "arn:aws:iam::1:role/a", "groups": ["system:masters"]}]' },
    }, null, 2);
    expect(findings({ 'aws-auth.json': json })).toEqual(['EKS-IAM-008 aws-auth.json:9:5 data.mapRoles[0].groups[0]']);
  });

  it('honour the break-glass principals and report an unreadable mapping as not evaluable', () => {
    const config = withDefaults({ cluster: { 'break-glass': ['arn:aws:iam::111122223333:role/devops', 'arn:aws:iam::111122223333:user/*'] } });
    expect(findings({ 'aws-auth.yaml': AWS_AUTH }, /^EKS-IAM-008$/, config)).toEqual([]);
    const dir = tempDir({ 'bad.yaml': AWS_AUTH.replace('    - rolearn: arn:aws:iam::111122223333:role/nodes', '    - rolearn: [unclosed') });
    dirs.push(dir);
    const bad = scan({ paths: [dir], root: dir, config: withDefaults({}) }).findings.filter((f) => f.ruleId === 'EKS-IAM-008');
    expect(bad.map((f) => [f.severity, f.location.line, f.message])).toEqual([
      ['info', 7, 'aws-auth mapRoles is not a YAML list, so its mappings could not be checked (not evaluable); the authenticator rejects it too'],
      ['high', 23, 'aws-auth mapUsers maps "arn:aws:iam::111122223333:user/alice" to system:masters, which bypasses RBAC; list break-glass principals under cluster.break-glass'],
    ]);
  });

  it('keep distinct fingerprints per item', () => {
    const dir = tempDir({ 'aws-auth.yaml': AWS_AUTH.replace('groups: [system:masters]', 'groups: [system:masters]\n    - userarn: arn:aws:iam::111122223333:user/bob\n      groups: [system:masters]') });
    dirs.push(dir);
    const fps = scan({ paths: [dir], root: dir, config: withDefaults({}) }).findings.filter((f) => f.ruleId === 'EKS-IAM-008').map((f) => f.fingerprint);
    expect(fps).toHaveLength(3);
    expect(new Set(fps).size).toBe(3);
    expect(fps.every((f) => !f.includes(':'))).toBe(true);
  });
});

describe('embeddedOffset', () => {
  const file = 'data:\n  mapRoles: |\n    - a: 1\n      b: [x, y]\n';
  const key = file.indexOf('mapRoles');
  const value = '- a: 1\n  b: [x, y]\n';

  it('maps a literal block scalar line for line', () => {
    expect(embeddedOffset(file, key, file.length, value, [0, 'b', 1])).toBe(file.indexOf('y]'));
    expect(embeddedOffset(file, key, file.length, value, [0, 'b'])).toBe(file.indexOf('b: [x, y]'));
  });

  it('gives up on paths that do not exist or text that does not parse', () => {
    expect(embeddedOffset(file, key, file.length, value, [3])).toBeUndefined();
    expect(embeddedOffset(file, key, file.length, '- [unclosed', [0])).toBeUndefined();
  });
});
