"""`gs_om -t status [--detail]` and `cm_ctl query`: gather every DN's `gs_ctl query`, then print
one of the three layouts of docs/opengauss.md §5.6.

Layout A (no CM) rows follow OM's own format string (DbClusterInfo.queryClsInfo); its header
widths are fitted to the verbatim OM 5.0.0 sample. Layouts B/C follow the CM samples.
"""
import re
import socket

from . import query
from .remote import exec_on, parallel

DASH_A_EXTRA = 16 + 10 + 13


def gather(cluster):
    """[(dn, rc, output)] for every DN, queried on its own node as the cluster user."""
    gs_ctl = "%s/bin/gs_ctl" % cluster["paths"]["appPath"]

    def one(dn):
        rc, o = exec_on(dn["ip"], "%s query -D %s" % (gs_ctl, dn["dataDir"]), user=cluster["user"], timeout=60)
        return dn, rc, o
    return parallel(one, cluster["dns"])


def om_role_state(rc, out):
    """What OM (no CM) shows: first word of local_role and db_state (OM's regexes)."""
    if rc != 0:
        if "could not connect to the local server" in out or "Is server running" in out:
            return "Down", "Manually stopped"
        return "Unknown", "Unknown"
    role = re.findall(r"local_role\s*:\s*(\w+)", out)
    state = re.findall(r"db_state\s*:\s*(\w+)", out)
    if not role or not state:
        return "Unknown", "Unknown"
    if state[0] == "Need":
        detail = re.findall(r"detail_information\s*:\s*(\w+)", out)
        return role[0], "Need repair(%s)" % (detail[0] if detail else "Unknown")
    return role[0], state[0]


def cm_role_state(rc, out):
    """What CM shows: the full role (Cascade Standby) and the full state."""
    if rc != 0:
        if "could not connect to the local server" in out or "Is server running" in out:
            return "Down", "Manually stopped"
        return "Unknown", "Unknown"
    p = query.parse_query(out)
    role, state = p.get("local_role", "Unknown"), p.get("db_state", "Unknown")
    if state == "Need repair":
        state = "Need repair(%s)" % p.get("detail_information", "Unknown")
    if role == "Normal":
        role = "Primary"
    return role, state


def cluster_state(rows):
    """rows: [(role, state)]; OM's rule (no CM) which CM shares in spirit."""
    if len(rows) == 1:
        return "Normal" if rows[0][1] == "Normal" else "Unavailable"
    prim = [s for r, s in rows if r == "Primary"]
    if len(prim) != 1 or prim[0] != "Normal":
        return "Unavailable"
    for r, s in rows:
        if r != "Primary" and (r not in ("Standby", "Secondary", "Cascade", "Cascade Standby") or s != "Normal"):
            return "Degraded"
    return "Normal"


def render_brief(cluster, state):
    d = "-" * 71
    return "%s\n\ncluster_name    : %s\ncluster_state   : %s\nredistributing  : No\n\n%s\n" % (
        d, cluster["clusterName"], state, d)


def render_a(cluster, gathered):
    rows = [(dn,) + om_role_state(rc, o) for dn, rc, o in gathered]
    state = cluster_state([(r, s) for _, r, s in rows])
    names = {n["id"]: n["name"] for n in cluster["nodes"]}
    max_name = max(len(names[dn["nodeId"]]) for dn in cluster["dns"])
    max_dir = max(len(dn["dataDir"]) for dn in cluster["dns"])
    node_len, inst_len = 2 + 1 + max_name + 1 + 4, max_dir + 6
    t = "[   Cluster State   ]\n\ncluster_state   : %s\nredistributing  : No\n" % state
    t += "current_az      : AZ_ALL\n\n[  Datanode State   ]\n\n"
    t += "%-*s%-*s%-*s%-*s%s\n" % (node_len, "    node", 16, "node_ip", 10, "port", inst_len, "instance", "state")
    t += "-" * (node_len + inst_len + DASH_A_EXTRA) + "\n"
    single = len(rows) == 1
    for dn, role, st in rows:
        t += "%-2u " % dn["nodeId"] + "%-*s " % (max_name, names[dn["nodeId"]]) + "%-15s " % dn["ip"]
        t += "%-10u " % dn["port"] + "%u " % dn["instanceId"] + "%-*s " % (max_dir, dn["dataDir"])
        t += "%3s " % dn["letter"] + "%-7s" % ("Primary" if single else role) + " %s\n" % st
    return t, state


def cms_states(cluster):
    """CM server role per node: the first running one (node order) is Primary."""
    out, seen_primary = [], False
    for n in cluster["nodes"]:
        up = _port_open(n["backIp"], n.get("cmPort"))
        if up and not seen_primary:
            out.append((n, "Primary"))
            seen_primary = True
        else:
            out.append((n, "Standby" if up else "Down"))
    return out


def _port_open(ip, port):
    if not port:
        return False
    try:
        with socket.create_connection((ip, port), timeout=1.5):
            return True
    except OSError:
        return False


def cms_majority(cms):
    return sum(1 for _, s in cms if s != "Down") * 2 > len(cms)


def render_cm(cluster, gathered, cms, with_port, paired=False, brief=False):
    rows = [(dn,) + cm_role_state(rc, o) for dn, rc, o in gathered]
    state = cluster_state([(r, s) for _, r, s in rows])
    balanced = "Yes" if all(r == "Primary" for dn, r, _ in rows if dn["letter"] == "P") else "No"
    cl = "[   Cluster State   ]\n\ncluster_state   : %s\nredistributing  : No\nbalanced        : %s\n" \
         "current_az      : AZ_ALL\n" % (state, balanced)
    if brief:
        return cl, state
    names = {n["id"]: n["name"] for n in cluster["nodes"]}
    max_name = max(len(n["name"]) for n in cluster["nodes"])
    node_len = 2 + 1 + max_name + 1
    cms_paths = {n["id"]: "%s/cm_server" % n["cmDir"] for n in cluster["nodes"]}
    max_cms = max(len(p) for p in cms_paths.values())
    t = "[  CMServer State   ]\n\n"
    t += "%-*s%-*s%-*s%s\n" % (node_len, "node", 16, "node_ip", 4 + 1 + max_cms + 1, "instance", "state")
    t += "-" * 80 + "\n"
    for i, (n, s) in enumerate(cms):
        t += "%-2u %-*s %-15s %-4u %-*s %s\n" % (n["id"], max_name, n["name"], n["backIp"], i + 1, max_cms,
                                                 cms_paths[n["id"]], s)
    t += "\n" + cl + "\n[  Datanode State   ]\n\n"
    max_dir = max(len(dn["dataDir"]) for dn in cluster["dns"])
    t += "%-*s%-*s%-*s%s\n" % (node_len, "node", 16, "node_ip", 4 + 1 + max_dir + 1, "instance", "state")
    t += "-" * 80 + "\n"
    lines = []
    for dn, role, st in rows:
        line = "%-2u %-*s %-15s %u " % (dn["nodeId"], max_name, names[dn["nodeId"]], dn["ip"], dn["instanceId"])
        if with_port:
            line += "%-6u " % dn["port"]
        line += "%-*s %s %-7s %s" % (max_dir, dn["dataDir"], dn["letter"], role, st)
        lines.append(line)
    t += (" | ".join(lines) + "\n") if paired else "".join(l + "\n" for l in lines)
    return t, state
