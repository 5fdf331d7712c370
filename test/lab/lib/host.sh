# shellcheck shell=bash
# One lab host: an overlayfs root (image below, per-host upper dir above), a network namespace
# with eth0 on the lab bridge, and a PID/UTS/IPC/mount namespace whose PID 1 is tini, running
# afo-lab-init (sshd, cron, the THP recorder). Stopping it kills the whole PID namespace.

# Runs as the unshare'd child, still outside the chroot: the host's view of /proc, /sys and /dev.
# shellcheck disable=SC2016
HOST_INNER='
set -e
name=$1 R=$2
hostname "$name"
mount -t proc proc "$R/proc"
# /proc/sys read-only, except what belongs to the host'"'"'s own namespaces (net, IPC, UTS)
mount --bind "$R/proc/sys" "$R/proc/sys"; mount -o remount,bind,ro "$R/proc/sys"
for k in "$R/proc/sys/net" "$R"/proc/sys/kernel/sem* "$R"/proc/sys/kernel/shm* "$R"/proc/sys/kernel/msg* \
         "$R/proc/sys/fs/mqueue" "$R/proc/sys/kernel/hostname" "$R/proc/sys/kernel/domainname"; do
  [ -e "$k" ] || continue
  mount --bind "$k" "$k"; mount -o remount,bind,rw "$k"
done
# machine-wide settings: the host gets its own recorded copy behind the same paths
S=$R/var/lib/afo-lab
# (a tmpfs: procps sysctl -a loops over a directory of an ordinary file system)
mount -t tmpfs -o size=1m,mode=555 tmpfs "$R/proc/sys/vm"; cp -p "$S"/vm/* "$R/proc/sys/vm/"
mount --bind "$S/swaps" "$R/proc/swaps"
mount -t sysfs -o ro sysfs "$R/sys"
# RHEL-flavoured hosts: SELinux'"'"'s kernel interface (/sys/fs/selinux) on a tmpfs over /sys/fs
if [ -f "$R/etc/selinux/config" ]; then
  mount -t tmpfs -o mode=755,size=64k tmpfs "$R/sys/fs"; mkdir "$R/sys/fs/selinux" "$R/sys/fs/cgroup"
fi
for f in enabled defrag; do
  t=$R/sys/kernel/mm/transparent_hugepage/$f
  [ -e "$t" ] && mount --bind "$S/thp/$f" "$t"
done
mount -t tmpfs -o mode=755,size=64m tmpfs "$R/run"
mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
mount -t tmpfs -o mode=755,size=1m tmpfs "$R/dev"
mknod -m 666 "$R/dev/null" c 1 3; mknod -m 666 "$R/dev/zero" c 1 5; mknod -m 666 "$R/dev/full" c 1 7
mknod -m 666 "$R/dev/random" c 1 8; mknod -m 666 "$R/dev/urandom" c 1 9; mknod -m 666 "$R/dev/tty" c 5 0
mkdir "$R/dev/pts" "$R/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$R/dev/pts"
ln -s pts/ptmx "$R/dev/ptmx"
mount -t tmpfs -o mode=1777,size=512m tmpfs "$R/dev/shm"
ln -s /proc/self/fd "$R/dev/fd"; ln -s /proc/self/fd/0 "$R/dev/stdin"
ln -s /proc/self/fd/1 "$R/dev/stdout"; ln -s /proc/self/fd/2 "$R/dev/stderr"
exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C \
  chroot "$R" /usr/bin/tini -- /usr/local/sbin/afo-lab-init
'

host_root() { echo "$(host_dir "$1")/merged"; }

# The host's files, whether it runs (merged) or not (upper dir; writing there offline is allowed).
host_fs() {
  local d; d=$(host_dir "$1")
  if mountpoint -q "$d/merged"; then echo "$d/merged"; else echo "$d/upper"; fi
}

host_mount() {
  local d; d=$(host_dir "$1")
  mkdir -p "$d/upper" "$d/work" "$d/merged"
  [ -n "${IMAGE_LOWER:-}" ] || IMAGE_LOWER=$(cat "$DIR/image.lower")   # the image the lab was started with
  mountpoint -q "$d/merged" ||
    mount -t overlay overlay -o "lowerdir=$IMAGE_LOWER,upperdir=$d/upper,workdir=$d/work" "$d/merged"
}

host_umount() {
  local d; d=$(host_dir "$1")
  if mountpoint -q "$d/merged"; then umount "$d/merged" 2>/dev/null || umount -l "$d/merged"; fi
  return 0
}

# New SSH host keys under the host's /etc/ssh: ed25519 and ECDSA (an RSA key takes a second or
# more to make on a busy machine; image/sshd-hostkeys.conf names just these two).
host_keygen() {
  local fs t; fs=$(host_fs "$1")
  rm -f "$fs"/etc/ssh/ssh_host_*
  for t in ed25519 ecdsa; do
    ssh-keygen -q -t "$t" -N '' -C "root@$(host_name "$1")" -f "$fs/etc/ssh/ssh_host_${t}_key"
  done
}

# Network namespace with eth0 (MTU 1500 as on a real host; the bridge side takes jumbo frames).
host_net_up() {
  local i=$1 ns veth; ns=$(netns_name "$i") veth=$(veth_name "$i")
  ip netns add "$ns"
  # a fixed MAC per host (the same NIC after a restart), so no neighbour cache points at an old one
  local o2 o3; IFS=. read -r _ o2 o3 <<< "$NET"
  ip link add "$veth" mtu 9000 type veth peer name eth0 netns "$ns" \
    address "$(printf '02:af:%02x:%02x:%02x:%02x' "$o2" "$o3" $((i >> 8)) $((i & 255)))"
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$(host_ip "$i")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$NET.1" 2>/dev/null || true   # the machine only; it does not forward
}

host_start() {
  local i=$1 d name; d=$(host_dir "$i") name=$(host_name "$i")
  host_mount "$i"
  ip netns list | grep -qw "^$(netns_name "$i")" || host_net_up "$i"
  setsid ip netns exec "$(netns_name "$i")" unshare --uts --ipc --pid --mount --fork --kill-child \
    --propagation private /bin/sh -c "$HOST_INNER" sh "$name" "$d/merged" >> "$d/console.log" 2>&1 < /dev/null &
  echo $! > "$d/pid"
}

# SIGKILL everything in the host's network namespace (unshare ignores SIGTERM; --kill-child then
# takes the PID namespace down), unmount its root, delete the namespace (and with it the veth).
host_stop() {
  local i=$1 ns pids p n; ns=$(netns_name "$i")
  if ip netns list | grep -qw "^$ns"; then
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
    for n in $(seq 100); do
      p=$(ip netns pids "$ns" 2>/dev/null || true)
      [ -z "$p" ] && break
      sleep 0.05
    done
  fi
  host_umount "$i"
  ip netns del "$ns" 2>/dev/null || true
  ip link del "$(veth_name "$i")" 2>/dev/null || true
  rm -f "$(host_dir "$i")/pid"
}

host_running() {
  local pid; pid=$(cat "$(host_dir "$1")/pid" 2>/dev/null) || return 1
  [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = unshare ]
}

# Runs a command inside a running host without SSH (the lab's own maintenance, e.g. rekey).
host_nsexec() {
  local i=$1 pid child; shift
  pid=$(cat "$(host_dir "$i")/pid") || return 1
  child=$(cat /proc/"$pid"/task/"$pid"/children 2>/dev/null | awk '{print $1}')
  [ -n "$child" ] || return 1
  nsenter --target "$child" --all --root --wd -- "$@"
}
