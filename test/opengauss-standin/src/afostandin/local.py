"""`gs_standin_local`: the per-node steps the OM tools run on each node as the cluster user
(like OM's script/local/*.py): check, init, build, set upstream, hba, timeline.

Usage: gs_standin_local ACTION CONFIG_JSON INSTANCE_ID [ARGS...]
Secrets (the initial password) arrive on stdin, never in argv.
"""
import json
import os
import shutil
import sys
import tempfile

from . import pg
from .common import OmError, run, wait_until


def _load(cfg_path, iid):
    with open(cfg_path) as f:
        cluster = json.load(f)
    for d in cluster["dns"]:
        if d["instanceId"] == int(iid):
            return cluster, d
    raise OmError("[GAUSS-51620] : No DN instance %s in %s." % (iid, cfg_path))


def _dn(cluster, iid):
    return next(d for d in cluster["dns"] if d["instanceId"] == int(iid))


def check(cluster, dn, _args):
    problems = []
    rc, _ = run(pg.port_in_use_cmd(dn["port"]), check=False)
    if rc == 0:
        problems.append("[GAUSS-50601] : The port [%d] is occupied or the ip address is incorrectly configured."
                        % dn["port"])
    rc, _ = run(pg.port_in_use_cmd(dn["port"] + 1), check=False)
    if rc == 0:
        problems.append("[GAUSS-50601] : The port [%d] is occupied or the ip address is incorrectly configured."
                        % (dn["port"] + 1))
    d = dn["dataDir"]
    if os.path.isdir(d) and os.listdir(d):
        problems.append("[GAUSS-50202] : The %s must be empty." % d)
    for p in problems:
        print(p)
    return 1 if problems else 0


def _prepare_dir(d):
    os.makedirs(d, exist_ok=True)
    if os.listdir(d):
        raise OmError("[GAUSS-50202] : The %s must be empty." % d)
    os.chmod(d, 0o700)


def _write_confs(cluster, dn, upstream, gucs=()):
    with open(os.path.join(dn["dataDir"], "postgresql.conf"), "a") as f:
        f.write(pg.base_conf(cluster, dn, gucs))
    with open(os.path.join(dn["dataDir"], "pg_hba.conf"), "w") as f:
        f.write(pg.hba(cluster))
    pg.write_repl_conf(cluster, dn, upstream)


def _start(cluster, dn):
    rc, o = pg.start(cluster, dn)
    if rc != 0:
        raise OmError("[GAUSS-51607] : Failed to start instance dn_%d. Error:\n%s\nlog: %s"
                      % (dn["instanceId"], o.strip(), pg.log_file(cluster, dn)))


def init(cluster, dn, args):
    locale = None
    gucs = []
    it = iter(args)
    for a in it:
        if a == "--locale":
            locale = next(it)
        elif a == "--dn-guc":
            gucs.append(next(it))
    password = sys.stdin.readline().rstrip("\n")
    _prepare_dir(dn["dataDir"])
    fd, pwfile = tempfile.mkstemp(prefix=".pw", dir=cluster["paths"]["tmpPath"])
    try:
        with os.fdopen(fd, "w") as f:
            f.write(password + "\n")
        argv = [pg.pgbin("initdb"), "-D", dn["dataDir"], "-U", cluster["user"], "--pwfile", pwfile,
                "--auth-local=trust", "--auth-host=scram-sha-256"]
        argv += ["--locale", locale] if locale else ["--locale", "C", "-E", "SQL_ASCII"]
        rc, o = run(argv, check=False)
    finally:
        os.unlink(pwfile)
    if rc != 0:
        raise OmError("[GAUSS-51615] : Failed to initialize the instance dn_%d. Error:\n%s" % (dn["instanceId"], o))
    _write_confs(cluster, dn, None, gucs)
    _start(cluster, dn)
    return 0


def build(cluster, dn, args):
    """Fresh standby/cascade from upstream: empty dir -> pg_basebackup -> start."""
    up = _dn(cluster, args[0])
    d = dn["dataDir"]
    if os.path.isdir(d) and args[1:2] == ["--force"]:
        if pg.is_running(d):
            pg.stop(dn, "fast")
        for e in os.listdir(d):
            p = os.path.join(d, e)
            shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.unlink(p)
    _prepare_dir(d)
    rc, o = run([pg.pgbin("pg_basebackup"), "-h", up["ip"], "-p", str(up["port"]), "-U", cluster["user"],
                 "-D", d, "-X", "stream", "-c", "fast", "-w"], check=False, timeout=1800)
    if rc != 0:
        raise OmError("[GAUSS-51400] : Failed to build dn_%d from %s:%d. Error:\n%s"
                      % (dn["instanceId"], up["ip"], up["port"], o.strip()))
    with open(os.path.join(d, "pg_hba.conf"), "w") as f:
        f.write(pg.hba(cluster))
    pg.write_repl_conf(cluster, dn, up)
    _start(cluster, dn)
    ok = wait_until(lambda: pg.psql_value(cluster, dn, "select status from pg_stat_wal_receiver") == "streaming", 60)
    if not ok:
        raise OmError("[GAUSS-51400] : dn_%d does not stream from %s." % (dn["instanceId"], up["ip"]))
    return 0


def set_upstream(cluster, dn, args):
    up = None if args[0] == "none" else _dn(cluster, args[0])
    pg.write_repl_conf(cluster, dn, up)
    if pg.is_running(dn["dataDir"]):
        pg.reload(dn)
    return 0


def hba(cluster, dn, args):
    with open(os.path.join(dn["dataDir"], "pg_hba.conf"), "w") as f:
        f.write(pg.hba(cluster, args))
    if pg.is_running(dn["dataDir"]):
        pg.reload(dn)
    return 0


def timeline(cluster, dn, _args):
    """Print the DN's timeline (the stand-in for openGauss's term)."""
    v = pg.psql_value(cluster, dn, "select case when pg_is_in_recovery() then "
                      "coalesce((select received_tli from pg_stat_wal_receiver), "
                      "(select timeline_id from pg_control_checkpoint())) "
                      "else ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int end")
    if v is None:
        print("unknown")
        return 1
    print(v)
    return 0


ACTIONS = {"check": check, "init": init, "build": build, "set-upstream": set_upstream, "hba": hba,
           "timeline": timeline}


def main(argv):
    if len(argv) < 3 or argv[0] not in ACTIONS:
        raise OmError("usage: gs_standin_local {%s} CONFIG INSTANCE_ID [ARGS]" % "|".join(ACTIONS))
    cluster, dn = _load(argv[1], argv[2])
    return ACTIONS[argv[0]](cluster, dn, argv[3:])
