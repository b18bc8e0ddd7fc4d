// Binary plan files (`terraform plan -out=tfplan`) are converted with `terraform show -json`,
// when a `terraform` executable is on PATH. Terraform needs the plan's working directory
// (initialised, for the provider schemas), so it runs there.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The environment terraform runs with: what it needs to find itself, its plugins and its
 * configuration, and nothing else. `terraform show` starts the provider plugins of the
 * plan's working directory, which a pull request controls, so no credential may reach them
 * (the action's token, cloud keys, TF_TOKEN_* and TF_VAR_* values).
 */
export function terraformEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    const keep = ['PATH', 'Path', 'PATHEXT', 'SystemRoot', 'SYSTEMROOT', 'windir', 'HOME', 'USERPROFILE', 'TMPDIR', 'TEMP', 'TMP', 'TZ', 'LANG', 'LC_ALL'].includes(k) ||
      (k.startsWith('TF_') && !k.startsWith('TF_TOKEN_') && !k.startsWith('TF_VAR_'));
    if (keep) out[k] = v;
  }
  return out;
}

export type Conversion = { ok: true; text: string } | { ok: false; message: string; limit?: 'time' | 'size' };

export function convertBinaryPlan(abs: string, timeoutSeconds: number, maxBytes = 1024 * 1024 * 1024): Conversion {
  const r = spawnSync('terraform', ['show', '-json', '-no-color', path.basename(abs)], {
    cwd: path.dirname(abs),
    encoding: 'utf8',
    maxBuffer: maxBytes,
    timeout: Math.max(1, Math.round(timeoutSeconds * 1000)),
    // Terraform may ignore SIGTERM while a provider plugin runs; the time limit must hold.
    killSignal: 'SIGKILL',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: terraformEnv(process.env),
  });
  const err = r.error as NodeJS.ErrnoException | undefined;
  if (err?.code === 'ENOENT') {
    return {
      ok: false,
      message: 'is a binary Terraform plan, and no `terraform` executable is on PATH to convert it. Install Terraform in the job (e.g. hashicorp/setup-terraform), or commit `terraform show -json <plan> > plan.tfplan.json` instead.',
    };
  }
  if (err?.code === 'ENOBUFS') {
    return { ok: false, limit: 'size', message: `: \`terraform show -json\` printed more than ${maxBytes} bytes (limits.file-size), so the plan was not checked. Raise limits.file-size, or convert the plan before the scan.` };
  }
  if (err?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM' || r.signal === 'SIGKILL') {
    return { ok: false, limit: 'time', message: `: \`terraform show -json\` did not finish within ${timeoutSeconds} s (limits.subprocess-seconds). Raise limits.subprocess-seconds, or convert the plan before the scan.` };
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
