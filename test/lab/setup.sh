#!/usr/bin/env bash
# Installs the Debian packages the lab and the tests need, only those missing. Idempotent.
set -euo pipefail
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v ip >/dev/null || need+=(iproute2)
command -v unshare >/dev/null || need+=(util-linux)
command -v ssh >/dev/null || need+=(openssh-client)
command -v ansible-inventory >/dev/null || need+=(ansible-core)
# the bench's Ansible playbook: Debian's ansible brings the collections (ansible.posix.sysctl)
[ -d /usr/lib/python3/dist-packages/ansible_collections/ansible/posix ] || need+=(ansible)
if [ ${#need[@]} -gt 0 ]; then
  echo "[setup] apt-get install ${need[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
