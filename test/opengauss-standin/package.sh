#!/usr/bin/env bash
# Builds the openGauss stand-in packages, offline and reproducibly, with the real names and layout
# (docs/opengauss.md §6): the 5.0.0 "all" tarballs for openEuler and CentOS and the 6.0.0 openEuler 20.03
# one, plus SHA256SUMS. Output: $AFO_STANDIN_CACHE (default <repo>/.cache/standin, git-ignored).
# Fixed mtimes, owners and member order make the checksums stable from run to run.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${AFO_STANDIN_CACHE:-$ROOT/.cache/standin}
SRC=$HERE/src
EPOCH=1680134400   # 2023-03-30 00:00:00 UTC, the 5.0.0 release day
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

tarz() { # tarz OUT.tar.gz DIR : deterministic gzip tarball of DIR's contents
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" --format=gnu \
    --exclude=__pycache__ -C "$2" -cf - $(cd "$2" && LC_ALL=C ls -A) | gzip -9 -n > "$1"
}
tarj() { # tarj OUT.tar.bz2 DIR
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" --format=gnu \
    --exclude=__pycache__ -C "$2" -cf - $(cd "$2" && LC_ALL=C ls -A) | bzip2 -9 > "$1"
}
sha() { sha256sum "$1" | cut -d' ' -f1 | tr -d '\n' > "$2"; }

launcher() { # launcher FILE TOOL RELATIVE_LIB_DIR
  cat > "$1" <<EOF
#!/usr/bin/env python3
# openGauss stand-in ($2): see test/opengauss-standin/README.md in the afo repository.
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "$3"))
from afostandin.launch import launch
launch("$2")
EOF
  chmod 755 "$1"
}

version_cfg() { printf 'openGauss-%s\n%s\n%s\n' "$1" "$2" "afostandin" > "$3"; }

build_members() { # build_members VERSION NUMBER DIR : stage om/, server/, cm/, upgrade/ trees in DIR
  local v=$1 num=$2 d=$3 t
  mkdir -p "$d/om/script/gspylib" "$d/om/lib" "$d/server/bin" "$d/server/lib" "$d/server/share/sslcert/om" \
    "$d/server/tool/cm_tool" "$d/cm/bin" "$d/upgrade/upgrade_sql"
  cp -r "$SRC/afostandin" "$d/om/script/gspylib/"
  cp -r "$SRC/afostandin" "$d/server/lib/"
  for t in gs_preinstall gs_install gs_om gs_expansion gs_dropnode gs_uninstall gs_sshexkey gs_standin_local gs_standin_preinstall_local; do
    launcher "$d/om/script/$t" "$t" gspylib
  done
  for t in gs_ctl gsql gaussdb gs_standin_local; do launcher "$d/server/bin/$t" "$t" ../lib; done
  launcher "$d/server/tool/cm_tool/cm_install" cm_install ../../lib
  for t in cm_ctl cm_server om_monitor; do launcher "$d/cm/bin/$t" "$t" ../lib; done
  version_cfg "$v" "$num" "$d/om/version.cfg"
  version_cfg "$v" "$num" "$d/server/version.cfg"
  echo "stand-in: TLS material is not generated" > "$d/server/share/sslcert/om/README"
  echo "stand-in: no upgrade scripts" > "$d/upgrade/upgrade_sql/README"
  find "$d" -type d -exec chmod 755 {} +
  find "$d" -type f ! -perm -u+x -exec chmod 644 {} +
}

all_5x() { # all_5x VERSION OS (openEuler|CentOS)
  local v=$1 os=$2 d p
  d=$WORK/$v-$os
  p=openGauss-$v-$os-64bit
  build_members "$v" 92.848 "$d"
  mkdir -p "$d/all"
  tarz "$d/all/$p-om.tar.gz" "$d/om";       sha "$d/all/$p-om.tar.gz" "$d/all/$p-om.sha256"
  tarz "$d/all/$p-cm.tar.gz" "$d/cm";       sha "$d/all/$p-cm.tar.gz" "$d/all/$p-cm.sha256"
  tarj "$d/all/$p.tar.bz2" "$d/server";     sha "$d/all/$p.tar.bz2" "$d/all/$p.sha256"
  tarz "$d/all/upgrade_sql.tar.gz" "$d/upgrade"; sha "$d/all/upgrade_sql.tar.gz" "$d/all/upgrade_sql.sha256"
  find "$d/all" -type f -exec chmod 644 {} +
  tarz "$OUT/$p-all.tar.gz" "$d/all"
}

all_6x() { # all_6x VERSION OSDIR ARCH
  local v=$1 osd=$2 arch=$3 d s
  d=$WORK/$v-$osd
  s=$v-$osd-$arch
  build_members "$v" 92.944 "$d"
  mkdir -p "$d/all"
  tarz "$d/all/openGauss-OM-$s.tar.gz" "$d/om";   sha "$d/all/openGauss-OM-$s.tar.gz" "$d/all/openGauss-OM-$s.sha256"
  tarz "$d/all/openGauss-CM-$s.tar.gz" "$d/cm";   : > "$d/all/openGauss-CM-$s.sha256"   # 0 bytes, as the real listing
  tarj "$d/all/openGauss-Server-$s.tar.bz2" "$d/server"
  sha "$d/all/openGauss-Server-$s.tar.bz2" "$d/all/openGauss-Server-$s.sha256"
  tarz "$d/all/upgrade_sql.tar.gz" "$d/upgrade"; sha "$d/all/upgrade_sql.tar.gz" "$d/all/upgrade_sql.sha256"
  find "$d/all" -type f -exec chmod 644 {} +
  tarz "$OUT/openGauss-All-$s.tar.gz" "$d/all"
}

all_5x 5.0.0 openEuler
all_5x 5.0.0 CentOS
all_6x 6.0.0 openEuler20.03 x86_64
(cd "$OUT" && sha256sum openGauss-5.0.0-openEuler-64bit-all.tar.gz openGauss-5.0.0-CentOS-64bit-all.tar.gz \
  openGauss-All-6.0.0-openEuler20.03-x86_64.tar.gz > SHA256SUMS)
echo "[standin] packages in $OUT:" >&2
cat "$OUT/SHA256SUMS" >&2
