"""gs_dropnode -U USER -G GROUP -h ip1[,ip2] (cluster user, primary): stops the target DNs and
removes them from the static config; the remaining DNs stop trusting them."""
import os
import sys

from . import cluster as cl
from . import status
from .common import OmError, is_root, out, parse_opts
from .remote import exec_on, parallel, write_file
from .tool_gs_install import local_cmd

SPEC = {"-U": "value", "-G": "value", "-h": "value", "-l": "value"}


def main(argv):
    opts, _ = parse_opts(argv, SPEC)
    for k in ("-U", "-G", "-h"):
        if not opts.get(k):
            raise OmError("[GAUSS-50001] : Incorrect parameter. Parameter '%s' is required." % k)
    if is_root():
        raise OmError("[GAUSS-50105] : Cannot run this script as a user with the root permission.")
    c = cl.load(cl.app_path_from_env())
    hosts = [h.strip() for h in opts["-h"].split(",") if h.strip()]
    targets = [d for d in c["dns"] if d["ip"] in hosts]
    if len(targets) != len(hosts):
        raise OmError("[GAUSS-35801] : Some hosts of -h are not DN nodes of the cluster: %s." % ",".join(hosts))
    roles = {dn["instanceId"]: status.cm_role_state(rc, o)[0] for dn, rc, o in status.gather(c)}
    if any(roles[d["instanceId"]] == "Primary" for d in targets):
        raise OmError("[GAUSS-35801] : The primary can not be dropped.")
    rest = [d for d in c["dns"] if d not in targets]
    if c.get("cm") and not any(roles.get(d["instanceId"]) == "Standby" for d in rest):
        raise OmError("[GAUSS-35801] : With CM, the last standby can not be dropped.")
    sys.stdout.write("Do you want to continue to drop the target node (yes/no)?")
    sys.stdout.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer != "yes":
        out("[gs_dropnode]Drop node cancelled.")
        return 1
    out("[gs_dropnode]Start to drop nodes of the cluster.")
    app = c["paths"]["appPath"]
    for d in targets:
        out("[gs_dropnode]Start to stop the target node %s." % d["name"])
        exec_on(d["ip"], "%s/bin/gs_ctl stop -D %s -m fast" % (app, d["dataDir"]), c["user"])
        out("[gs_dropnode]End of stop the target node %s." % d["name"])
    new = dict(c, dns=rest, nodes=[n for n in c["nodes"] if n["backIp"] not in hosts])
    cfg = os.path.join(c["paths"]["tmpPath"], ".standin_dropnode_config.json")
    text = cl.dumps(new)
    for n in new["nodes"]:
        out("[gs_dropnode]Start of set pg_hba config file on %s." % n["name"])
        write_file(n["sshIp"], cfg, text, user=c["user"], mode="0600")
        dn = cl.dn_of(new, n["name"])
        if dn:
            exec_on(dn["ip"], local_cmd(new, "hba", cfg, dn), c["user"])
        out("[gs_dropnode]End of set pg_hba config file on %s." % n["name"])
    standbys = [d for d in rest if d["letter"] == "S" and roles.get(d["instanceId"]) == "Standby"]
    for d in rest:
        if d["letter"] == "C" and standbys:
            exec_on(d["ip"], local_cmd(new, "set-upstream", cfg, d, standbys[0]["instanceId"]), c["user"])
    out("[gs_dropnode]Start to modify the cluster static conf.")
    parallel(lambda n: write_file(n["sshIp"], cl.static_path(app), text, user=c["user"], mode="0640"), new["nodes"])
    out("[gs_dropnode]End of modify the cluster static conf.")
    out("[gs_dropnode]Success to drop the target nodes.")
    return 0
