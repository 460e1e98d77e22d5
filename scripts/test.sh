#!/usr/bin/env bash
# The full test command (README: `npm test`): type-check, lint, then every test through node's
# test runner on real DuckDB files, real sockets and the real CLI. Installs dependencies first
# when node_modules is missing (a fresh clone in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
  npm install --no-audit --no-fund
fi
echo "== type-check"
npx tsc -p .
echo "== lint"
npx eslint .
echo "== tests"
mapfile -t files < <(find src test -name '*.test.ts' | sort)
node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
