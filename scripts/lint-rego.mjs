#!/usr/bin/env node
// Rego lint: `opa check --strict` on everything, `opa fmt --list` (fails on unformatted files),
// the project's own rule that sets are looked up rather than tested with `in`
// (scripts/rego-lookups.mjs), and Regal when it is on PATH (the Go module proxy reachable here
// does not serve it).
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLookups } from './rego-lookups.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opa = path.join(root, '.tools/bin/opa');
execFileSync(path.join(root, 'scripts/install-tools.sh'), { stdio: 'inherit' });

execFileSync(opa, ['check', '--strict', 'rego'], { cwd: root, stdio: 'inherit' });
const unformatted = execFileSync(opa, ['fmt', '--list', 'rego'], { cwd: root, encoding: 'utf8' }).trim();
if (unformatted) {
  console.error(`lint:rego: not formatted (run \`.tools/bin/opa fmt -w rego\`):\n${unformatted}`);
  process.exit(1);
}
const lookups = await checkLookups(opa, path.join(root, 'rego'));
if (lookups.length > 0) {
  console.error(`lint:rego: membership in a set rule written with \`in\`:\n${lookups.join('\n')}`);
  process.exit(1);
}
const regal = spawnSync('regal', ['lint', 'rego'], { cwd: root, stdio: 'inherit' });
if (regal.error) console.log('lint:rego: opa check --strict, opa fmt and the lookup rule passed; Regal is not installed, skipped.');
else if (regal.status !== 0) process.exit(regal.status ?? 1);
else console.log('lint:rego: opa check --strict, opa fmt, the lookup rule and Regal passed.');
