"""gs_uninstall [--delete-data] [-L] (cluster user): stops the instances and CM servers, removes
the application (and with --delete-data the DN and CM data) on every node, or this node (-L)."""
import os
import shlex
import socket

from . import cluster as cl
from .common import OmError, is_root, out, parse_opts
from .remote import exec_on, parallel

SPEC = {"--delete-data": "flag", "-L": "flag", "-X": "value", "-l": "value"}


def main(argv):
    opts, _ = parse_opts(argv, SPEC)
    if is_root():
        raise OmError("[GAUSS-50105] : Cannot run this script as a user with the root permission.")
    app = cl.app_path_from_env()
    c = cl.load(app)
    nodes = c["nodes"]
    if opts.get("-L"):
        nodes = [n for n in nodes if n["name"] == socket.gethostname()]
        if not nodes:
            raise OmError("[GAUSS-51619] : This host is not a node of the cluster.")
    out("Checking uninstallation.")
    out("Successfully checked uninstallation.")
    out("Stopping the cluster.")

    def stop(n):
        dn = cl.dn_of(c, n["name"])
        cmds = []
        if dn:
            cmds.append("%s/bin/gs_ctl stop -D %s -m fast >/dev/null 2>&1" % (app, shlex.quote(dn["dataDir"])))
        if n.get("cmDir"):
            cmds.append("%s/bin/cm_server --stop --dir %s/cm_server >/dev/null 2>&1" % (app, shlex.quote(n["cmDir"])))
        cmds.append("(crontab -l 2>/dev/null | grep -v om_monitor) | crontab - 2>/dev/null")
        exec_on(n["sshIp"], "; ".join(cmds) + "; true", c["user"])
    parallel(stop, nodes)
    out("Successfully stopped the cluster.")
    if opts.get("--delete-data"):
        def wipe(n):
            dn = cl.dn_of(c, n["name"])
            dirs = ([dn["dataDir"]] if dn else []) + ([n["cmDir"]] if n.get("cmDir") else [])
            for d in dirs:
                exec_on(n["sshIp"], "find %s -mindepth 1 -delete" % shlex.quote(d), c["user"])
        parallel(wipe, nodes)
        out("Successfully deleted instances.")
    out("Uninstalling application.")
    parallel(lambda n: exec_on(n["sshIp"], "find %s -mindepth 1 -delete; for f in ~/.bashrc "
                                           "$MPPDB_ENV_SEPARATE_PATH; do [ -f $f ] && sed -i "
                                           "'s/^export GAUSS_ENV=.*/export GAUSS_ENV=1/' $f; done; true"
                               % shlex.quote(app), c["user"]), nodes)
    out("Successfully uninstalled application.")
    out("Uninstallation succeeded.")
    return 0
