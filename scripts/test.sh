#!/usr/bin/env bash
# The full test command (README: `npm test`): type-check, lint, then every test through node's
# test runner on real DuckDB files, real sockets and the real CLI. Installs dependencies first
# when node_modules is missing (a fresh clone in CI), Debian's chromium when it is missing (the
# browser tests drive it through playwright-core), and builds the web app (web/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
  npm install --no-audit --no-fund
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (Debian package, for the browser tests)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi
echo "== build web app"
npm run --silent build:web -- --logLevel warn
echo "== type-check"
npx tsc -p .
npx tsc -p web
echo "== lint (src, bench, test, web)"
npx eslint .
echo "== tests"
mapfile -t files < <(find src test -name '*.test.ts' | sort)
node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
