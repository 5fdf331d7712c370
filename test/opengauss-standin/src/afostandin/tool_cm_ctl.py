"""cm_ctl query [-v] [-C] [-i] [-p] [-d] ... | switchover [-n NODEID -D DIR | -a] | start | stop."""
import os
import sys

from . import cluster as cl
from . import cm, status
from .common import OmError, out, wait_until
from .remote import exec_on


def _app():
    return os.environ.get("GAUSSHOME") or os.path.dirname(os.path.dirname(os.path.realpath(sys.argv[0])))


def _flags(argv):
    """cm_ctl takes clustered short flags (-Cvipd) and a few valued ones."""
    flags, vals, i = set(), {}, 0
    while i < len(argv):
        a = argv[i]
        if a in ("-n", "-D", "-z", "-t", "-l", "-m") and i + 1 < len(argv):
            vals[a] = argv[i + 1]
            i += 2
            continue
        if a.startswith("--"):
            flags.add(a)
        elif a.startswith("-"):
            flags.update("-" + ch for ch in a[1:])
        i += 1
    return flags, vals


def _load():
    c = cl.load(_app())
    if not c.get("cm"):
        raise OmError("cm_ctl: the cluster has no CM (no cm_server in the static configuration).")
    return c


def _majority(c):
    cms = status.cms_states(c)
    if not status.cms_majority(cms):
        raise OmError("cm_ctl: can't connect to cm_server.\nMaybe cm_server is not running, or timeout expired. "
                      "Please try again.")
    return cms


def do_query(argv):
    flags, _ = _flags(argv)
    c = _load()
    cms = _majority(c)
    text, _ = status.render_cm(c, status.gather(c), cms, with_port="-p" in flags,
                               paired="-C" in flags and "-w" not in flags, brief="-v" not in flags)
    print(text, end="", flush=True)
    return 0


def _switch_on(c, dn, timeout=300):
    rc, o = exec_on(dn["ip"], "%s/bin/gs_ctl switchover -D %s" % (c["paths"]["appPath"], dn["dataDir"]), c["user"],
                    timeout=600)
    if rc != 0:
        raise OmError("cm_ctl: switchover failed.\n%s" % o.strip())
    # Unlike gs_ctl, cm_ctl switchover waits (bounded by -t) until the instances settled (docs/opengauss.md §5.10).
    if not wait_until(lambda: all(status.cm_role_state(rc, o)[1] == "Normal" for _, rc, o in status.gather(c)),
                      timeout, 1.0):
        raise OmError("cm_ctl: switchover timeout: the instances did not become Normal within %ss." % timeout)


def do_switchover(argv):
    flags, vals = _flags(argv)
    c = _load()
    _majority(c)
    if "-a" in flags:
        rows = {dn["instanceId"]: status.cm_role_state(rc, o)[0] for dn, rc, o in status.gather(c)}
        p = next(d for d in c["dns"] if d["letter"] == "P")
        if rows[p["instanceId"]] != "Primary":
            _switch_on(c, p, int(vals.get("-t", "300")))
        out("cm_ctl: switchover successfully.")
        return 0
    if "-n" not in vals or "-D" not in vals:
        raise OmError("cm_ctl: switchover needs -n NODEID -D DATADIR, or -a.")
    dn = next((d for d in c["dns"] if str(d["nodeId"]) == vals["-n"] and d["dataDir"] == vals["-D"].rstrip("/")),
              None)
    if dn is None:
        raise OmError("cm_ctl: can't find the instance of node %s with data path %s." % (vals["-n"], vals["-D"]))
    out("cm_ctl: switchover begin.")
    _switch_on(c, dn, int(vals.get("-t", "300")))
    out("cm_ctl: switchover successfully.")
    return 0


def _gs_om(c, t):
    import subprocess
    p = subprocess.run([os.path.join(c["paths"]["toolPath"], "script", "gs_om"), "-t", t],
                       env=dict(os.environ, GAUSSHOME=c["paths"]["appPath"]), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def do_start(argv):
    c = _load()
    out("cm_ctl: checking cluster status.")
    cm.start_servers(c)
    rc, o = _gs_om(c, "start")
    if rc != 0:
        raise OmError("cm_ctl: start cluster failed.\n" + o)
    out("cm_ctl: start cluster successfully.")
    return 0


def do_stop(argv):
    c = _load()
    out("cm_ctl: stop cluster.")
    rc, o = _gs_om(c, "stop")
    if rc != 0:
        raise OmError("cm_ctl: stop cluster failed.\n" + o)
    out("cm_ctl: stop cluster successfully.")
    return 0


COMMANDS = {"query": do_query, "switchover": do_switchover, "start": do_start, "stop": do_stop}


def main(argv):
    if not argv or argv[0] not in COMMANDS:
        raise OmError("cm_ctl: unrecognized command. Usage: cm_ctl query|switchover|start|stop ...")
    return COMMANDS[argv[0]](argv[1:])
