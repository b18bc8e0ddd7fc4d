// Canary secrets: values planted in every place rules.md §9.3 lists must be found, and must
// never appear in any output the gate can produce (text, JSON, SARIF, workflow commands, an
// --output file, error messages), not even when a policy tries to print them.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, ROOT, tempDir } from '../helpers.js';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { renderJson } from '../../src/report/json.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderText } from '../../src/report/text.js';
import { renderGithub } from '../../src/report/github.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Every planted value, by where it is planted. */
const CANARY = {
  awsKeyId: 'AKIACANARYKEYQ2Z3Y4X',
  awsSecret: 'Cn4rYsEcReTaCcEsSkEy0123456789abcdefGhIj',
  githubToken: 'ghp_CanaryToken0123456789abcdefghijKLMNO',
  envPassword: 'Canary-Passw0rd-4242',
  urlPassword: 'Canary-Url-Pass-55',
  propertyPassword: 'Canary-Pr0perty-77',
  stringData: 'Canary-String-Data-9f8e7d',
  data: 'Canary-Base64-Secret-1a2b',
  pemBody: 'MIIEpAIBAAKCAQEAcanaryPEMbodyCanaryPEMbodyCanary0123456789',
  slackPath: 'CanarySlackHookPath01234',
  lastApplied: 'Canary-LastApplied-3c4d',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.CanaryJwtSignature0123',
  flagValue: 'Canary-Flag-Value-8080',
};

const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${CANARY.pemBody}\n-----END RSA PRIVATE KEY-----\n`;
const SLACK = `https://hooks.slack.com/services/T0CANARY1/B0CANARY2/${CANARY.slackPath}`;

const lastApplied = JSON.stringify({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 'old', namespace: 'shop' }, stringData: { password: CANARY.lastApplied },
});

