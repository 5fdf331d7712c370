#!/usr/bin/env bash
# Installs the Debian packages the lab and the tests need, only those missing. Idempotent.
#   debootstrap          builds the lab's base image
#   iproute2             ip: bridge, veths, network namespaces
#   util-linux, mount    unshare, nsenter, setsid, flock, mountpoint; mount, umount
#   openssh-client       ssh, ssh-keygen, ssh-keyscan
#   ansible-core         ansible-inventory/ansible/ansible-vault: the reference the inventory and vault tests compare with
#   debian-archive-keyring  debootstrap checks the mirror's signatures with it
#   vagrant              `vagrant validate` checks vagrant/Vagrantfile (no VM is ever started)
#   nftables             nft: a host's firewall rule (lab.sh firewall; the jump host e2e test)
#   chromium             headless browser the report.html tests open the report in (playwright-core)
set -euo pipefail
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v ip >/dev/null || need+=(iproute2)
command -v mount >/dev/null || need+=(mount)
for c in unshare nsenter setsid flock mountpoint; do
  command -v $c >/dev/null || { need+=(util-linux); break; }
done
for c in ssh ssh-keygen ssh-keyscan; do
  command -v $c >/dev/null || { need+=(openssh-client); break; }
done
for c in ansible-inventory ansible-vault; do
  command -v $c >/dev/null || { need+=(ansible-core); break; }
done
command -v nft >/dev/null || need+=(nftables)
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
command -v chromium >/dev/null || need+=(chromium)
# the bench's Ansible playbook: Debian's ansible brings the collections (ansible.posix.sysctl)
[ -d /usr/lib/python3/dist-packages/ansible_collections/ansible/posix ] || need+=(ansible)
if [ ${#need[@]} -gt 0 ]; then
  echo "[setup] apt-get install ${need[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
# vagrant without its recommended vagrant-libvirt (libvirt, QEMU, a kernel): only `vagrant validate` runs here
if ! command -v vagrant >/dev/null; then
  echo "[setup] apt-get install --no-install-recommends vagrant" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends vagrant >&2
fi
