#!/usr/bin/env bash
# The README's test command (npm test): system packages the lab needs, type checks (src and the
# tests), build, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/lab/setup.sh
npm run typecheck
npm run build
exec npx vitest run "$@"
