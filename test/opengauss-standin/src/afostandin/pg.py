"""One DN instance = one real PostgreSQL 15 data directory, run by the cluster user on its node."""
import os
import subprocess
import re
import shlex

from .common import PG_BIN, OmError, client_cwd, run

REPL_CONF = "standin.conf"


def pgbin(name):
    return os.path.join(PG_BIN, name)


def log_file(cluster, dn):
    d = os.path.join(cluster["paths"]["logPath"], cluster["user"], "pg_log", "dn_%d" % dn["instanceId"])
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, "postgresql.log")


def psql(cluster, dn, sql, db="postgres", timeout=15):
    """Query the local instance over its unix socket; (rc, output) with -A -t."""
    argv = [pgbin("psql"), "-X", "-A", "-t", "-q", "-h", cluster["paths"]["tmpPath"], "-p", str(dn["port"]),
            "-U", cluster["user"], "-d", db, "-v", "ON_ERROR_STOP=1", "-c", sql]
    # stdout only: a client warning on stderr must not be read as a query result; run from a
    # directory the user can read, so that psql has none to print (common.client_cwd).
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout,
                           cwd=client_cwd())
    except Exception as e:  # timeout
        return 1, str(e)
    return p.returncode, p.stdout if p.returncode == 0 else p.stdout + p.stderr


def psql_value(cluster, dn, sql):
    rc, o = psql(cluster, dn, sql)
    if rc != 0:
        return None
    return o.strip()


def pid_file_exists(data_dir):
    return os.path.isfile(os.path.join(data_dir, "postmaster.pid"))


def is_running(data_dir):
    rc, _ = run([pgbin("pg_ctl"), "status", "-D", data_dir], check=False)
    return rc == 0


def base_conf(cluster, dn, dn_gucs=()):
    lines = [
        "", "# --- openGauss stand-in (afo) ---",
        "listen_addresses = '*'",
        "port = %d" % dn["port"],
        "unix_socket_directories = '%s'" % cluster["paths"]["tmpPath"],
        "wal_level = replica",
        "max_wal_senders = 24",
        "max_replication_slots = 24",
        "hot_standby = on",
        "hot_standby_feedback = on",
        "wal_keep_size = '256MB'",
        "wal_log_hints = on",
        "shared_buffers = '32MB'",
        "max_connections = 100",
        "wal_receiver_status_interval = '1s'",
        "wal_retrieve_retry_interval = '1s'",
        "password_encryption = 'scram-sha-256'",
    ]
    for g in dn_gucs:
        if "=" in g:
            k, v = g.split("=", 1)
            lines.append("%s = %s" % (k.strip(), v.strip()))
    lines.append("include_if_exists = '%s'" % REPL_CONF)
    return "\n".join(lines) + "\n"


def hba(cluster, extra_ips=()):
    ips = sorted({n["backIp"] for n in cluster["nodes"]} | {n["sshIp"] for n in cluster["nodes"]} | set(extra_ips))
    lines = ["# openGauss stand-in: trust between cluster nodes for the cluster user (as OM writes it)",
             "local   all             all                                     trust",
             "host    all             all             127.0.0.1/32            trust"]
    for ip in ips:
        lines.append("host    all             %s             %s/32        trust" % (cluster["user"], ip))
        lines.append("host    replication     %s             %s/32        trust" % (cluster["user"], ip))
    lines.append("host    all             all             0.0.0.0/0               scram-sha-256")
    return "\n".join(lines) + "\n"


def write_repl_conf(cluster, dn, upstream):
    """primary_conninfo (+ standby.signal) when upstream is a DN, a plain primary when None."""
    path = os.path.join(dn["dataDir"], REPL_CONF)
    lines = ["cluster_name = 'dn_%d'" % dn["instanceId"]]
    sig = os.path.join(dn["dataDir"], "standby.signal")
    if upstream is not None:
        lines.append("primary_conninfo = 'host=%s port=%d user=%s application_name=dn_%d connect_timeout=5'"
                     % (upstream["ip"], upstream["port"], cluster["user"], dn["instanceId"]))
        lines.append("recovery_target_timeline = 'latest'")
        open(sig, "w").close()
    elif os.path.exists(sig):
        os.unlink(sig)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    # pg_basebackup -R also writes primary_conninfo into postgresql.auto.conf: keep one source of truth
    auto = os.path.join(dn["dataDir"], "postgresql.auto.conf")
    if os.path.exists(auto):
        with open(auto) as f:
            kept = [l for l in f if not l.startswith("primary_conninfo")]
        with open(auto, "w") as f:
            f.writelines(kept)


def current_upstream_ip(dn):
    try:
        with open(os.path.join(dn["dataDir"], REPL_CONF)) as f:
            m = re.search(r"primary_conninfo = 'host=(\S+)", f.read())
            return m.group(1) if m else None
    except OSError:
        return None


def start(cluster, dn, timeout=120):
    rc, o = run([pgbin("pg_ctl"), "start", "-D", dn["dataDir"], "-w", "-t", str(timeout),
                 "-l", log_file(cluster, dn)], check=False)
    return rc, o


def stop(dn, mode="fast", timeout=120):
    return run([pgbin("pg_ctl"), "stop", "-D", dn["dataDir"], "-m", mode, "-w", "-t", str(timeout)], check=False)


def reload(dn):
    return run([pgbin("pg_ctl"), "reload", "-D", dn["dataDir"]], check=False)


def promote(dn, timeout=60):
    return run([pgbin("pg_ctl"), "promote", "-D", dn["dataDir"], "-w", "-t", str(timeout)], check=False)


def controldata(data_dir):
    rc, o = run([pgbin("pg_controldata"), "-D", data_dir], check=False)
    if rc != 0:
        raise OmError("[GAUSS-51400] : pg_controldata failed: %s" % o.strip())
    out = {}
    for line in o.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def lsn_int(lsn):
    if not lsn or "/" not in lsn:
        return 0
    hi, lo = lsn.split("/")
    return (int(hi, 16) << 32) | int(lo, 16)


def port_in_use_cmd(port):
    """Shell test that succeeds when something listens on the TCP port (any address)."""
    return "ss -Htln 2>/dev/null | awk '{print $4}' | grep -Eq '[:.]%d$'" % port


def q(s):
    return shlex.quote(s)
