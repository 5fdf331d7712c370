"""gs_ctl over pg_ctl: start|stop|restart|query|switchover|failover|build -D DATADIR.

Runs as the cluster user on the node that owns the data dir. Switchover and failover move
the PostgreSQL timeline forward: the timeline is the stand-in's openGauss "term".
"""
import os
import time

from . import cluster as cl
from . import local, pg, query
from .common import OmError, gs_log_prefix, wait_until
from .remote import exec_on
from .status import gather

SPEC = {"-D": "value", "-M": "value", "-m": "value", "-b": "value", "-t": "value", "-f": "flag", "-Z": "value",
        "-l": "value", "-w": "flag", "-W": "flag", "-o": "value", "-q": "flag"}


def say(msg):
    print(gs_log_prefix() + msg, flush=True)


def _app_path():
    return os.path.dirname(os.path.dirname(os.path.realpath(__import__("sys").argv[0])))


def _ctx(opts):
    d = opts.get("-D") or os.environ.get("PGDATA")
    if not d:
        raise OmError(gs_log_prefix() + "no database directory specified and environment variable PGDATA unset")
    app = _app_path()
    cluster = cl.load(app)
    dn = cl.dn_by_dir_local(cluster, d)
    if dn is None:
        raise OmError(gs_log_prefix() + "directory \"%s\" is not a data directory of this cluster" % d)
    return app, cluster, dn


def _remote_ctl(cluster, dn, args):
    return exec_on(dn["ip"], "%s/bin/gs_ctl %s -D %s" % (cluster["paths"]["appPath"], args, dn["dataDir"]),
                   user=cluster["user"], timeout=300)


def _remote_local(cluster, dn, action, *args):
    cfg = cl.static_path(cluster["paths"]["appPath"])
    cmd = "%s/bin/gs_standin_local %s %s %d %s" % (cluster["paths"]["appPath"], action, cfg, dn["instanceId"],
                                                  " ".join(str(a) for a in args))
    rc, o = exec_on(dn["ip"], cmd, user=cluster["user"], timeout=1800)
    if rc != 0:
        raise OmError(gs_log_prefix() + "%s of dn_%d failed: %s" % (action, dn["instanceId"], o.strip()))
    return o


def _roles(cluster):
    """{instanceId: (local_role, db_state)} from every DN's gs_ctl query."""
    return {dn["instanceId"]: (query.parse_query(o).get("local_role", "Down") if rc == 0 else "Down",
                               query.parse_query(o).get("db_state", "Down") if rc == 0 else "Down")
            for dn, rc, o in gather(cluster)}


def _by_ip(cluster, ip):
    return next((d for d in cluster["dns"] if d["ip"] == ip), None)


def cmd_query(app, cluster, dn, opts):
    st = query.collect(cluster, dn) if pg.pid_file_exists(dn["dataDir"]) else None
    if st is None:
        if pg.pid_file_exists(dn["dataDir"]):
            print(gs_log_prefix() + "gs_ctl query ,datadir is %s" % dn["dataDir"])
            print(gs_log_prefix() + "could not connect to the local server: is it starting?")
            return 1
        print(query.format_stopped(gs_log_prefix(), dn["dataDir"]), end="")
        return 1
    print(query.format_query(gs_log_prefix(), dn["dataDir"], st), end="")
    return 0


def cmd_start(app, cluster, dn, opts):
    say("gs_ctl started,datadir is %s " % dn["dataDir"])
    if pg.is_running(dn["dataDir"]):
        say("another server might be running; Please use the restart command")
        return 1
    mode = opts.get("-M")
    if mode == "primary":
        pg.write_repl_conf(cluster, dn, None)
    elif mode in ("standby", "cascade_standby") and not os.path.exists(os.path.join(dn["dataDir"], "standby.signal")):
        roles = _roles(cluster)
        prim = next((d for d in cluster["dns"] if roles[d["instanceId"]][0] == "Primary"), None)
        if prim is None:
            raise OmError(gs_log_prefix() + "no primary to follow")
        pg.write_repl_conf(cluster, dn, prim)
    say("waiting for server to start...")
    rc, o = pg.start(cluster, dn, int(opts.get("-t", "120")))
    if rc != 0:
        say("could not start server\nExamine the log output: %s" % pg.log_file(cluster, dn))
        return 1
    say("done")
    say("server started (%s)" % dn["dataDir"])
    return 0


