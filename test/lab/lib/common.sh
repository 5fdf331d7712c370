# shellcheck shell=bash
# Shared settings of the lab: every name (netns, bridge, veth, directories) is derived from the lab
# name, so a later run can find and remove what an earlier, cut-off run of the SAME lab left behind
# without touching other labs.

LAB_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)   # test/lab
REPO=$(cd "$LAB_SRC/../.." && pwd)

log() { printf '[lab %s] %s\n' "${LAB:-?}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

lab_config() {
  LAB=${AFO_LAB:-afo}
  [[ $LAB =~ ^[a-z][a-z0-9]{0,9}$ ]] || die "AFO_LAB must be 1-10 chars [a-z0-9], starting with a letter (got '$LAB')"
  if [ -n "${AFO_LAB_DIR:-}" ]; then DIR=$AFO_LAB_DIR
  elif [ "$LAB" = afo ]; then DIR=$REPO/.lab
  else DIR=$REPO/.lab-$LAB; fi
  mkdir -p "$DIR" && DIR=$(cd "$DIR" && pwd)
  # the subnet: given, the default one of lab afo, or the one the running lab was started with
  NET=${AFO_LAB_NET:-}
  [ -z "$NET" ] && [ -f "$DIR/net" ] && NET=$(cat "$DIR/net")
  [ -z "$NET" ] && [ "$LAB" = afo ] && NET=10.213.0
  if [ -n "$NET" ]; then
    [[ $NET =~ ^(10|172|192)\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "AFO_LAB_NET must look like 10.213.5 (got '$NET')"
  fi
  CACHE=${AFO_LAB_CACHE:-$REPO/.cache/lab}
  BRIDGE=$LAB-br            # interface names are at most 15 characters
  KEY=$DIR/id_ed25519
  SUDO_USER_NAME=tester
  SUDO_PASSWORD=tester
}

host_name() { echo "$LAB$1"; }            # afo1
host_ip() { echo "$NET.$((10 + $1))"; }    # 10.213.0.11
netns_name() { echo "afolab-$LAB-$1"; }    # afolab-afo-1
veth_name() { echo "$LAB-v$1"; }           # afo-v1 (machine side; eth0 inside)
host_dir() { echo "$DIR/hosts/$(host_name "$1")"; }

# Index list of the hosts of the running lab (from $DIR/hosts.list: "i name ip os" per line).
lab_indexes() { [ -f "$DIR/hosts.list" ] && awk '{print $1}' "$DIR/hosts.list"; return 0; }
host_index() {  # NAME or index -> index
  local a=$1
  if [[ $a =~ ^[0-9]+$ ]]; then echo "$a"; return; fi
  [[ $a == "$LAB"* ]] && [[ ${a#"$LAB"} =~ ^[0-9]+$ ]] || die "no host '$a' in lab $LAB"
  echo "${a#"$LAB"}"
}
host_os() { awk -v i="$1" '$1 == i {print $4}' "$DIR/hosts.list"; }

# Waits until the sshd at $1 offers the ed25519 host key in the .pub file $2.
wait_host_key() {
  local ip=$1 want deadline=$((SECONDS + ${3:-30}))
  want=$(awk '{print $2}' "$2")
  while [ $SECONDS -lt "$deadline" ]; do
    [ "$(ssh-keyscan -T 2 -t ed25519 "$ip" 2>/dev/null | awk '{print $3}')" = "$want" ] && return 0
    sleep 0.1
  done
  return 1
}

# Waits until the host's sshd sends its banner.
wait_ssh() {
  local ip=$1 deadline=$((SECONDS + ${2:-30})) banner
  while [ $SECONDS -lt "$deadline" ]; do
    banner=$(timeout 1 bash -c "exec 3<>/dev/tcp/$ip/22 && head -c 4 <&3" 2>/dev/null || true)
    [ "$banner" = SSH- ] && return 0
    sleep 0.1
  done
  return 1
}
