// The catalog check: every rule of the specification (rules.md) is implemented or listed in
// docs/not-implemented.yaml with a reason, never both, and the list names nothing else. And
// every rule's compliance mapping uses the framework vocabulary of docs/compliance.md.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { readNotImplemented } from '../../scripts/rule-docs.mjs';
import { complianceProblems } from '../../src/compliance/frameworks.js';
import type { Catalog } from '../../src/evaluate/catalog.js';
import { ROOT } from '../helpers.js';

const SPEC = path.resolve(ROOT, '../shared/spec/rules.md');

function specIds(): string[] {
  const text = fs.readFileSync(SPEC, 'utf8');
  return [...text.matchAll(/^\| (EKS-[A-Z]+-\d{3}) \|/gm)].map((m) => m[1]!);
}

const catalog = JSON.parse(fs.readFileSync(path.join(process.env.EKS_POLICY_GATE_ASSETS!, 'catalog.json'), 'utf8')) as Catalog;
const built = new Set(catalog.rules.map((r) => r.id));

describe('the catalog check', () => {
  const spec = specIds();
  const list = readNotImplemented();
  const listed = list.map((e) => e.id);

  it('reads the rule IDs of rules.md', () => {
    // rules.md §1 counts 148 rules.
    expect(spec.length).toBe(148);
    expect(new Set(spec).size).toBe(spec.length);
  });

  it('every rules.md ID is implemented or listed with a reason', () => {
    const missing = spec.filter((id) => !built.has(id) && !listed.includes(id));
    expect(missing, 'implement these or add them to docs/not-implemented.yaml with the reason').toEqual([]);
  });

  it('no listed rule is implemented (remove it from docs/not-implemented.yaml when it lands)', () => {
    expect(listed.filter((id) => built.has(id))).toEqual([]);
  });

  it('the list names only rules.md IDs, once each, each with a reason', () => {
    expect(listed.filter((id) => !spec.includes(id))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    for (const e of list) expect(typeof e.reason === 'string' && e.reason.trim().length > 10, e.id).toBe(true);
  });

  it('built-in rules use the compliance vocabulary of src/compliance/frameworks.json', () => {
    expect(catalog.rules.flatMap((r) => complianceProblems(r))).toEqual([]);
  });
});
