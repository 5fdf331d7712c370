"""CM arbitration in the stand-in (docs/opengauss.md §5.9): a thread of every cm_server.

- The CM server primary (the first running one in node order, status.cms_states), while a majority
  of CM servers runs, probes every DN over TCP. When no DN answers as primary and a node holding a
  DN does not answer at all (its host is down), for CONFIRM probes in a row, it promotes the most
  advanced answering standby (not a cascade) with `gs_ctl failover`. A primary that is merely
  stopped (switchover, gs_om -t stop) on a reachable host is never replaced.
- Every CM server restarts its own node's DN after a crash (a postmaster.pid left by a killed
  server, e.g. after the host was stopped): a former primary, when another primary now runs, is
  rebuilt as its standby (`gs_ctl build`); otherwise the DN is started as it was.
"""
import os
import socket
import subprocess
import sys
import threading
import time

INTERVAL = 2.0
CONFIRM = 3


def decide(is_cms_primary, majority, probes, misses):
    """Pure: (dn to fail over to or None, new miss count). probes: [(dn, host_up, role, lsn)] with
    role 'primary' | 'standby' | 'down'."""
    if not is_cms_primary or not majority:
        return None, 0
    if any(role == "primary" for _, _, role, _ in probes):
        return None, 0
    if not any(not host_up for _, host_up, _, _ in probes):
        return None, 0
    misses += 1
    cands = [(lsn, dn) for dn, host_up, role, lsn in probes if host_up and role == "standby" and dn["letter"] == "S"]
    if misses < CONFIRM or not cands:
        return None, misses
    return max(cands, key=lambda c: c[0])[1], 0


def _port_open(ip, port, timeout=1.5):
    try:
        with socket.create_connection((ip, port), timeout=timeout):
            return True
    except OSError:
        return False


def probe(cluster, dn):
    """(host_up, role, lsn) of one DN, read over TCP (the cluster user is trusted between nodes)."""
    from . import common, pg
    node = next(n for n in cluster["nodes"] if n["id"] == dn["nodeId"])
    host_up = _port_open(node["sshIp"], 22)
    if not host_up:
        return False, "down", 0
    argv = [pg.pgbin("psql"), "-X", "-A", "-t", "-q", "-h", dn["ip"], "-p", str(dn["port"]), "-U", cluster["user"],
            "-d", "postgres", "-c", "select pg_is_in_recovery(), coalesce(pg_last_wal_receive_lsn(), '0/0')"]
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=5,
                           env=dict(os.environ, PGCONNECT_TIMEOUT="3"), cwd=common.client_cwd())
    except subprocess.TimeoutExpired:
        return True, "down", 0
    if p.returncode != 0 or "|" not in p.stdout:
        return True, "down", 0
    rec, lsn = p.stdout.strip().split("|", 1)
    return True, "standby" if rec == "t" else "primary", pg.lsn_int(lsn)


def _alive_postmaster(data_dir):
    """True/False when postmaster.pid names a live/dead postgres; None without a pid file."""
    try:
        with open(os.path.join(data_dir, "postmaster.pid")) as f:
            pid = int(f.readline().strip())
    except (OSError, ValueError):
        return None
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return b"postgres" in f.read()
    except OSError:
        return False


def _log(d, msg):
    with open(os.path.join(d, "cm_arbiter.log"), "a") as f:
        f.write("%s %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), msg))


def _gs_ctl(cluster, ip, args, d):
    from .remote import exec_on
    rc, o = exec_on(ip, "%s/bin/gs_ctl %s" % (cluster["paths"]["appPath"], args), user=cluster["user"], timeout=600)
    _log(d, "gs_ctl %s on %s: rc %d %s" % (args, ip, rc, o.strip().splitlines()[-1:] or ""))
    return rc


def restart_crashed(cluster, me, d):
    from . import pg
    for dn in (x for x in cluster["dns"] if x["nodeId"] == me["id"]):
        if _alive_postmaster(dn["dataDir"]) is not False:
            continue
        was_primary = pg.controldata(dn["dataDir"]).get("Database cluster state") == "in production"
        others = [x for x in cluster["dns"] if x["instanceId"] != dn["instanceId"]]
        other_primary = any(probe(cluster, x)[1] == "primary" for x in others)
        _log(d, "dn_%d crashed (was %s); another primary: %s" % (dn["instanceId"], "primary" if was_primary else
                                                                  "standby", other_primary))
        if was_primary and other_primary:
            _gs_ctl(cluster, dn["ip"], "build -b full -D %s" % dn["dataDir"], d)
        else:
            _gs_ctl(cluster, dn["ip"], "start -D %s" % dn["dataDir"], d)


def tick(cluster, misses, d):
    from . import status
    me = next((n for n in cluster["nodes"] if n["name"] == socket.gethostname()), None)
    if me is None:
        return misses
    restart_crashed(cluster, me, d)
    cms = status.cms_states(cluster)
    is_primary = any(n["id"] == me["id"] and s == "Primary" for n, s in cms)
    probes = [(dn,) + probe(cluster, dn) for dn in cluster["dns"]] if is_primary else []
    target, misses = decide(is_primary, status.cms_majority(cms), probes, misses)
    if target is not None:
        _log(d, "no primary answers and a host is down: failover to dn_%d on %s" % (target["instanceId"], target["ip"]))
        _gs_ctl(cluster, target["ip"], "failover -D %s" % target["dataDir"], d)
    return misses


def loop(d):
    """Forever, every INTERVAL seconds; any error is logged and the next tick tries again."""
    from . import cluster as cl
    app = os.path.dirname(os.path.dirname(os.path.realpath(sys.argv[0])))
    misses = 0
    while True:
        time.sleep(INTERVAL)
        try:
            c = cl.load(app)
            if c.get("cm"):
                misses = tick(c, misses, d)
        except Exception as e:  # noqa: BLE001 - the arbiter must outlive any one failed probe
            _log(d, "tick failed: %s" % e)


def start(d):
    threading.Thread(target=loop, args=(d,), daemon=True).start()
