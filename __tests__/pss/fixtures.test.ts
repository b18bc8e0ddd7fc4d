// Pod Security parity: the upstream-style fixtures of __tests__/fixtures/pss (generate.ts) through
// the whole gate (discover, load, Wasm policy, locate), as bare Pods at the configured level and
// version, and wrapped in Deployment and CronJob templates in a namespace whose
// pod-security.kubernetes.io labels set the level and version.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import type { Finding } from '../../src/model.js';
import { ROOT, tempDir } from '../helpers.js';
import { generateFixtures, VERSIONS, type Fixture, type Level, type Pod } from './generate.js';

const FIXTURES = path.join(ROOT, '__tests__/fixtures/pss');
const generated = generateFixtures();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function committedFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? committedFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

if (process.env.UPDATE_PSS_FIXTURES) {
  fs.rmSync(FIXTURES, { recursive: true, force: true });
  for (const [rel, f] of generated) {
    fs.mkdirSync(path.dirname(path.join(FIXTURES, rel)), { recursive: true });
    fs.writeFileSync(path.join(FIXTURES, rel), f.content);
  }
}

describe('the committed fixtures', () => {
  it('are exactly what generate.ts writes (UPDATE_PSS_FIXTURES=1 npx vitest run __tests__/pss rewrites them)', () => {
    const committed = committedFiles(FIXTURES).sort();
    expect(committed).toEqual([...generated.keys()].sort());
    const stale = committed.filter((rel) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8') !== generated.get(rel)!.content);
    expect(stale).toEqual([]);
  });

  it('cover every check at every level and version where it runs, with pass and fail cases', () => {
    const fails = new Set([...generated.values()].filter((f) => f.verdict === 'fail').map((f) => `${f.level}/${f.version}/${f.check}`));
    // Spot checks of the inventory the generator encodes (rules.md §3.4).
    expect(fails.has('baseline/v1.0/hostprobesandhostlifecycle')).toBe(false);
    expect(fails.has('baseline/v1.34/hostprobesandhostlifecycle')).toBe(true);
    expect(fails.has('restricted/v1.0/hostpathvolumes')).toBe(false);
    expect(fails.has('restricted/v1.19/capabilities_baseline')).toBe(true);
    expect(fails.has('restricted/v1.22/capabilities_baseline')).toBe(false);
    expect(fails.has('restricted/v1.34/procmount')).toBe(true);
    expect(fails.has('restricted/latest/procmount')).toBe(false);
    expect(fails.has('restricted/latest/procmount_restricted')).toBe(true);
    expect(fails.has('restricted/v1.19/seccompprofile_baseline')).toBe(false);
  });
});

/** The version that resolves like `version` without being listed: just below the next listed one, or above the newest. */
function alias(level: Level, version: string): string | undefined {
  const list = VERSIONS[level];
  const next = list[list.indexOf(version) + 1];
  if (version === 'latest') return undefined;
  if (next === 'latest' || next === undefined) return 'v1.40';
  return `v1.${Number(next.slice(3)) - 1}`;
}

interface Outcome {
  checks: Set<string>;
  paths: string[];
  messages: string[];
  modes: Set<string>;
}

function outcomes(findings: Finding[], rules: ReturnType<typeof scan>['rules'], key: (f: Finding) => string): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const f of findings) {
    if (!/^EKS-PS[BR]-/.test(f.ruleId)) continue;
    const k = key(f);
    const o = out.get(k) ?? { checks: new Set(), paths: [], messages: [], modes: new Set() };
    o.checks.add(rules.get(f.ruleId)?.pssCheck?.toLowerCase() ?? `no pss_check on ${f.ruleId}`);
    o.paths.push(f.fieldPath ?? '');
    o.messages.push(f.message);
    o.modes.add(f.mode);
    out.set(k, o);
  }
  return out;
}

/** Problems of one fixture's outcome, [] when it matches the expectation. */
function judge(fx: Fixture, o: Outcome | undefined, policy: string, prefix: string): string[] {
  const where = `${fx.file}${prefix ? ` (${prefix.replace(/\.$/, '')})` : ''} at ${policy}`;
  if (fx.verdict === 'pass') return o ? [`${where}: expected no PSS finding, got ${[...o.checks].join(', ')}: ${o.messages.join(' | ')}`] : [];
  if (!o) return [`${where}: expected a ${fx.check} finding, got none`];
  const problems: string[] = [];
  if ([...o.checks].join() !== fx.check) problems.push(`${where}: expected only check ${fx.check}, got ${[...o.checks].join(', ')}`);
  const want = fx.expect.map((p) => prefix + p).sort();
  if (JSON.stringify([...o.paths].sort()) !== JSON.stringify(want)) problems.push(`${where}: expected paths ${want.join(' ')}, got ${[...o.paths].sort().join(' ')}`);
  const bad = o.messages.filter((m) => !m.startsWith(`violates PodSecurity "${policy}": `));
  if (bad.length) problems.push(`${where}: messages do not name the policy: ${bad.join(' | ')}`);
  if ([...o.modes].join() !== 'enforce') problems.push(`${where}: expected mode enforce, got ${[...o.modes].join(', ')}`);
  return problems;
}

