#!/usr/bin/env bash
# The one test command (`npm test`): installs what it needs, then lint, import cycles,
# type-check and the jest suite (unit, golden and integration tests with real servers).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "system packages"
bash scripts/install-system-deps.sh

step "npm packages"
stamp=node_modules/.pulse-lock-stamp
if [ -n "${CI:-}" ] || [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
else
  echo "node_modules matches package-lock.json"
fi

step "lint";        npx eslint --max-warnings 0 .
step "import cycles"; npm run --silent cycles
step "type-check";  npx tsc --noEmit -p .
if [ $# -gt 0 ]; then
  step "tests: $*"; npx jest --ci "$@"
  exit 0
fi
# The whole-stack end-to-end test uses fixed ports and loads the machine, so it runs alone, after the rest.
step "tests";       npx jest --ci --testPathIgnorePatterns '\.e2e\.test\.ts$'
step "end-to-end";  npx jest --ci --runInBand --testPathPatterns '\.e2e\.test\.ts$'