const FILES: Record<string, string> = {
  'deploy/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: shop
  annotations:
    ci/notify: ${SLACK}
spec:
  template:
    metadata:
      labels: {app: app}
    spec:
      containers:
        - name: app
          image: app:1
          args: ["--token", "${CANARY.flagValue}", "--jwt=${CANARY.jwt}"]
          env:
            - name: AWS_ACCESS_KEY_ID
              value: ${CANARY.awsKeyId}
            - name: AWS_SECRET_ACCESS_KEY
              value: ${CANARY.awsSecret}
            - name: GITHUB_TOKEN
              value: ${CANARY.githubToken}
            - name: DB_PASSWORD
              value: ${CANARY.envPassword}
            - name: DATABASE_URL
              value: postgres://app:${CANARY.urlPassword}@db:5432/app
`,
  'deploy/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: shop
data:
  application.properties: |
    server.port=8080
    spring.datasource.password=${CANARY.propertyPassword}
binaryData:
  tls.key: ${b64(PEM)}
`,
  'deploy/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: app
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '${lastApplied}'
stringData:
  token: ${CANARY.stringData}
data:
  password: ${b64(CANARY.data)}
`,
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Every form in which a canary could leak: as planted, base64, JSON-escaped. */
function forms(): string[] {
  const out = new Set<string>();
  for (const v of Object.values(CANARY)) {
    out.add(v);
    out.add(b64(v));
  }
  out.add(b64(PEM));
  return [...out];
}

function expectNoCanary(text: string, where: string): void {
  for (const f of forms()) expect(text.includes(f), `${where} leaks ${f.slice(0, 6)}…`).toBe(false);
}

describe('planted secrets', () => {
  const dir = tempDir(FILES);
  dirs.push(dir);
  const result = scan({ paths: [dir], root: dir, config: withDefaults({}) });
  const secretRules = /^EKS-DATA-0(07|09|10|11)$/;

  it('are all found, at their lines, with redacted forms', () => {
    const found = result.findings.filter((f) => secretRules.test(f.ruleId)).map((f) => `${f.ruleId} ${f.location.file}:${f.location.line} ${f.severity}`);
    expect(found.sort()).toEqual([
      'EKS-DATA-007 deploy/secret.yaml:9 high',
      'EKS-DATA-007 deploy/secret.yaml:11 high',
      'EKS-DATA-009 deploy/app.yaml:16 critical',
      'EKS-DATA-009 deploy/app.yaml:16 high',
      'EKS-DATA-009 deploy/app.yaml:19 critical',
      'EKS-DATA-009 deploy/app.yaml:21 critical',
      'EKS-DATA-009 deploy/app.yaml:23 critical',
      'EKS-DATA-009 deploy/app.yaml:25 high',
      'EKS-DATA-009 deploy/app.yaml:27 critical',
      'EKS-DATA-010 deploy/config.yaml:7 high',
      'EKS-DATA-010 deploy/config.yaml:11 critical',
      'EKS-DATA-011 deploy/app.yaml:7 critical',
      'EKS-DATA-011 deploy/secret.yaml:7 high',
    ].sort());
    const key = result.findings.find((f) => f.message.includes('AWS access key ID'));
    expect(key?.message).toContain('"AKIA***" (20 chars)');
  });

  it('never appear in text, JSON, SARIF or workflow commands', () => {
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = cli(['scan', dir, '--format', format], dir);
      expect(r.code).toBe(1);
      expectNoCanary(r.stdout + r.stderr, `--format ${format}`);
    }
    expectNoCanary(renderText(result, { color: true }), 'text (colour)');
    expectNoCanary(renderJson(result), 'json');
    expectNoCanary(renderSarif(result, { root: dir }), 'sarif');
    expectNoCanary(renderGithub(result.findings), 'workflow commands');
  });

  it('never appear in an --output file', () => {
    const out = path.join(dir, 'out.sarif');
    cli(['scan', 'deploy', '--format', 'sarif', '--output', out], dir);
    expectNoCanary(fs.readFileSync(out, 'utf8'), '--output file');
  });

  it('never appear in an input error', () => {
    const broken = tempDir({ 'bad.yaml': `apiVersion: v1\nkind: Secret\nmetadata: {name: x}\nstringData:\n  key: "${CANARY.awsKeyId}\n  other: [${CANARY.githubToken}\n` });
    dirs.push(broken);
    const r = cli(['scan', broken, '--format', 'json'], broken);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('EKS-INPUT-001');
    expectNoCanary(r.stdout + r.stderr, 'input error');
  });
});

describe('the last line of defence', () => {
  const TOOLS = path.join(ROOT, '.tools/bin');
  const ORIGINAL_PATH = process.env.PATH ?? '';
  afterEach(() => {
    process.env.PATH = ORIGINAL_PATH;
  });

  it('scrubs a custom policy that prints secret values', () => {
    const dir = tempDir({
      ...FILES,
      '.eks-policy-gate.yaml': 'policies: [./policy]\n',
      'policy/leak.rego': `package acme.leak

import data.eks.lib.k8s
import data.eks.lib.result

# METADATA
# title: Leaks values
# scope: document
# entrypoint: true
# custom:
#   id: ACME-LEAK-001
#   severity: high
#   remediation: Do not.
deny contains result.new("ACME-LEAK-001", pod.doc, ["env"], concat(" ", ["leaked", e.value])) if {
	some pod in k8s.pods
	some c in k8s.containers(pod)
	some e in c.container.env
	is_string(e.value)
}
`,
    });
    dirs.push(dir);
    process.env.PATH = `${TOOLS}${path.delimiter}${ORIGINAL_PATH}`;
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = cli(['scan', '.', '--format', format], dir);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(format === 'json' || format === 'sarif' ? 'ACME-LEAK-001' : 'leaked');
      expectNoCanary(r.stdout, `custom policy, --format ${format}`);
    }
    const json = JSON.parse(cli(['scan', '.', '--format', 'json'], dir).stdout);
    const leaks = json.findings.filter((f: { ruleId: string }) => f.ruleId === 'ACME-LEAK-001').map((f: { message: string }) => f.message);
    expect(leaks).toContain('leaked AKIA***(redacted, 20 chars)');
    expect(leaks).toContain('leaked Cana***(redacted, 20 chars)');
  });
});