def cmd_stop(app, cluster, dn, opts):
    say("gs_ctl stopped ,datadir is %s " % dn["dataDir"])
    if not pg.pid_file_exists(dn["dataDir"]):
        say(" PID file \"%s\" does not exist" % os.path.join(dn["dataDir"], "postmaster.pid"))
        say("Is server running?")
        return 1
    say("waiting for server to shut down....")
    rc, o = pg.stop(dn, {"i": "immediate", "f": "fast", "s": "smart"}.get(opts.get("-m", "fast")[:1], "fast"))
    if rc != 0:
        say("could not stop server: %s" % o.strip())
        return 1
    say("done")
    say("server stopped")
    return 0


def cmd_switchover(app, cluster, dn, opts):
    say("gs_ctl switchover ,datadir is -D \"%s\"" % dn["dataDir"])
    me = query.collect(cluster, dn)
    if me is None:
        raise OmError(gs_log_prefix() + "the server is not running")
    if me["local_role"] in ("Primary", "Normal"):
        raise OmError(gs_log_prefix() + "switchover can not be done on a primary (%s)" % dn["dataDir"])
    if dn["letter"] == "C":
        raise OmError(gs_log_prefix() + "switchover of a cascade standby is not supported by the stand-in")
    old = _by_ip(cluster, pg.current_upstream_ip(dn) or "")
    if old is None:
        raise OmError(gs_log_prefix() + "cannot find the primary of %s" % dn["dataDir"])
    others = [d for d in cluster["dns"] if d["instanceId"] not in (dn["instanceId"], old["instanceId"])]
    ups = {d["instanceId"]: _remote_upstream(cluster, d) for d in others}
    rc, o = _remote_ctl(cluster, old, "stop -m fast")
    if rc != 0:
        raise OmError(gs_log_prefix() + "could not stop the primary on %s: %s" % (old["ip"], o.strip()))
    rc, o = exec_on(old["ip"], "%s -D %s" % (pg.pgbin("pg_controldata"), old["dataDir"]), user=cluster["user"])
    ckpt = next((l.split(":", 1)[1].strip() for l in o.splitlines() if l.startswith("Latest checkpoint location")), "")
    say("waiting for server to switchover...")
    caught = wait_until(lambda: pg.lsn_int(pg.psql_value(cluster, dn, "select pg_last_wal_replay_lsn()") or "")
                        > pg.lsn_int(ckpt), 60)
    if not caught:
        _remote_ctl(cluster, old, "start")
        raise OmError(gs_log_prefix() + "standby did not receive the primary's last WAL; switchover aborted")
    rc, o = pg.promote(dn)
    if rc != 0:
        raise OmError(gs_log_prefix() + "promote failed: %s" % o.strip())
    pg.write_repl_conf(cluster, dn, None)
    term = local_timeline(cluster, dn)
    say("switchover term (%s)" % term)
    # Real gs_ctl returns once the promotion is done: the old primary rejoins (and the other
    # replicas are re-pointed) afterwards, so the status shows the transition until it has
    # (docs/opengauss.md §5.7). The caller waits, never this tool.
    repoint = [[d["instanceId"], dn["instanceId"]] for d in others if d["letter"] != "C" and ups[d["instanceId"]] == old["ip"]]
    repoint += [[d["instanceId"], old["instanceId"]] for d in others if d["letter"] == "C" and ups[d["instanceId"]] == dn["ip"]]
    _spawn_rejoin(cluster, {"new": dn["instanceId"], "old": old["instanceId"], "repoint": repoint})
    say("done")
    say("switchover completed (%s)" % dn["dataDir"])
    return 0


