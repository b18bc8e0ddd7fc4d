// src/config/schema-validator.js is docs/config.schema.json compiled ahead of time
// (scripts/config-validator.mjs): it must be what the schema gives now, and judge every
// configuration as Ajv compiling the schema at run time does, errors and all.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import yaml from 'js-yaml';
import validate from '../src/config/schema-validator.js';
import { ROOT } from './helpers.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/config.schema.json'), 'utf8')) as object;
const compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);

function judged(fn: { (data: unknown): boolean; errors?: unknown }, value: unknown): unknown {
  const ok = fn(value);
  return { ok, errors: ok ? null : fn.errors };
}

/** A configuration with a value for most keys of the schema. */
const RICH = `version: 1
severity-threshold: medium
paths:
  include: ["deploy/**"]
  exclude: ["vendor/**"]
namespaces:
  default: shop
  system: [kube-system]
pss:
  enforce: baseline
  warn: restricted
  exempt: { namespaces: [kube-system], runtimeClasses: [gvisor] }
helm:
  - chart: charts/web
    release: web
    values: [values-prod.yaml]
    set: { replicas: 2, image.tag: "1.2" }
terraform:
  plans: ["plans/*.json"]
network: { tls-ports: [443] }
tenants: { label: tenant }
service-accounts: { token-secrets: [legacy/ci-token] }
runtime: { capability-workloads: [DaemonSet/kube-system/aws-node] }
fail-on-error: true
rules:
  EKS-PSB-001: { mode: warn }
  EKS-PSB-002: { mode: "off", severity: low }
exceptions:
  - rule: EKS-PSB-001
    resource: Deployment/shop/web
    reason: legacy
    expires: "2027-01-01"
rbac:
  cluster-admin-subjects: ["ServiceAccount/argocd/*"]
images:
  registries: [ghcr.io/acme/*]
  ecr-accounts: ["111122223333"]
  verification: true
secrets:
  scan-custom-resources: true
cluster: { version: "1.30" }
frameworks: [cis-eks]
limits:
  file-size: 1048576
`;

/** Configurations: the examples', the code blocks of the docs and README, and RICH. */
function configurations(): unknown[] {
  const out: unknown[] = [yaml.load(RICH)];
  out.push(yaml.load(fs.readFileSync(path.join(ROOT, 'examples/custom-policy/.eks-policy-gate.yaml'), 'utf8')));
  const texts = [path.join(ROOT, 'README.md'), ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'docs', f))];
  for (const file of texts) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)) {
      try {
        out.push(yaml.load(m[1] as string));
      } catch {
        // a fragment, not a whole file
      }
    }
  }
  return out;
}

describe('the compiled configuration validator', () => {
  it('is what docs/config.schema.json gives (run `npm run build` if this fails)', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/config-validator.mjs'), '--check'], { stdio: 'pipe' });
  });

  it("judges the repository's configurations as Ajv does", () => {
    const all = configurations();
    expect(all.length).toBeGreaterThan(3);
    expect(validate(all[0]), JSON.stringify(validate.errors)).toBe(true);
    for (const c of all) expect(judged(validate, c)).toEqual(judged(compiled, c));
  });

  it('judges wrong keys, types and values as Ajv does, with the same errors', () => {
    const cases: unknown[] = [
      {},
      { version: 1 },
      { version: 2 },
      { 'severity-threshold': 'urgent' },
      { rbac: { 'exec-role': [] } },
      { images: { 'ecr-accounts': ['12345'] } },
      { paths: { exclude: 'vendor/**' } },
      { rules: { 'EKS-PSB-001': { mode: 'sometimes' } } },
      { exceptions: [{ rule: 'EKS-PSB-001' }] },
      { limits: { 'file-size': -1 } },
      [],
      'version: 1',
      null,
    ];
    for (const c of cases) expect(judged(validate, c)).toEqual(judged(compiled, c));
    const keys = Object.keys((schema as { properties: Record<string, unknown> }).properties);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys, 'unknown-key'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }), (c) => {
        expect(judged(validate, c)).toEqual(judged(compiled, c));
      }),
      { numRuns: 500, seed: 20261128 },
    );
  });
});
