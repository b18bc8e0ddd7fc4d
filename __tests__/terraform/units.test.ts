// The pieces of the Terraform source on their own: the .tf block indexer, the Kubernetes
// conversion of kubernetes_* resources, and the redaction of sensitive values.
import { describe, expect, it } from 'vitest';
import { indexHcl, resolveInBlock, type HclBlock } from '../../src/load/terraform/hcl-index.js';
import { kubernetesObject } from '../../src/load/terraform/kubernetes.js';
import { REDACTED, redactor, sensitiveValues } from '../../src/evaluate/redact.js';

const lineAt = (src: string, offset: number) => src.slice(0, offset).split('\n').length;

describe('the .tf block indexer', () => {
  const src = [
    '# comment with resource "x" "y" {',
    'resource "aws_iam_policy" "p" {',
    '  name   = "p-${var.env}-{weird}"',
    '  policy = <<-EOT',
    '    { "Statement": [ { "Effect": "Allow" } ] }',
    '    } } } unbalanced braces inside a heredoc',
    '  EOT',
    '  tags = {',
    '    Name  = "x"',
    '    "team" = local.t',
    '  }',
    '}',
    '/* resource "aws_s3_bucket" "fake" { */',
    'resource "aws_security_group" "sg" {',
    '  ingress { from_port = 22 }',
    '  ingress {',
    '    from_port = "${lookup(var.m, "k", "}")}"',
    '    cidr_blocks = ["0.0.0.0/0"] // trailing { comment',
    '  }',
    '  dynamic "egress" {',
    '    for_each = var.rules',
    '    content {',
    '      to_port = egress.value',
    '    }',
    '  }',
    '}',
    'module "eks" {',
    '  source = "./modules/eks"',
    '}',
  ].join('\n');
  const body = indexHcl(src);
  const block = (type: string, ...labels: string[]) => body.blocks.find((b) => b.type === type && labels.every((l, i) => b.labels[i] === l)) as HclBlock;

  it('finds top-level blocks, skipping comments, heredocs and braces inside strings', () => {
    expect(body.blocks.map((b) => [b.type, ...b.labels, lineAt(src, b.start)])).toEqual([
      ['resource', 'aws_iam_policy', 'p', 2],
      ['resource', 'aws_security_group', 'sg', 14],
      ['module', 'eks', 27],
    ]);
  });

  it('resolves attribute paths to attributes, nested blocks by index, object keys and dynamic blocks', () => {
    const at = (b: HclBlock, path: Array<string | number>) => lineAt(src, resolveInBlock(b, path).span.start);
    const p = block('resource', 'aws_iam_policy', 'p');
    expect(at(p, ['policy'])).toBe(4);
    expect(at(p, ['tags', 'team'])).toBe(10);
    expect(at(p, ['tags', 'Name'])).toBe(9);
    expect(at(p, ['description'])).toBe(2);
    const sg = block('resource', 'aws_security_group', 'sg');
    expect(at(sg, ['ingress', 0, 'from_port'])).toBe(15);
    expect(at(sg, ['ingress', 1, 'cidr_blocks'])).toBe(18);
    expect(at(sg, ['ingress', 1, 'protocol'])).toBe(16);
    expect(at(sg, ['egress', 0, 'to_port'])).toBe(23);
    expect(resolveInBlock(sg, ['ingress', 1, 'cidr_blocks', 0]).depth).toBe(3);
  });

  it('never throws on broken input', () => {
    for (const broken of ['resource "a" "b" {', '}}}', 'x = <<EOF\nnever closed', '"unterminated\n{', 'a = [1, {', '']) {
      expect(() => indexHcl(broken)).not.toThrow();
    }
  });
});

describe('Kubernetes objects managed by Terraform', () => {
  it('converts the provider shape back to the API object, remembering where each field came from', () => {
    const values = {
      metadata: [{ name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: null }],
      spec: [{
        replicas: '2',
        template: [{
          metadata: [{ labels: { app: 'web' } }],
          spec: [{
            host_pid: true,
            service_account_name: '',
            container: [{ name: 'app', image: 'nginx', security_context: [{ privileged: true, run_as_user: '0', capabilities: [{ add: ['NET_ADMIN'] }] }], env: [{ name: 'A', value: '1' }] }],
            volume: [{ name: 'v', host_path: [{ path: '/' }] }],
          }],
        }],
      }],
    };
    const k = kubernetesObject('kubernetes_deployment_v1', values);
    expect(k?.apiVersion).toBe('apps/v1');
    expect(k?.kind).toBe('Deployment');
    expect(k?.object).toMatchObject({
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: { template: { spec: {
        hostPID: true,
        containers: [{ name: 'app', securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ['NET_ADMIN'] } }, env: [{ name: 'A', value: '1' }] }],
        volumes: [{ name: 'v', hostPath: { path: '/' } }],
      } } },
    });
    expect(k?.origin(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'])).toEqual(['spec', 0, 'template', 0, 'spec', 0, 'container', 0, 'security_context', 0, 'privileged']);
    expect(k?.origin(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'])).toEqual(['spec', 0, 'template', 0, 'spec', 0, 'container', 0, 'security_context', 0]);
  });

  it('keeps ConfigMap data keys as they are, and leaves Secret values to EKS-DATA-012', () => {
    const cm = kubernetesObject('kubernetes_config_map_v1_data', { metadata: [{ name: 'aws-auth', namespace: 'kube-system' }], data: { mapRoles: '- rolearn: x' } });
    expect(cm?.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles: '- rolearn: x' } });
    expect(cm?.origin(['data', 'mapRoles'])).toEqual(['data', 'mapRoles']);
    const secret = kubernetesObject('kubernetes_secret', { metadata: [{ name: 's' }], data: { password: 'x' }, type: 'Opaque' });
    expect(secret?.object).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque' });
    const manifest = kubernetesObject('kubernetes_manifest', { manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } } });
    expect(manifest?.origin(['metadata', 'name'])).toEqual(['manifest', 'metadata', 'name']);
    expect(kubernetesObject('aws_s3_bucket', {})).toBeUndefined();
    expect(kubernetesObject('kubernetes_unknown_thing', {})).toBeUndefined();
  });
});

describe('redaction of sensitive values', () => {
  it('collects the leaves a sensitivity mask marks, and their derived forms', () => {
    const values = { name: 'db', password: 'hunter2hunter2', nested: [{ token: 'abcd-efgh-ijkl' }, { token: 'visible' }], blob: { a: 'x1x1x1', b: 'y2y2y2' }, b64: Buffer.from('the secret text').toString('base64') };
    const mask = { password: true, nested: [{ token: true }, {}], blob: true, b64: true };
    const s = sensitiveValues(values, mask);
    expect([...s]).toEqual(expect.arrayContaining(['hunter2hunter2', 'abcd-efgh-ijkl', 'x1x1x1', 'y2y2y2', 'the secret text']));
    expect(s.has('visible')).toBe(false);
    expect(s.has('db')).toBe(false);
    expect(sensitiveValues(values, false).size).toBe(0);
  });

  it('scrubs every occurrence from a message, longest first', () => {
    const r = redactor(['hunter2hunter2', 'hunter2', 'abc']);
    expect(r('pw=hunter2hunter2, again hunter2hunter2; short abc stays')).toBe(`pw=${REDACTED}, again ${REDACTED}; short abc stays`);
    expect(redactor([])('unchanged')).toBe('unchanged');
  });
});
