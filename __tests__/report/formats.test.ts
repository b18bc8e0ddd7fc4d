import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { renderJson } from '../../src/report/json.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderText, writeText } from '../../src/report/text.js';
import { renderGithub, workflowCommand, writeGithub } from '../../src/report/github.js';
import { ROOT, tempDir } from '../helpers.js';
import type { Finding } from '../../src/model.js';

const result = scan({ paths: [path.join(ROOT, 'examples')], root: ROOT, config: withDefaults({}) });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('json', () => {
  it('validates against the published schema and carries the contract fields', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/output.schema.json'), 'utf8'));
    const out = JSON.parse(renderJson(result));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.summary).toEqual({ files: 8, documents: 13, findings: 90, blocking: 10, errors: 0 });
    expect(out.findings.find((f: { ruleId: string; location: { file: string } }) => f.ruleId === 'EKS-PSB-002' && f.location.file === 'examples/insecure-app/deployment.yaml')).toMatchObject({
      ruleId: 'EKS-PSB-002',
      severity: 'critical',
      mode: 'enforce',
      blocking: true,
      location: { file: 'examples/insecure-app/deployment.yaml', line: 26, column: 13, endLine: 26 },
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'checkout' },
      fieldPath: 'spec.template.spec.containers[0].securityContext.privileged',
    });
  });
});

describe('text', () => {
  it('groups by file, shows line, rule and verdict, without colour off a TTY', () => {
    const text = renderText(result, { color: false });
    expect(text).not.toMatch(/\x1b\[/);
    const lines = text.split('\n');
    const i = lines.findIndex((l) => /^ {2}19:7 +high +EKS-PSB-001 +violates PodSecurity "baseline:latest": host namespaces \(hostNetwork=true\) +\[blocking\]/.test(l));
    expect(i).toBeGreaterThan(0);
    // It sits in the deployment file's group: the nearest header line above it names the file.
    expect(lines.slice(0, i).reverse().find((l) => /^\S/.test(l))).toBe('examples/insecure-app/deployment.yaml');
    expect(text).toContain('Deployment shop/checkout');
    expect(text.trimEnd().split('\n').at(-1)).toBe('✖ 90 findings (10 blocking) in 8 files, 13 documents: the gate fails.');
  });

  it('uses colour when asked', () => {
    expect(renderText(result, { color: true })).toMatch(/\x1b\[/);
  });

  it('comes in pieces of whole lines, the lines of each finding in one piece (they are scrubbed a batch of pieces at a time)', () => {
    const pieces: string[] = [];
    writeText(result, { color: true }, (p) => pieces.push(p));
    expect(pieces.every((p) => p.endsWith('\n'))).toBe(true);
    for (const f of result.findings) {
      const piece = pieces.find((p) => p.includes(f.message) && p.includes(`${f.location.line}:${f.location.column}`));
      expect(piece, f.message).toBeDefined();
      expect(piece).toContain(f.title);
    }
    expect(pieces.at(-1)).toMatch(/the gate fails\.\x1b\[0m\n$/);
  });
});

describe('github workflow commands', () => {
  it('prints one annotation per finding with file, line and title', () => {
    const lines = renderGithub(result.findings).trimEnd().split('\n');
    expect(lines).toHaveLength(90);
    expect(lines).toContain(
      '::error file=examples/insecure-app/deployment.yaml,line=19,endLine=19,col=7,title=EKS-PSB-001 No host namespaces::violates PodSecurity "baseline%3Alatest": host namespaces (hostNetwork=true)'.replace('%3A', ':'),
    );
  });

  it('comes one line per finding', () => {
    const pieces: string[] = [];
    writeGithub(result.findings, (p) => pieces.push(p));
    expect(pieces).toHaveLength(90);
    expect(pieces.every((p) => /^::(error|warning|notice) [^\n]*\n$/.test(p))).toBe(true);
  });

  it('escapes properties and data', () => {
    const f = { ...result.findings.find((x) => x.ruleId === 'EKS-PSB-001')!, message: 'a%b\nc', location: { file: 'x,y:z.yaml', line: 1, column: 1, endLine: 1 }, title: 'T' } as Finding;
    expect(workflowCommand(f)).toBe('::error file=x%2Cy%3Az.yaml,line=1,endLine=1,col=1,title=EKS-PSB-001 T::a%25b%0Ac');
  });
});

describe('sarif', () => {
  const sarif = JSON.parse(renderSarif(result, { root: ROOT, category: 'examples' }));

  it('describes the driver, every rule, and each result with a fingerprint and relative URI', () => {
    const run = sarif.runs[0];
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'eks-policy-gate', version: expect.any(String), informationUri: expect.stringMatching(/^https:/) });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('EKS-PSB-002');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'EKS-PSB-002');
    expect(rule).toMatchObject({
      shortDescription: { text: 'No privileged containers' },
      fullDescription: { text: expect.any(String) },
      help: { text: expect.any(String), markdown: expect.stringContaining('**How to fix:**') },
      properties: { 'security-severity': '9.5', tags: expect.arrayContaining(['security']) },
    });
    expect(run.automationDetails).toEqual({ id: 'examples/' });
    const i = result.findings.findIndex((f) => f.ruleId === 'EKS-PSB-002' && f.location.file === 'examples/insecure-app/deployment.yaml');
    expect(run.results[i]).toMatchObject({
      ruleId: 'EKS-PSB-002',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'examples/insecure-app/deployment.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 26, startColumn: 13 } } }],
      partialFingerprints: { primaryLocationLineHash: result.findings[i]?.fingerprint },
    });
    expect(run.tool.driver.rules[run.results[i].ruleIndex].id).toBe('EKS-PSB-002');
  });

  /** Problems (errors and warnings) the SARIF multitool reports with the GitHub and SARIF rules. */
  function validateSarif(log: unknown): string[] {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'out.sarif');
    fs.writeFileSync(file, JSON.stringify(log));
    // The npm wrapper passes its arguments through a shell, which splits "Gh;Sarif": call the binary.
    const tool = path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
    const out = path.join(dir, 'validation.sarif');
    const r = spawnSync(tool, ['validate', file, '--rule-kind', 'Gh;Sarif', '--output', out, '--log', 'ForceOverwrite'], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const validation = JSON.parse(fs.readFileSync(out, 'utf8'));
    return (validation.runs[0].results ?? [])
      .filter((x: { level?: string }) => (x.level ?? 'warning') !== 'note')
      .map((x: { ruleId: string; message: { id?: string } }) => `${x.ruleId} ${x.message.id}`);
  }

  it('passes the SARIF multitool validator with the GitHub rules', () => {
    expect(validateSarif(sarif)).toEqual([]);
  });

  it('(the validator does flag a broken log)', () => {
    const broken = structuredClone(sarif);
    delete broken.runs[0].tool.driver.rules[0].help;
    expect(validateSarif(broken)).toContain('GH2012 Error_MissingHelp');
  });
});
