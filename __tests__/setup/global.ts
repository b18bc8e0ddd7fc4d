// Builds the policy bundle from rego/ once per test run, into a temporary directory that the
// code under test (src/, not dist/) loads through EKS_POLICY_GATE_ASSETS.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = path.resolve(__dirname, '../..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-policy-gate-assets-'));
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--out', dir, '--policy-only', '--quiet'], { stdio: 'inherit' });
  process.env.EKS_POLICY_GATE_ASSETS = dir;
  // Charts and overlays render with the pinned helm/kustomize (scripts/install-tools.sh), not PATH's.
  process.env.EKS_POLICY_GATE_TOOLS ??= path.join(root, '.tools/bin');
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
