# shellcheck shell=bash
# First-boot files of a host, written from the machine into its root before it starts: identity,
# keys, the recorded machine-wide settings, and the OS it presents (debian12 or a RHEL flavour).

LAB_OSES="openeuler20.03 openeuler22.03 centos7 debian12"

# The machine's vm.* values, once per lab: every host boots with its own copy of them.
provision_vm_boot() {
  local f d=$DIR/vm-boot
  mkdir -p "$d"
  for f in /proc/sys/vm/*; do
    if cat "$f" > "$d/${f##*/}" 2>/dev/null; then chmod 644 "$d/${f##*/}"
    else : > "$d/${f##*/}"; chmod 200 "$d/${f##*/}"; fi       # write-only, as in the kernel
  done
}

provision_host() {
  local i=$1 os=$2 n=$3 R name ip; R=$(host_root "$i") name=$(host_name "$i") ip=$(host_ip "$i")
  echo "$name" > "$R/etc/hostname"
  { printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n%s.1\t%s-gateway\n' "$NET" "$LAB"
    for j in $(seq 1 "$n"); do printf '%s\t%s\n' "$(host_ip "$j")" "$(host_name "$j")"; done; } > "$R/etc/hosts"
  # root logs in with the lab key, and holds it too, so hosts can ssh to each other
  install -d -m 700 "$R/root/.ssh"
  install -m 600 "$KEY.pub" "$R/root/.ssh/authorized_keys"
  install -m 600 "$KEY" "$R/root/.ssh/id_ed25519"
  install -m 644 "$KEY.pub" "$R/root/.ssh/id_ed25519.pub"
  host_keygen "$i"
  provision_state "$R" "$os"
  provision_os "$R" "$os" "$ip"
}

# /var/lib/afo-lab: what the stand-ins record. vm/ is bind-mounted over /proc/sys/vm, thp/* over
# /sys/kernel/mm/transparent_hugepage/*, swaps over /proc/swaps.
provision_state() {
  local R=$1 os=$2 S=$1/var/lib/afo-lab f
  rm -rf "$S"; mkdir -p "$S/vm" "$S/thp" "$S/units" "$S/rpm" "$S/firewalld" /tmp
  cp -p "$DIR/vm-boot"/* "$S/vm/"   # copied to a tmpfs over /proc/sys/vm at each boot
  echo 'always madvise never' > "$S/thp/enabled.choices"
  echo 'always defer defer+madvise madvise never' > "$S/thp/defrag.choices"
  echo '[always] madvise never' > "$S/thp/enabled.boot"
  echo 'always defer defer+madvise [madvise] never' > "$S/thp/defrag.boot"
  cp "$S/thp/enabled.boot" "$S/thp/enabled"; cp "$S/thp/defrag.boot" "$S/thp/defrag"
  # swap areas the host "has" (swapon/swapoff record; afo-lab-init runs swapon -a at boot)
  printf '/swapfile file 2097148\n' > "$S/swap-areas"
  printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' > "$S/swaps"
  grep -q '^/swapfile' "$R/etc/fstab" 2>/dev/null || echo '/swapfile none swap sw 0 0' >> "$R/etc/fstab"
  echo "$os" > "$S/os"
  # systemd-style units: enabled ones are started at boot by afo-lab-init
  for f in sshd crond systemd-logind; do touch "$S/units/$f.enabled"; done
  case $os in debian12) ;; *) touch "$S/units/firewalld.enabled" "$S/units/chronyd.enabled" ;; esac
}

provision_os() {
  local R=$1 os=$2 ip=$3 src=$LAB_SRC/image c h
  [ "$os" = debian12 ] && return 0
  rm -f "$R/etc/os-release"
  cp "$src/os/$os/os-release" "$R/etc/os-release"
  cp "$src/os/$os/system-release" "$R/etc/system-release"
  case $os in
    openeuler*) cp "$src/os/$os/system-release" "$R/etc/openEuler-release"
      mkdir -p "$R/etc/yum.repos.d"; cp "$src/os/$os/openEuler.repo" "$R/etc/yum.repos.d/openEuler.repo"
      ln -sf /usr/lib/x86_64-linux-gnu/libreadline.so.8 "$R/lib64/libreadline.so.8"
      rm -f "$R/lib64/libreadline.so.7" ;;
    centos7) cp "$src/os/$os/system-release" "$R/etc/centos-release"
      ln -sf centos-release "$R/etc/redhat-release" ;;
  esac
  mkdir -p "$R/etc/sysconfig/network-scripts" "$R/etc/selinux" "$R/etc/systemd" "$R/usr/lib/systemd/system"
  printf 'TYPE=Ethernet\nBOOTPROTO=static\nNAME=eth0\nDEVICE=eth0\nONBOOT=yes\nIPADDR=%s\nNETMASK=255.255.255.0\nGATEWAY=%s\n' \
    "$ip" "${ip%.*}.1" > "$R/etc/sysconfig/network-scripts/ifcfg-eth0"
  cp "$src/rhel/selinux-config" "$R/etc/selinux/config"
  echo 'LANG="en_US.UTF-8"' > "$R/etc/locale.conf"
  cp "$src/rhel/logind.conf" "$R/etc/systemd/logind.conf"
  cp "$src/rhel/systemd-logind.service" "$R/usr/lib/systemd/system/systemd-logind.service"
  # RHEL-style shell start-up files: .bashrc does not return early in non-interactive shells
  cp "$src/rhel/etc-bashrc" "$R/etc/bashrc"
  for h in /etc/skel /root "/home/$SUDO_USER_NAME"; do
    cp "$src/rhel/bashrc" "$R$h/.bashrc"; cp "$src/rhel/bash_profile" "$R$h/.bash_profile"
  done
  chroot "$R" chown "$SUDO_USER_NAME:" "/home/$SUDO_USER_NAME/.bashrc" "/home/$SUDO_USER_NAME/.bash_profile"
  # /bin/sh is bash on RHEL-family systems (Debian's is dash)
  ln -sf bash "$R/bin/sh"
  # the RHEL tools exist only on RHEL-flavoured hosts
  for c in systemctl firewall-cmd getenforce setenforce hostnamectl timedatectl chronyc ntpq rpm yum; do
    ln -sf "/usr/lib/afo-lab/bin/$c" "$R/usr/bin/$c"
  done
  [ "$os" = centos7 ] || ln -sf /usr/lib/afo-lab/bin/dnf "$R/usr/bin/dnf"
  # the rpm database: what this OS has installed out of the box
  awk '$4 == "i" {print $1, $2, $3}' "$src/os/$os/packages" > "$R/var/lib/afo-lab/rpm/installed"
  cp "$src/os/$os/packages" "$R/var/lib/afo-lab/rpm/catalog"
}