const cases = Object.entries(VERSIONS).flatMap(([level, versions]) => versions.map((version) => ({ level: level as Level, version })));

describe.each(cases)('$level $version', ({ level, version }) => {
  const fixtures = [...generated.values()].filter((f) => f.level === level && f.version === version);
  const dir = path.join(FIXTURES, level, version);

  it.each([version, alias(level, version)].filter((v): v is string => v !== undefined))('bare Pods evaluated at %s', (asVersion) => {
    const config = withDefaults({ pss: { enforce: level, warn: 'privileged', audit: 'privileged', version: asVersion } });
    const result = scan({ paths: [dir], root: FIXTURES, config });
    const byFile = outcomes(result.findings, result.rules, (f) => f.location.file);
    const problems = fixtures.flatMap((fx) => judge(fx, byFile.get(fx.file), `${level}:${asVersion}`, ''));
    expect(problems).toEqual([]);
    expect(result.documents).toBe(fixtures.length);
  });

  it('Deployment and CronJob templates in a labelled namespace, pod metadata from the template', () => {
    const labels = {
      'pod-security.kubernetes.io/enforce': level,
      'pod-security.kubernetes.io/enforce-version': version,
      'pod-security.kubernetes.io/warn': 'privileged',
      'pod-security.kubernetes.io/audit': 'privileged',
    };
    // The workload's own annotations must be ignored: only the template's metadata is the pod's.
    const decoys = { 'container.apparmor.security.beta.kubernetes.io/container1': 'unconfined', 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
    const files: Record<string, string> = { 'namespace.yaml': yaml.dump({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fixtures', labels } }) };
    for (const fx of fixtures) {
      const pod = yaml.load(fx.content) as Pod;
      const template = { metadata: { labels: { app: pod.metadata.name }, ...(pod.metadata.annotations ? { annotations: pod.metadata.annotations } : {}) }, spec: pod.spec };
      const meta = { name: pod.metadata.name, namespace: 'fixtures', annotations: decoys };
      const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { selector: { matchLabels: { app: pod.metadata.name } }, template } };
      const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta, spec: { schedule: '@daily', jobTemplate: { spec: { template: { ...template, spec: { ...pod.spec, restartPolicy: 'OnFailure' } } } } } };
      files[fx.file] = `${yaml.dump(deployment)}---\n${yaml.dump(cronJob)}`;
    }
    const tmp = tempDir(files);
    dirs.push(tmp);
    const result = scan({ paths: [tmp], root: tmp, config: withDefaults({}) });
    const byCarrier = outcomes(result.findings, result.rules, (f) => `${f.location.file}#${f.resource?.kind}`);
    const problems = fixtures.flatMap((fx) => [
      ...judge(fx, byCarrier.get(`${fx.file}#Deployment`), `${level}:${version}`, 'spec.template.'),
      ...judge(fx, byCarrier.get(`${fx.file}#CronJob`), `${level}:${version}`, 'spec.jobTemplate.spec.template.'),
    ]);
    expect(problems).toEqual([]);
    expect(result.documents).toBe(1 + 2 * fixtures.length);
  });
});

/** `spec.containers[0]["a.b"]` -> ['spec', 'containers', 0, 'a.b'] */
function segments(fieldPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of fieldPath.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  }
  return out;
}

describe('findings point at the offending line', () => {
  it('the field itself when it exists, else its nearest existing ancestor', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const level of ['baseline', 'restricted'] as const) {
      const config = withDefaults({ pss: { enforce: level, warn: 'privileged', audit: 'privileged', version: 'latest' } });
      const result = scan({ paths: [path.join(FIXTURES, level, 'latest', 'fail')], root: FIXTURES, config });
      for (const f of result.findings.filter((x) => /^EKS-PS[BR]-/.test(x.ruleId))) {
        const text = fs.readFileSync(path.join(FIXTURES, f.location.file), 'utf8');
        const line = text.split('\n')[f.location.line - 1] ?? '';
        // Walk the path down the object as far as it exists; the line must show that last step.
        let node: unknown = yaml.load(text);
        let shown: string | number | undefined;
        for (const step of segments(f.fieldPath ?? '')) {
          const next = (node as Record<string | number, unknown> | undefined)?.[step];
          if (next === undefined) break;
          node = next;
          shown = step;
        }
        const ok = typeof shown === 'number' ? /^\s*- /.test(line) : shown !== undefined && line.includes(`${shown}:`);
        if (!ok) problems.push(`${f.location.file}:${f.location.line} ${f.fieldPath}: expected the line of ${String(shown)}, got "${line.trim()}"`);
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});
