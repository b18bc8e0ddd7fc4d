// Every Terraform plan of the shared corpus (third-party plans, read in place) scans without an
// error exit, and the plans that manage EKS resources get EKS findings. Skipped when the corpus
// is not there. `EPG_CORPUS_TABLE=1` prints the findings per plan (rule ID and count).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, cli } from '../helpers.js';

const DIR = path.join(CORPUS, 'tfplan');
const plans = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort() : [];

interface Output {
  summary: { files: number; documents: number; findings: number };
  findings: Array<{ ruleId: string; message: string }>;
}

function text(file: string): string {
  const b = fs.readFileSync(path.join(DIR, file));
  return b[0] === 0xff && b[1] === 0xfe ? b.subarray(2).toString('utf16le') : b.toString('utf8');
}

describe.skipIf(plans.length === 0)('the corpus of Terraform plans', () => {
  const results = new Map<string, Output>();
  for (const file of plans) {
    it(`${file} scans without an error exit`, () => {
      const r = cli(['scan', file, '--format', 'json'], DIR);
      expect(r.code, r.stderr).toBeLessThan(2);
      const out = JSON.parse(r.stdout) as Output;
      expect(out.summary.files).toBe(1);
      expect(out.findings.filter((f) => f.ruleId.startsWith('EKS-INPUT-'))).toEqual([]);
      results.set(file, out);
      // Plans that manage EKS resources get EKS findings.
      if (/"type":\s*"aws_eks_(cluster|node_group)"/.test(text(file))) {
        expect(out.findings.filter((f) => /^EKS-(IAM|DET|DATA|HOST|CMP|RT)-/.test(f.ruleId)).length, file).toBeGreaterThan(0);
      }
    });
  }

  it('gives the expected EKS findings on the EKS plans', () => {
    const rules = (file: string) => new Set(results.get(file)?.findings.map((f) => f.ruleId));
    const runner = rules('checkov__runner_plan__tfplan.json');
    for (const id of ['EKS-IAM-001', 'EKS-IAM-002', 'EKS-DET-001', 'EKS-DATA-001', 'EKS-DATA-002', 'EKS-IMG-005', 'EKS-NET-011', 'EKS-IAM-016']) expect(runner, id).toContain(id);
    // Its remote_access is empty (no SSH), and ami_type is left to EKS's default.
    expect(rules('checkov__unexpected__eks_node_group_remote_access.json')).toEqual(new Set(['EKS-HOST-001']));
    expect(rules('trivy-checks__examples_terraform-plan__tfplan.json')).toContain('EKS-IAM-014');
    expect(rules('checkov__plan_nested_child_modules__tfplan.json')).toContain('EKS-IAM-001');
    expect(rules('conftest__examples_hcl1__gke-show.json')).toEqual(new Set());
    if (process.env.EPG_CORPUS_TABLE) {
      const rows = [...results].map(([file, out]) => {
        const counts = new Map<string, number>();
        for (const f of out.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
        const cells = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => `${id}×${n}`).join(', ');
        return `| \`${file}\` | ${out.summary.documents} | ${out.findings.length} | ${cells || '—'} |`;
      });
      console.log(['| plan | documents | findings | rule IDs × count |', '|---|---|---|---|', ...rows].join('\n'));
    }
  });
});
