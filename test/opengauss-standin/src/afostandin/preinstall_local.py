"""The root part of gs_preinstall that runs on every node (OM: script/local/PreInstallUtility.py).

Input: one JSON object on stdin (user, group, envLines, envFile, hosts, skipHostname, skipOs).
Output: `WARNING: ...` lines for settings the host refuses (e.g. a read-only /proc/sys).
"""
import json
import os
import time
import pwd
import re
import subprocess
import sys

SYSCTL = [
    ("net.ipv4.tcp_max_tw_buckets", "10000"), ("net.ipv4.tcp_tw_reuse", "1"), ("net.ipv4.tcp_tw_recycle", "1"),
    ("net.ipv4.tcp_keepalive_time", "30"), ("net.ipv4.tcp_keepalive_intvl", "30"),
    ("net.ipv4.tcp_keepalive_probes", "9"), ("net.ipv4.tcp_retries2", "12"),
    ("net.core.wmem_max", "21299200"), ("net.core.rmem_max", "21299200"),
    ("net.core.wmem_default", "21299200"), ("net.core.rmem_default", "21299200"),
    ("kernel.sem", "250 6400000 1000 25600"), ("net.ipv4.tcp_rmem", "8192 250000 16777216"),
    ("net.ipv4.tcp_wmem", "8192 250000 16777216"), ("net.core.netdev_max_backlog", "65535"),
    ("net.ipv4.tcp_max_syn_backlog", "65535"), ("net.core.somaxconn", "65535"),
    ("net.ipv4.tcp_syncookies", "1"), ("vm.overcommit_memory", "0"),
    ("kernel.shmall", "1152921504606846720"), ("kernel.shmmax", "18446744073709551615"),
]
THP = ["/sys/kernel/mm/transparent_hugepage/enabled", "/sys/kernel/mm/transparent_hugepage/defrag"]


def settle(path, limit=10.0):
    """A kernel shows "always madvise [never]" as soon as "never" is written. On lab hosts the
    file is a plain copy that afo-lab-thpd rewrites in that format after the write, a moment
    later (longer on a loaded machine); wait for it, so that whoever reads next sees what a
    kernel would show (test/lab/image/sbin/afo-lab-thpd)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with open(path) as f:
            if "[" in f.read():
                return
        time.sleep(0.05)
ENV_KEYS = re.compile(r"^(export (GPHOME|GAUSSHOME|GAUSSLOG|PGHOST|PYTHONPATH|GS_CLUSTER_NAME|GAUSS_VERSION|"
                      r"GAUSS_ENV|GAUSS_WARNING_TYPE|CORE_PATH|MPPDB_ENV_SEPARATE_PATH)=|"
                      r"export PATH=\$(GPHOME|GAUSSHOME)|export LD_LIBRARY_PATH=\$(GPHOME|GAUSSHOME)|"
                      r"umask 077$|ulimit -n 1000000)")


def warn(msg):
    print("WARNING: " + msg, flush=True)


def set_env(cfg):
    u = pwd.getpwnam(cfg["user"])
    bashrc = os.path.join(u.pw_dir, ".bashrc")
    target = cfg.get("envFile") or bashrc
    for path, lines in ((target, cfg["envLines"]),) + (
            ((bashrc, ["export MPPDB_ENV_SEPARATE_PATH=%s" % target]),) if target != bashrc else ()):
        old = open(path).read().splitlines() if os.path.exists(path) else []
        kept = [l for l in old if not ENV_KEYS.match(l)]
        if "export GAUSS_ENV=2" in old:  # installed node (re-run for an expansion): stays installed
            lines = [("export GAUSS_ENV=2" if l.startswith("export GAUSS_ENV=") else l) for l in lines]
        with open(path, "w") as f:
            f.write("\n".join(kept + lines) + "\n")
        os.chown(path, u.pw_uid, u.pw_gid)


def set_hosts(cfg):
    tag = "#Gauss OM IP Hosts Mapping"
    with open("/etc/hosts") as f:
        kept = [l for l in f.read().splitlines() if tag not in l]
    kept += ["%s  %s  %s" % (ip, name, tag) for ip, name in cfg["hosts"]]
    with open("/etc/hosts", "w") as f:  # in place: /etc/hosts may be a bind mount
        f.write("\n".join(kept) + "\n")


def sysctl_value(key):
    try:
        with open("/proc/sys/" + key.replace(".", "/")) as f:
            return " ".join(f.read().split())
    except OSError:
        return None


def set_os(cfg):
    mem_kb = 0
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    wanted = SYSCTL + [("vm.min_free_kbytes", str(mem_kb * 5 // 100))]
    conf = ["# openGauss (gs_preinstall)"] + ["%s = %s" % kv for kv in wanted if sysctl_value(kv[0]) is not None]
    with open("/etc/sysctl.d/99-opengauss-preinstall.conf", "w") as f:
        f.write("\n".join(conf) + "\n")
    for key, val in wanted:
        cur = sysctl_value(key)
        if cur is None or cur == " ".join(val.split()):
            continue  # absent key (tcp_tw_recycle on new kernels) or already right
        p = subprocess.run(["sysctl", "-w", "%s=%s" % (key, val)], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            warn("could not set %s = %s (%s)" % (key, val, p.stdout.strip()))
    for path in THP:
        try:
            with open(path) as f:
                if "[never]" in f.read():
                    continue
            with open(path, "w") as f:
                f.write("never")
            settle(path)
        except OSError as e:
            warn("could not disable transparent huge pages in %s: %s" % (path, e))
    rc = "/etc/rc.local"
    body = open(rc).read() if os.path.exists(rc) else "#!/bin/sh\n"
    for path in THP:
        line = "echo never > %s" % path
        if line not in body:
            body += line + "\n"
    with open(rc, "w") as f:
        f.write(body)
    os.chmod(rc, 0o755)
    with open("/etc/security/limits.d/91-opengauss.conf", "w") as f:
        for kind in ("soft", "hard"):
            f.write("%s %s nofile 1000000\n%s %s stack 3072\n%s %s as unlimited\n%s %s nproc unlimited\n"
                    % ((cfg["user"], kind) * 4))


def main(argv):
    cfg = json.loads(sys.stdin.read())
    set_env(cfg)
    if not cfg.get("skipHostname"):
        set_hosts(cfg)
    if not cfg.get("skipOs"):
        set_os(cfg)
    return 0
