#!/usr/bin/env node
// Rego lint: `opa check --strict` on everything, `opa fmt --list` (fails on unformatted files),
// and Regal when it is on PATH (the Go module proxy reachable here does not serve it).
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opa = path.join(root, '.tools/bin/opa');
execFileSync(path.join(root, 'scripts/install-tools.sh'), { stdio: 'inherit' });

execFileSync(opa, ['check', '--strict', 'rego'], { cwd: root, stdio: 'inherit' });
const unformatted = execFileSync(opa, ['fmt', '--list', 'rego'], { cwd: root, encoding: 'utf8' }).trim();
if (unformatted) {
  console.error(`lint:rego: not formatted (run \`.tools/bin/opa fmt -w rego\`):\n${unformatted}`);
  process.exit(1);
}
const regal = spawnSync('regal', ['lint', 'rego'], { cwd: root, stdio: 'inherit' });
if (regal.error) console.log('lint:rego: opa check --strict and opa fmt passed; Regal is not installed, skipped.');
else if (regal.status !== 0) process.exit(regal.status ?? 1);
else console.log('lint:rego: opa check --strict, opa fmt and Regal passed.');
