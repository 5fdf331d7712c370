#!/usr/bin/env bash
# The afo lab: N real sshd hosts on this machine (network namespaces + unshare + chroot on overlayfs).
#
#   npm run lab -- up N [--os LIST]   start hosts <lab>1..<lab>N (LIST: comma list cycled over the hosts of
#                                     openeuler20.03 (default), openeuler22.03, centos7, debian12)
#   npm run lab -- down               stop every host and remove all the lab made (not the image cache)
#   npm run lab -- status             hosts, their OS, and whether sshd answers
#   npm run lab -- ssh HOST [CMD]     ssh into a host as root (lab key, lab known_hosts, strict checking)
#   npm run lab -- stop HOST          kill the host: it becomes unreachable (its files are kept)
#   npm run lab -- start HOST         boot it again (same files, same host key)
#   npm run lab -- rekey HOST         give it new SSH host keys; known_hosts keeps the old ones
#   npm run lab -- trust              rewrite known_hosts from the hosts' current keys
#   npm run lab -- firewall HOST IP.. accept SSH (port 22) on HOST only from these IPs (others: refused)
#   npm run lab -- firewall HOST off  remove that rule
#   npm run lab -- image              build the base image only
#   npm run lab -- dir                print the lab's directory (hosts.json, inventory.ini, ...)
#
# Environment: AFO_LAB (name, default afo), AFO_LAB_NET (first three octets; default 10.213.0 for afo,
# required for other names), AFO_LAB_DIR (output, default <repo>/.lab or <repo>/.lab-<name>),
# AFO_LAB_CACHE (image cache, default <repo>/.cache/lab), AFO_LAB_MIRROR (Debian mirror for debootstrap).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"
# shellcheck source=lib/image.sh
. "$HERE/lib/image.sh"
# shellcheck source=lib/host.sh
. "$HERE/lib/host.sh"
# shellcheck source=lib/provision.sh
. "$HERE/lib/provision.sh"
# shellcheck source=lib/clientfiles.sh
. "$HERE/lib/clientfiles.sh"

[ "$(id -u)" = 0 ] || die "the lab needs root (network namespaces, mounts)"

# Removes whatever this lab (by name) left behind: processes, mounts, namespaces, links, files.
lab_clean() {
  local ns i mp
  for ns in $(ip netns list | awk '{print $1}' | grep "^afolab-$LAB-[0-9]*$" || true); do
    host_stop "${ns##*-}"
  done
  # mounts of hosts whose namespace is already gone, also from a lab of this name in another
  # directory (e.g. an earlier CI clone): its namespaces, which have the same names, are gone now
  while read -r mp; do umount "$mp" 2>/dev/null || umount -l "$mp"; done \
    < <(awk -v d="$DIR/hosts/" -v re="/hosts/$LAB[0-9]+/merged$" \
          'index($5, d) == 1 || $5 ~ re {print $5}' /proc/self/mountinfo | sort -r)
  for i in $(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep "^$LAB-v[0-9]*$" || true); do
    ip link del "$i" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  while ip rule del iif "$BRIDGE" unreachable 2>/dev/null; do :; done
  # only what the lab writes (AFO_LAB_DIR may point anywhere)
  rm -rf "${DIR:?}/hosts" "$DIR/vm-boot"
  rm -f "$DIR"/{inventory.ini,known_hosts,known_hosts.new,ssh_config,hosts.json,hosts.list,id_ed25519,id_ed25519.pub,image.lower,net}
}

