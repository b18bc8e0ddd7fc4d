// docs/rules/ is generated from the rules' METADATA (scripts/rule-docs.mjs, run by
// `npm run build`): it must be exactly what the current rego/ generates.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { renderRuleDocs } from '../../scripts/rule-docs.mjs';
import type { Catalog } from '../../src/evaluate/catalog.js';
import { ROOT } from '../helpers.js';

const DOCS = path.join(ROOT, 'docs/rules');

function catalog(): Catalog {
  // The global setup built rego/ into this directory.
  return JSON.parse(fs.readFileSync(path.join(process.env.EKS_POLICY_GATE_ASSETS!, 'catalog.json'), 'utf8')) as Catalog;
}

describe('docs/rules/', () => {
  const expected = renderRuleDocs(catalog());

  it('equals what the build generates (run `npm run build` and commit docs/rules/ if this fails)', () => {
    const present = fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort();
    expect(present).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) expect(fs.readFileSync(path.join(DOCS, name), 'utf8'), `docs/rules/${name} is stale`).toBe(text);
  });

  it('has one page per built-in rule, with what, why, how to fix and references', () => {
    const builtins = catalog().rules.filter((r) => r.id.startsWith('EKS-'));
    expect(builtins.length).toBeGreaterThan(0);
    for (const r of builtins) {
      const page = expected.get(`${r.id}.md`);
      expect(page, r.id).toBeDefined();
      expect(page).toContain(`# ${r.id}: ${r.title}`);
      expect(page).toContain('## What it checks, and why');
      expect(page).toContain(r.description);
      expect(page).toContain('## How to fix');
      expect(page).toContain(r.remediation);
      if (r.fix) expect(page).toMatch(/Before:\n\n```(yaml|hcl)\n[\s\S]+After:\n\n```/);
      if (Object.keys(r.compliance).length || r.references.length) expect(page).toContain('## References');
      expect(expected.get('README.md')).toContain(`[${r.id}](${r.id}.md)`);
    }
  });

  it('references name the EKS Best Practices section, the CIS EKS id and the PSS control', () => {
    const page = expected.get('EKS-PSB-002.md')!;
    expect(page).toContain('[Pod Security](https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html)');
    expect(page).toContain('CIS Amazon EKS Benchmark v1.8.0: **4.2.1**');
    expect(page).toContain('check `privileged`');
    expect(page).toContain('| Source | [rego/rules/psb/privileged.rego](../../rego/rules/psb/privileged.rego) |');
  });

  it('every page link resolves to a page or a file of the repository', () => {
    for (const [name, text] of expected) {
      for (const m of text.matchAll(/\]\((?!https?:)([^)#]+)\)/g)) {
        expect(fs.existsSync(path.resolve(DOCS, m[1]!)), `${name} links ${m[1]}`).toBe(true);
      }
    }
  });

  it('SARIF helpUri of a built-in rule points at its page', async () => {
    const { ruleHelpUri } = await import('../../src/report/sarif.js');
    expect(ruleHelpUri('EKS-PSB-002')).toMatch(/\/docs\/rules\/EKS-PSB-002\.md$/);
    expect(expected.has('EKS-PSB-002.md')).toBe(true);
  });
});
