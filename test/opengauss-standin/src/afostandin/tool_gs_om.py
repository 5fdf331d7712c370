"""gs_om -t start|stop|restart|status [--detail]|generateconf|refreshconf (as the cluster user)."""
import json
import os
import time

from . import cluster as cl
from . import cm, status, xmlconf
from .common import OmError, is_root, out, parse_opts
from .remote import exec_on, parallel, write_file

SPEC = {"-t": "value", "-h": "value", "-D": "value", "--time-out": "value", "-m": "value", "-o": "value",
        "--detail": "flag", "--all": "flag", "-l": "value", "-X": "value", "--distribute": "flag",
        "--security-mode": "value", "--cluster-number": "value", "-?": "flag", "--help": "flag"}


def _ctl(cluster, dn, args, timeout=600):
    return exec_on(dn["ip"], "%s/bin/gs_ctl %s -D %s" % (cluster["paths"]["appPath"], args, dn["dataDir"]),
                   user=cluster["user"], timeout=timeout)


def _select(cluster, opts):
    dns = cluster["dns"]
    if opts.get("-h"):
        dns = [d for d in dns if d["name"] == opts["-h"]]
        if not dns:
            raise OmError("[GAUSS-51619] : The host name [%s] is not in the cluster." % opts["-h"])
    return dns


def do_start(cluster, opts):
    out("Starting cluster.")
    out("=========================================")
    dns = _select(cluster, opts)
    order = [d for d in dns if d["letter"] == "P"] + [d for d in dns if d["letter"] == "S"] + \
            [d for d in dns if d["letter"] == "C"]
    failed = []
    for group in (order[:1], order[1:]):
        for dn, (rc, o) in zip(group, parallel(lambda d: _ctl(cluster, d, "start", 300), group)):
            if rc != 0 and "another server might be running" not in o:
                failed.append((dn, o))
            else:
                out("[SUCCESS] %s" % dn["name"])
    if cluster.get("cm"):
        cm.start_servers(cluster)
    out("=========================================")
    if failed:
        for dn, o in failed:
            out("[FAILURE] %s:\n%s" % (dn["name"], o.strip()))
        raise OmError("[GAUSS-53600] : Can not start the database, the cmd is gs_ctl start.")
    out("Successfully started.")
    return 0


def do_stop(cluster, opts):
    out("Stopping cluster.")
    out("=========================================")
    mode = opts.get("-m", "fast")
    dns = _select(cluster, opts)
    if cluster.get("cm") and not opts.get("-h"):
        cm.stop_servers(cluster)
    order = [d for d in dns if d["letter"] == "C"] + [d for d in dns if d["letter"] == "S"] + \
            [d for d in dns if d["letter"] == "P"]
    for dn in order:
        rc, o = _ctl(cluster, dn, "stop -m %s" % mode, 300)
        if rc != 0 and "Is server running" not in o:
            raise OmError("[GAUSS-53606] : Can not stop the database, the cmd is gs_ctl stop. Error:\n%s" % o)
    out("Successfully stopped cluster.")
    out("=========================================")
    out("End stop cluster.")
    return 0


def do_status(cluster, opts):
    gathered = status.gather(cluster)
    if opts.get("-h"):
        gathered = [g for g in gathered if g[0]["name"] == opts["-h"]]
    if cluster.get("cm"):
        cms = status.cms_states(cluster)
        if not status.cms_majority(cms):
            raise OmError("cm_ctl: can't connect to cm_server.\nMaybe cm_server is not running, or timeout "
                          "expired. Please try again.")
        text, _ = status.render_cm(cluster, gathered, cms, with_port=cl.om_major(cluster) >= 6,
                                   brief=not opts.get("--detail"))
    elif opts.get("--detail"):
        text, _ = status.render_a(cluster, gathered)
    else:
        rows = [status.om_role_state(rc, o) for _, rc, o in gathered]
        text = status.render_brief(cluster, status.cluster_state(rows))
    if opts.get("-o"):
        with open(opts["-o"], "w") as f:
            f.write(text)
    print(text, end="", flush=True)
    return 0


def do_generateconf(cluster, opts):
    if not opts.get("-X"):
        raise OmError("[GAUSS-50001] : Incorrect parameter. Parameter '-X' is required.")
    parsed = xmlconf.parse_xml_file(opts["-X"])
    new = cl.from_xml(parsed, cluster["version"], cluster["user"], cluster["group"])
    new["dns"] = _keep_installed_order(cluster, new)
    out("Generating static configuration files for all nodes.")
    text = cl.dumps(new)
    targets = new["nodes"] if opts.get("--distribute") else [n for n in new["nodes"] if cl.is_local_ip(n["backIp"])]
    parallel(lambda n: write_file(n["sshIp"], cl.static_path(new["paths"]["appPath"]), text,
                                  user=cluster["user"], mode="0640"), targets)
    out("Successfully generated static configuration files.")
    if opts.get("--distribute"):
        out("Successfully distributed static configuration files.")
    return 0


def _keep_installed_order(old, new):
    """DN ids and letters are install-time facts: keep them for DNs that already exist."""
    olds = {(d["name"], d["dataDir"]): d for d in old["dns"]}
    dns = []
    for d in new["dns"]:
        prev = olds.get((d["name"], d["dataDir"]))
        dns.append(dict(d, instanceId=prev["instanceId"], letter=prev["letter"]) if prev else d)
    return dns


def do_refreshconf(cluster, opts):
    out("Generating dynamic configuration file for all nodes.")
    gathered = status.gather(cluster)
    dyn = {"time": int(time.time()), "dns": [
        {"instanceId": dn["instanceId"], "role": status.cm_role_state(rc, o)[0],
         "state": status.cm_role_state(rc, o)[1]} for dn, rc, o in gathered]}
    text = json.dumps(dyn, indent=1) + "\n"
    parallel(lambda n: write_file(n["sshIp"], os.path.join(cluster["paths"]["appPath"], "bin", cl.DYNAMIC_NAME),
                                  text, user=cluster["user"], mode="0640"), cluster["nodes"])
    out("Successfully generated dynamic configuration file.")
    return 0


ACTIONS = {"start": do_start, "stop": do_stop, "status": do_status, "generateconf": do_generateconf,
           "refreshconf": do_refreshconf}


def main(argv):
    opts, rest = parse_opts(argv, SPEC)
    if opts.get("--help") or opts.get("-?"):
        out("gs_om is a utility to manage a cluster.\nUsage:\n  gs_om -t start|stop|status|generateconf|refreshconf")
        return 0
    # OM's gs_om runs as the cluster user only (docs/opengauss.md §5.5).
    if is_root():
        raise OmError("[GAUSS-50105] : Cannot run this script as a user with the root permission.")
    t = opts.get("-t")
    if t == "restart":
        c = cl.load(cl.app_path_from_env())
        do_stop(c, opts)
        return do_start(c, opts)
    if t not in ACTIONS:
        raise OmError("[GAUSS-50004] : The -t parameter is incorrect: %s." % t)
    c = cl.load(cl.app_path_from_env())
    return ACTIONS[t](c, opts)