cmd_up() {
  local n=${1:-} oses=openeuler20.03 t0 i os
  shift || true
  while [ $# -gt 0 ]; do
    case $1 in
      --os) oses=${2:-}; shift 2 ;;
      --os=*) oses=${1#--os=}; shift ;;
      *) die "unknown argument '$1' (usage: up N [--os LIST])" ;;
    esac
  done
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 200 ] || die "usage: up N [--os LIST] (N from 1 to 200)"
  IFS=, read -r -a os_list <<< "$oses"
  for os in "${os_list[@]}"; do
    [[ " $LAB_OSES " == *" $os "* ]] || die "unknown OS '$os' (one of: $LAB_OSES)"
  done
  [ -n "$NET" ] || die "AFO_LAB=$LAB needs AFO_LAB_NET (the first three octets of a /24 of its own, e.g. 10.213.5)"
  command -v debootstrap >/dev/null && command -v unshare >/dev/null || die "missing packages: run bash test/lab/setup.sh"
  image_ensure
  lab_clean
  if ip -o -4 addr show | awk '{print $4}' | grep -q "^${NET//./\\.}\.1/"; then
    die "$NET.1 is already on an interface of this machine (another lab?): choose another AFO_LAB_NET"
  fi
  t0=$EPOCHREALTIME
  echo "$IMAGE_LOWER" > "$DIR/image.lower"
  echo "$NET" > "$DIR/net"
  ssh-keygen -q -t ed25519 -N '' -C "afo-lab-$LAB" -f "$KEY"
  ip link add "$BRIDGE" mtu 9000 type bridge
  ip addr add "$NET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # hosts talk to each other and to this machine, never beyond it, even if it forwards packets
  ip rule add iif "$BRIDGE" unreachable
  : > "$DIR/hosts.list"
  for i in $(seq 1 "$n"); do
    os=${os_list[$(((i - 1) % ${#os_list[@]}))]}
    echo "$i $(host_name "$i") $(host_ip "$i") $os" >> "$DIR/hosts.list"
    host_mount "$i"
  done
  provision_vm_boot
  for i in $(seq 1 "$n"); do provision_host "$i" "$(host_os "$i")" "$n" & done
  wait
  write_known_hosts
  for i in $(seq 1 "$n"); do cp "$DIR/known_hosts" "$(host_root "$i")/etc/ssh/ssh_known_hosts"; done
  for i in $(seq 1 "$n"); do host_start "$i"; done
  for i in $(seq 1 "$n"); do
    wait_ssh "$(host_ip "$i")" 60 || die "sshd on $(host_name "$i") did not come up (see $(host_dir "$i")/console.log)"
  done
  write_client_files
  echo "$DIR/hosts.json"   # stdout: for scripts (labUp)
  log "$n host(s) up in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}') s; inventory: $DIR/inventory.ini"
}

cmd_status() {
  [ -s "$DIR/hosts.list" ] || { echo "lab $LAB: down"; return 0; }
  local i name ip os state
  while read -r i name ip os; do
    if ! host_running "$i"; then state=stopped
    elif wait_ssh "$ip" 2; then state=up
    else state="running, sshd not answering"; fi
    printf '%-10s %-15s %-15s %s\n' "$name" "$ip" "$os" "$state"
  done < "$DIR/hosts.list"
}

need_host() {
  [ -s "$DIR/hosts.list" ] || die "lab $LAB is down (npm run lab -- up N)"
  local i; i=$(host_index "${1:-}")
  [ -n "$(host_os "$i")" ] || die "no host '$1' in lab $LAB"
  echo "$i"
}

cmd_start() {
  local i; i=$(need_host "$1")
  host_running "$i" && { log "$(host_name "$i") is already running"; return 0; }
  host_stop "$i"
  host_start "$i"
  wait_ssh "$(host_ip "$i")" 60 || die "sshd on $(host_name "$i") did not come up"
}

cmd_rekey() {
  local i; i=$(need_host "$1")
  host_keygen "$i"
  # sshd re-reads its host keys when it re-executes itself on SIGHUP: wait until it serves the new one
  if host_running "$i"; then host_nsexec "$i" sh -c 'kill -HUP "$(cat /run/sshd.pid)"'
    wait_host_key "$(host_ip "$i")" "$(host_fs "$i")/etc/ssh/ssh_host_ed25519_key.pub" 30 ||
      die "sshd on $(host_name "$i") did not come back with its new host key"; fi
  log "$(host_name "$i") has new host keys; $DIR/known_hosts still has the old ones ('trust' updates it)"
}

# nftables in the host's own network namespace (the machine's rules are untouched): port 22 answers
# a TCP reset to every source but the given ones, so a direct connection is refused at once.
cmd_firewall() {
  local i ns; i=$(need_host "${1:-}"); shift || true
  [ $# -ge 1 ] || die "usage: firewall HOST IP... | firewall HOST off"
  ns=$(netns_name "$i")
  ip netns exec "$ns" nft delete table inet afolab_fw 2>/dev/null || true
  [ "$1" = off ] && { log "$(host_name "$i"): SSH open to all"; return 0; }
  local ips; ips=$(IFS=,; echo "$*")
  ip netns exec "$ns" nft -f - <<EOF
table inet afolab_fw {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 22 ip saddr != { $ips } reject with tcp reset
  }
}
EOF
  log "$(host_name "$i"): SSH only from $ips"
}

LAB_CMD=${1:-}
shift || true
lab_config
case $LAB_CMD in
  up) cmd_up "$@" ;;
  down) lab_clean; rmdir "$DIR" 2>/dev/null || true; log "down" ;;
  status) cmd_status ;;
  ssh) [ $# -ge 1 ] || die "usage: ssh HOST [CMD]"; need_host "$1" >/dev/null; exec ssh -F "$DIR/ssh_config" "$@" ;;
  stop) host_stop "$(need_host "${1:-}")" ;;
  start) cmd_start "${1:-}" ;;
  rekey) cmd_rekey "${1:-}" ;;
  trust) write_known_hosts; write_client_files ;;
  firewall) cmd_firewall "$@" ;;
  image) image_ensure; echo "$IMAGE_LOWER" ;;
  dir) echo "$DIR" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
esac
