"""cluster_config.xml -> a plain cluster description, validated like OM does (docs/opengauss.md §4).

The result is the same dict shape the static config stores (see cluster.py), so the
expansion check can compare "XML" against "installed" directly.
"""
import ipaddress
import os
import xml.etree.ElementTree as ET

from .common import OmError

ILLEGAL_PATH_CHARS = set("|;&$<>`\\'\"{}()[]~*? !\n")
MAX_REPLICAS = 8


def _params(elem):
    out = {}
    for p in elem.findall("PARAM"):
        name = p.get("name")
        if name is None:
            raise OmError("[GAUSS-51236] : Failed to parse the XML file: a PARAM has no name.")
        out[name] = (p.get("value") or "").strip()
    return out


def _split(value):
    return [v.strip() for v in value.split(",") if v.strip() != ""] if value else []


def _check_path(name, path):
    if not path:
        raise OmError("[GAUSS-51200] : The parameter [%s] in the XML file does not exist or is empty." % name)
    if any(c in ILLEGAL_PATH_CHARS for c in path):
        raise OmError("[GAUSS-50219] : Failed to obtain %s. There are illegal characters in the path." % path)
    if not os.path.isabs(path):
        raise OmError("[GAUSS-50219] : The path %s of [%s] must be an absolute path." % (path, name))
    return os.path.normpath(path)


def _check_ip(name, ip):
    try:
        ipaddress.IPv4Address(ip)
    except ValueError:
        raise OmError("[GAUSS-50603] : The IP address [%s] of [%s] is invalid." % (ip, name))
    return ip


def _int(name, value, lo, hi):
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise OmError("[GAUSS-50004] : The value of [%s] in the XML file is not a number: %s." % (name, value))
    if n < lo or n > hi:
        raise OmError("[GAUSS-50004] : The value of [%s] in the XML file is out of range: %s." % (name, value))
    return n


def _nested(a, b):
    return a == b or a.startswith(b.rstrip("/") + "/") or b.startswith(a.rstrip("/") + "/")


def parse_xml_file(path):
    if not os.path.isfile(path):
        raise OmError("[GAUSS-50201] : The %s does not exist." % path)
    try:
        with open(path, "rb") as f:
            return parse_xml_text(f.read())
    except PermissionError:
        raise OmError("[GAUSS-50100] : The %s is not readable for the current user." % path)


