// Binary plan files (`terraform plan -out=tfplan`) are converted with `terraform show -json`,
// when a `terraform` executable is on PATH. Terraform needs the plan's working directory
// (initialised, for the provider schemas), so it runs there.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export type Conversion = { ok: true; text: string } | { ok: false; message: string };

export function convertBinaryPlan(abs: string, timeoutSeconds: number): Conversion {
  const r = spawnSync('terraform', ['show', '-json', '-no-color', path.basename(abs)], {
    cwd: path.dirname(abs),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    timeout: timeoutSeconds * 1000,
    env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
  });
  const err = r.error as NodeJS.ErrnoException | undefined;
  if (err?.code === 'ENOENT') {
    return {
      ok: false,
      message: 'is a binary Terraform plan, and no `terraform` executable is on PATH to convert it. Install Terraform in the job (e.g. hashicorp/setup-terraform), or commit `terraform show -json <plan> > plan.tfplan.json` instead.',
    };
  }
  if (err?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM') {
    return { ok: false, message: `: \`terraform show -json\` did not finish within ${timeoutSeconds} s. Raise limits.subprocess-seconds, or convert the plan before the scan.` };
  }
  if (err) return { ok: false, message: `: \`terraform show -json\` could not run (${err.message}).` };
  if (r.status !== 0) {
    // Terraform's own words, first lines only (they say what is missing, e.g. `terraform init`).
    const why = (r.stderr || r.stdout || '').split('\n').map((l) => l.replace(/[│╷╵]/g, '').trim()).filter(Boolean).slice(0, 3).join(' ');
    return {
      ok: false,
      message: `: \`terraform show -json\` failed (exit ${r.status ?? 'signal'}: ${why || 'no message'}). Run \`terraform init\` in the plan's directory before the scan, or convert the plan with \`terraform show -json\` yourself.`,
    };
  }
  return { ok: true, text: r.stdout };
}
