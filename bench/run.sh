#!/usr/bin/env bash
# npm run bench: build afo and the bench driver, then time afo, ansible-playbook and the SSH floor
# on lab hosts (bench/README.md). Needs root (the lab) and Debian's ansible package.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
bash test/lab/setup.sh
export AFO_LAB_CACHE=${AFO_LAB_CACHE:-$REPO/.cache/lab}
echo "[bench] building afo and the driver (tsc)" >&2
rm -rf .cache/bench/afo
npx tsc -p bench/tsconfig.json
# The build is a package root like dist/: afo finds roles/ and templates/ above its sources.
ln -s ../../../roles .cache/bench/afo/roles
ln -s ../../../templates .cache/bench/afo/templates
exec node .cache/bench/afo/bench/src/main.js "$REPO"
