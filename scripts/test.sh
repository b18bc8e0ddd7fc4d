#!/usr/bin/env bash
# npm test: everything CI checks, in order of speed. Installs the pinned tools first (a no-op
# when they are already built).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "tools (scripts/install-tools.sh)"; scripts/install-tools.sh
step "type check";                        npx tsc -p .
step "lint";                              npx eslint .
step "Rego lint";                         node scripts/lint-rego.mjs
step "Rego tests (opa test rego/)";       .tools/bin/opa test rego/
step "vitest (unit, end-to-end, dist/ up to date)"; npx vitest run
