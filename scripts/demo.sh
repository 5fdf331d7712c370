#!/usr/bin/env bash
# The demo (README's first command): 3 local lab hosts presented as openEuler 20.03, the openGauss
# stand-in package, and `afo deploy` of 1 primary + 1 standby + 1 cascade (with CM, as 3 nodes get
# by default). Builds what is missing first; a second run finds the cluster deployed and changes
# nothing. Environment: AFO_LAB / AFO_LAB_NET / AFO_LAB_CACHE as for `npm run lab`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
LAB=${AFO_LAB:-afo}
LABDIR=${AFO_LAB_DIR:-$ROOT/.lab$([ "$LAB" = afo ] || echo "-$LAB")}
PKG=$ROOT/.cache/standin/openGauss-5.0.0-openEuler-64bit-all.tar.gz
say() { printf '[demo] %s\n' "$*" >&2; }
t0=$SECONDS

# 0. the Debian packages the lab needs (only those missing; a fresh machine has none of them)
bash test/lab/setup.sh

# 1. afo itself (rebuilt when a source is newer than the build)
if [ ! -f dist/src/cli/main.js ] || [ -n "$(find src roles templates -newer dist/src/cli/main.js -print -quit)" ]; then
  say "building afo ..."
  npm run --silent build
fi

# 2. three lab hosts (kept when already up with 3 hosts answering)
up=0
if [ -s "$LABDIR/hosts.list" ] && [ "$(wc -l < "$LABDIR/hosts.list")" = 3 ]; then
  [ "$(bash test/lab/lab.sh status | grep -c ' up$')" = 3 ] && up=1
fi
if [ $up = 0 ]; then
  say "starting 3 lab hosts (openEuler 20.03) ..."
  bash test/lab/lab.sh up 3 --os openeuler20.03
fi

# 3. the stand-in package
[ -f "$PKG" ] || { say "building the openGauss stand-in package ..."; bash test/opengauss-standin/package.sh; }

# 4. an openGauss inventory for the lab hosts: primary, standby, cascade by IPv4 address
INV=$LABDIR/opengauss/hosts.ini
mkdir -p "$(dirname "$INV")"
mapfile -t ips < <(awk '{print $3}' "$LABDIR/hosts.list")
cat > "$INV" <<INI
# afo demo inventory for lab '$LAB' (written by scripts/demo.sh)
[opengauss_primary]
${ips[0]}

[opengauss_standby]
${ips[1]}

[opengauss_cascade]
${ips[2]}

[opengauss:children]
opengauss_primary
opengauss_standby
opengauss_cascade

[opengauss:vars]
ansible_user=root
ansible_ssh_private_key_file=$LABDIR/id_ed25519
ansible_ssh_common_args='-o UserKnownHostsFile=$LABDIR/known_hosts -o StrictHostKeyChecking=yes'
INI

# 5. deploy
say "afo deploy -i $INV --package $PKG"
rc=0
node dist/src/cli/main.js deploy -i "$INV" --package "$PKG" || rc=$?
report=$(ls -td "$LABDIR"/opengauss/reports/*-deploy 2>/dev/null | head -1)
say "finished in $((SECONDS - t0)) s (exit $rc)"
[ -n "$report" ] && say "report: $report/report.md"
exit $rc