def parse_xml_text(text):
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        raise OmError("[GAUSS-51236] : Failed to parse the XML file. Error: %s" % e)
    if root.tag != "ROOT" or root.find("CLUSTER") is None or root.find("DEVICELIST") is None:
        raise OmError("[GAUSS-51236] : Failed to parse the XML file: ROOT must hold CLUSTER and DEVICELIST.")
    cp = _params(root.find("CLUSTER"))
    devices = root.find("DEVICELIST").findall("DEVICE")
    if not devices:
        raise OmError("[GAUSS-51236] : Failed to parse the XML file: DEVICELIST has no DEVICE.")

    for key in ("clusterName", "nodeNames", "gaussdbAppPath", "backIp1s"):
        if not cp.get(key):
            raise OmError("[GAUSS-51200] : The parameter [%s] in the XML file does not exist or is empty." % key)
    paths = {
        "appPath": _check_path("gaussdbAppPath", cp["gaussdbAppPath"]),
        "logPath": _check_path("gaussdbLogPath", cp.get("gaussdbLogPath") or "/var/log/omm"),
        "tmpPath": _check_path("tmpMppdbPath", cp.get("tmpMppdbPath") or "/opt/huawei/tmp"),
        "toolPath": _check_path("gaussdbToolPath", cp.get("gaussdbToolPath") or "/opt/huawei/wisequery"),
    }
    if cp.get("corePath"):
        paths["corePath"] = _check_path("corePath", cp["corePath"])

    node_names = _split(cp["nodeNames"])
    back_ips = [_check_ip("backIp1s", ip) for ip in _split(cp["backIp1s"])]
    if len(set(node_names)) != len(node_names):
        raise OmError("[GAUSS-51230] : The nodeNames in the XML file are not unique.")
    if len(node_names) != len(devices):
        raise OmError("[GAUSS-51230] : The number of nodeNames (%d) is not the number of DEVICEs (%d)."
                      % (len(node_names), len(devices)))

    nodes, primary = [], None
    for idx, dev in enumerate(devices):
        p = _params(dev)
        name = p.get("name", "")
        if not name or dev.get("sn") != name:
            raise OmError("[GAUSS-51236] : Failed to parse the XML file: DEVICE sn [%s] and name [%s] differ."
                          % (dev.get("sn"), name))
        if name not in node_names:
            raise OmError("[GAUSS-51230] : The DEVICE [%s] is not listed in nodeNames." % name)
        back = _check_ip("backIp1", p.get("backIp1", ""))
        if idx >= len(back_ips) or back_ips[idx] != back:
            raise OmError("[GAUSS-50625] : The backIp1 [%s] of [%s] does not match backIp1s in DEVICE order."
                          % (back, name))
        node = {
            "id": idx + 1, "name": name, "backIp": back,
            "sshIp": _check_ip("sshIp1", p.get("sshIp1") or back),
            "sshPort": _int("sshPort", p.get("sshPort") or "22", 1, 65535),
            "azName": p.get("azName") or "AZ1",
            "azPriority": _int("azPriority", p.get("azPriority") or "1", 1, 10),
            "cascade": (p.get("cascadeRole") or "off").lower() == "on",
            "cmDirRaw": p.get("cmDir"),
            "cmPort": None,
            "params": p,
        }
        nodes.append(node)
        if "dataNode1" in p:
            if primary is not None:
                raise OmError("[GAUSS-51236] : Only one DEVICE may hold dataNode1 (the primary's).")
            primary = node
    if primary is None:
        raise OmError("[GAUSS-51200] : The parameter [dataNode1] in the XML file does not exist or is empty.")
    if primary["cascade"]:
        raise OmError("[GAUSS-51236] : The primary [%s] cannot have cascadeRole=on." % primary["name"])
    pp = primary["params"]
    if _int("dataNum", pp.get("dataNum") or "1", 1, 1) != 1:
        raise OmError("[GAUSS-51236] : dataNum must be 1.")
    port = _int("dataPortBase", pp.get("dataPortBase") or "40000", 1, 65530)

    items = _split(pp.get("dataNode1", ""))
    if len(items) != 2 * len(nodes) - 1:
        raise OmError("[GAUSS-51236] : The number of items of [dataNode1] is wrong: %d items for %d nodes "
                      "(expected %d)." % (len(items), len(nodes), 2 * len(nodes) - 1))
    by_name = {n["name"]: n for n in nodes}
    dn_hosts = [primary["name"]] + items[1::2]
    dn_dirs = items[0::2]
    if len(set(dn_hosts)) != len(dn_hosts):
        raise OmError("[GAUSS-51236] : A host appears twice in [dataNode1].")
    for h in dn_hosts:
        if h not in by_name:
            raise OmError("[GAUSS-51236] : The host [%s] in [dataNode1] is not a DEVICE." % h)
    n_dn = len(dn_hosts)
    if n_dn - 1 > MAX_REPLICAS:
        raise OmError("[GAUSS-51236] : At most 1 primary and %d replicas are supported; got %d replicas."
                      % (MAX_REPLICAS, n_dn - 1))
    sync = pp.get("dataNode1_syncNum", "0") or "0"
    if not sync.isdigit() or not (0 <= int(sync) < n_dn):
        raise OmError("[GAUSS-51236] : The information of [dataNode1_syncNum] is wrong.")

    dns = []
    for i, (h, d) in enumerate(zip(dn_hosts, dn_dirs)):
        n = by_name[h]
        letter = "P" if i == 0 else ("C" if n["cascade"] else "S")
        dns.append({"instanceId": 6001 + i, "nodeId": n["id"], "name": h, "ip": n["backIp"],
                    "port": port, "dataDir": _check_path("dataNode1", d), "letter": letter})
    for dn in dns:
        if dn["letter"] == "C" and not any(
                o["letter"] == "S" and by_name[o["name"]]["azName"] == by_name[dn["name"]]["azName"]
                for o in dns):
            raise OmError("[GAUSS-51236] : The cascade standby [%s] needs a standby in its AZ [%s]."
                          % (dn["name"], by_name[dn["name"]]["azName"]))

    cm = _parse_cm(pp, nodes, primary)
    all_paths = list(paths.values()) + sorted({d["dataDir"] for d in dns})
    if cm:
        all_paths += sorted({n["cmDir"] for n in nodes})
    for i, a in enumerate(all_paths):
        for b in all_paths[i + 1:]:
            if a != b and _nested(a, b):
                raise OmError("[GAUSS-50219] : The directories %s and %s must not be nested." % (a, b))
    for n in nodes:
        n.pop("params")
        n.pop("cmDirRaw")
    return {"clusterName": cp["clusterName"], "paths": paths, "nodes": nodes, "dns": dns,
            "syncNum": int(sync), "cm": cm}


def _parse_cm(pp, nodes, primary):
    keys = ("cmsNum", "cmServerPortBase", "cmServerRelation", "cmServerListenIp1", "cmServerHaIp1")
    if not any(k in pp for k in keys):
        for n in nodes:
            n["cmDir"] = None
        return None
    relation = _split(pp.get("cmServerRelation", ""))
    if len(relation) != len(nodes):
        raise OmError("[GAUSS-51236] : The num of cmServerRelation's hostname is wrong.")
    names = {n["name"] for n in nodes}
    if set(relation) != names:
        raise OmError("[GAUSS-51236] : cmServerRelation must name every DEVICE.")
    for key in ("cmServerListenIp1", "cmServerHaIp1"):
        ips = _split(pp.get(key, ""))
        if len(ips) != len(nodes):
            raise OmError("[GAUSS-51236] : The num of %s's IP is wrong." % key)
    if (pp.get("cmServerlevel") or "1") != "1":
        raise OmError("[GAUSS-51236] : cmServerlevel only supports 1.")
    base = _int("cmServerPortBase", pp.get("cmServerPortBase") or "5000", 1, 65534)
    for n in nodes:
        raw = n["cmDirRaw"]
        if not raw:
            raise OmError("[GAUSS-51200] : The parameter [cmDir] of [%s] in the XML file does not exist or "
                          "is empty." % n["name"])
        if "," in raw:
            raise OmError("[GAUSS-51235] : Invalid directory [%s] of cmDir: only one path is allowed." % raw)
        n["cmDir"] = _check_path("cmDir", raw)
        if n is primary:
            n["cmPort"] = base
        else:
            n["cmPort"] = _int("cmServerPortStandby", n["params"].get("cmServerPortStandby") or "5500", 1, 65534)
    return {"portBase": base}
