# shellcheck shell=bash
# The lab's base image: a debootstrapped Debian bookworm (cached per package list) plus a small
# layer with the lab's own files (cached per hash of this script and test/lab/image/). Hosts mount
# "layer:base" as the lower dirs of their overlayfs root. Built under flock, so two labs sharing
# one cache never build at once.

IMAGE_PKGS=openssh-server,sudo,iproute2,python3,procps,locales,bzip2,cron,postgresql-15,iputils-ping
IMAGE_PKGS+=,netcat-openbsd,ca-certificates,less,xz-utils,tzdata,tini,inotify-tools,net-tools,psmisc

mirror() {
  if [ -n "${AFO_LAB_MIRROR:-}" ]; then echo "$AFO_LAB_MIRROR"; return; fi
  local m=""
  [ -f /etc/apt/sources.list.d/debian.sources ] &&
    m=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  [ -z "$m" ] && [ -f /etc/apt/sources.list ] &&
    m=$(awk '/^deb / && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  echo "${m:-http://deb.debian.org/debian}"
}

# Sets IMAGE_LOWER to the overlayfs lowerdir string of the current image, building what is missing.
image_ensure() {
  mkdir -p "$CACHE"
  local base_hash layer_hash
  base_hash=$(echo "$IMAGE_PKGS" | sha256sum | cut -c1-12)
  layer_hash=$({ echo "$base_hash"; cat "$LAB_SRC/lib/image.sh"
    (cd "$LAB_SRC/image" && find . -type f | LC_ALL=C sort | while read -r f; do echo "$f"; cat "$f"; done)
  } | sha256sum | cut -c1-12)
  local base=$CACHE/base-$base_hash layer=$CACHE/layer-$layer_hash
  if [ ! -f "$base/.done" ] || [ ! -f "$layer/.done" ]; then
    exec 9>"$CACHE/.lock"
    flock 9
    [ -f "$base/.done" ] || image_debootstrap "$base"
    [ -f "$layer/.done" ] || image_layer "$base/rootfs" "$layer"
    flock -u 9; exec 9>&-
  fi
  IMAGE_LOWER=$layer/upper:$base/rootfs
}

image_debootstrap() {
  local out=$1 t0=$SECONDS m; m=$(mirror)
  log "debootstrap bookworm from $m into $out (about a minute, once) ..."
  rm -rf "$out"; mkdir -p "$out"
  debootstrap --variant=minbase --include="$IMAGE_PKGS" bookworm "$out/rootfs" "$m" > "$out/debootstrap.log" 2>&1 ||
    { tail -20 "$out/debootstrap.log" >&2; die "debootstrap failed (log: $out/debootstrap.log)"; }
  rm -rf "$out/rootfs"/var/cache/apt/archives/*.deb "$out/rootfs"/var/lib/apt/lists/*_Packages
  echo "$IMAGE_PKGS" > "$out/packages"
  touch "$out/.done"
  log "debootstrap done in $((SECONDS - t0)) s"
}

# The lab layer: the base mounted with an empty upper dir, changed in a chroot; the upper dir is kept.
image_layer() {
  local base=$1 out=$2 t0=$SECONDS
  rm -rf "$out"; mkdir -p "$out/upper" "$out/work" "$out/merged"
  mount -t overlay overlay -o "lowerdir=$base,upperdir=$out/upper,workdir=$out/work" "$out/merged"
  local R=$out/merged rc=0
  cp -r "$LAB_SRC/image/." "$R/usr/lib/afo-lab/" 2>/dev/null || { mkdir -p "$R/usr/lib/afo-lab"; cp -r "$LAB_SRC/image/." "$R/usr/lib/afo-lab/"; }
  chmod -R a+rX "$R/usr/lib/afo-lab"; chmod 755 "$R"/usr/lib/afo-lab/bin/* "$R"/usr/lib/afo-lab/sbin/*
  chroot "$R" /bin/bash -euo pipefail -s "$SUDO_USER_NAME" "$SUDO_PASSWORD" > "$out/layer.log" 2>&1 <<'IN' || rc=$?
user=$1 password=$2
sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' /etc/locale.gen
locale-gen
echo 'LANG=en_US.UTF-8' > /etc/default/locale
id -u "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash -G sudo "$user"
echo "$user:$password" | chpasswd
rm -f /etc/ssh/ssh_host_*                     # made per host by the lab
cp /usr/lib/afo-lab/sshd-hostkeys.conf /etc/ssh/sshd_config.d/afo-lab-hostkeys.conf
echo "nameserver 127.0.0.1" > /etc/resolv.conf  # names come from /etc/hosts; nothing leaves the lab
ln -sf /usr/lib/afo-lab/sbin/afo-lab-init /usr/local/sbin/afo-lab-init
# Machine-wide settings must never reach the machine: swap commands only record (see bin/swap).
for c in swapon swapoff; do rm -f "/usr/sbin/$c"; ln -s /usr/lib/afo-lab/bin/swap "/usr/sbin/$c"; done
# Services are started by afo-lab-init, never by package scripts
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d
IN
  umount "$out/merged" || umount -l "$out/merged"
  rm -rf "$out/work" "$out/merged"
  [ $rc = 0 ] || { tail -20 "$out/layer.log" >&2; die "image layer failed (log: $out/layer.log)"; }
  touch "$out/.done"
  log "image layer built in $((SECONDS - t0)) s"
}