def _spawn_rejoin(cluster, job):
    """Starts `gs_ctl __rejoin JOB` detached (own session, no tie to the caller's terminal)."""
    import json
    import subprocess
    import sys
    log = open(os.path.join(cluster["paths"]["tmpPath"], ".standin_switchover_rejoin.log"), "a")
    subprocess.Popen([sys.executable, "-B", os.path.realpath(sys.argv[0]), "__rejoin", json.dumps(job)],
                     stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def rejoin(cluster, job):
    """After a switchover: the old primary restarts as a standby of the new one; standbys that
    followed the old primary follow the new one; cascades that followed the new one follow the old."""
    by_id = {d["instanceId"]: d for d in cluster["dns"]}
    new, old = by_id[job["new"]], by_id[job["old"]]
    _remote_local(cluster, old, "set-upstream", new["instanceId"])
    rc, o = _remote_ctl(cluster, old, "start -M standby")
    if rc != 0:
        raise OmError(gs_log_prefix() + "the old primary did not restart as standby: %s" % o.strip())
    for iid, up in job["repoint"]:
        _remote_local(cluster, by_id[iid], "set-upstream", up)
    return 0


def _remote_upstream(cluster, d):
    rc, o = exec_on(d["ip"], "sed -n \"s/^primary_conninfo = 'host=\\([^ ]*\\).*/\\1/p\" %s/%s"
                    % (d["dataDir"], pg.REPL_CONF), user=cluster["user"])
    return o.strip() if rc == 0 else None


def local_timeline(cluster, dn):
    v = pg.psql_value(cluster, dn, "select ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int")
    return v or "?"


def cmd_failover(app, cluster, dn, opts):
    say("gs_ctl failover ,datadir is -D \"%s\"" % dn["dataDir"])
    if query.collect(cluster, dn) is None:
        raise OmError(gs_log_prefix() + "the server is not running")
    if dn["letter"] == "C":
        raise OmError(gs_log_prefix() + "failover of a cascade standby is not supported by the stand-in")
    say("waiting for server to failover...")
    rc, o = pg.promote(dn)
    if rc != 0:
        raise OmError(gs_log_prefix() + "promote failed: %s" % o.strip())
    pg.write_repl_conf(cluster, dn, None)
    say("failover term (%s)" % local_timeline(cluster, dn))
    for d in cluster["dns"]:
        if d is dn:
            continue
        up = _remote_upstream(cluster, d)
        if up is None:
            continue
        if d["letter"] != "C":
            exec_on(d["ip"], "%s/bin/gs_standin_local set-upstream %s %d %d" % (
                cluster["paths"]["appPath"], cl.static_path(cluster["paths"]["appPath"]), d["instanceId"],
                dn["instanceId"]), user=cluster["user"])
    say("done")
    say("failover completed (%s)" % dn["dataDir"])
    return 0


def cmd_build(app, cluster, dn, opts):
    say("gs_ctl build ,datadir is %s" % dn["dataDir"])
    roles = _roles(cluster)
    if dn["letter"] == "C":
        up = next((d for d in cluster["dns"] if roles[d["instanceId"]] == ("Standby", "Normal")), None)
    else:
        up = next((d for d in cluster["dns"] if roles[d["instanceId"]][0] == "Primary"
                   and d["instanceId"] != dn["instanceId"]), None)
    if up is None:
        raise OmError(gs_log_prefix() + "no upstream instance to build from")
    say("build from %s:%d, mode %s" % (up["ip"], up["port"] + 1, opts.get("-b", "auto")))
    local.build(cluster, dn, [str(up["instanceId"]), "--force"])
    say("done")
    say("server started (%s)" % dn["dataDir"])
    return 0


def cmd_restart(app, cluster, dn, opts):
    if pg.pid_file_exists(dn["dataDir"]):
        cmd_stop(app, cluster, dn, opts)
        time.sleep(0.2)
    return cmd_start(app, cluster, dn, opts)


COMMANDS = {"query": cmd_query, "start": cmd_start, "stop": cmd_stop, "restart": cmd_restart,
            "switchover": cmd_switchover, "failover": cmd_failover, "build": cmd_build}


def main(argv):
    from .common import parse_opts
    if argv and argv[0] == "__rejoin" and len(argv) == 2:
        import json
        return rejoin(cl.load(_app_path()), json.loads(argv[1]))
    if not argv or argv[0] not in COMMANDS:
        if argv and argv[0] in ("-V", "--version"):
            print("gs_ctl (openGauss stand-in) on PostgreSQL 15")
            return 0
        raise OmError(gs_log_prefix() + "unrecognized operation mode. Try \"gs_ctl --help\" for more information.")
    opts, _ = parse_opts(argv[1:], SPEC)
    app, cluster, dn = _ctx(opts)
    return COMMANDS[argv[0]](app, cluster, dn, opts)
