"""The installed cluster: static config file, env file, node lookup.

The real cluster_static_config is binary; ours is JSON with the same facts (node ids, DN ids,
letters, data dirs, ports, CM dirs), kept at <gaussdbAppPath>/bin/cluster_static_config on
every node. Its existence is what afo treats as "installed".
"""
import json
import os
import socket

from .common import OmError

STATIC_NAME = "cluster_static_config"
DYNAMIC_NAME = "cluster_dynamic_config"
ENV_MARK = "# afo-standin env"


def static_path(app_path):
    return os.path.join(app_path, "bin", STATIC_NAME)


def app_path_from_env():
    gh = os.environ.get("GAUSSHOME")
    if not gh:
        raise OmError("[GAUSS-51802] : Failed to obtain the environment variable \"GAUSSHOME\". "
                      "Please source the environment file of the cluster user.")
    return gh


def load(app_path):
    p = static_path(app_path)
    if not os.path.isfile(p):
        raise OmError("[GAUSS-51620] : Failed to obtain local instance information. The static "
                      "configuration file %s does not exist. Is the cluster installed?" % p)
    with open(p) as f:
        return json.load(f)


def dumps(cluster):
    return json.dumps(cluster, indent=1, sort_keys=True) + "\n"


def from_xml(parsed, version, user, group):
    c = dict(parsed)
    c["format"] = "afo-standin-static/1"
    c["version"] = version
    c["user"] = user
    c["group"] = group
    return c


def node_by_name(cluster, name):
    for n in cluster["nodes"]:
        if n["name"] == name:
            return n
    return None


def node_by_ip(cluster, ip):
    for n in cluster["nodes"]:
        if ip in (n["backIp"], n["sshIp"]):
            return n
    return None


def dn_of(cluster, node_name):
    for d in cluster["dns"]:
        if d["name"] == node_name:
            return d
    return None


def dn_by_dir_local(cluster, data_dir):
    """The DN of this host with that data dir (hostname = node name, as OM requires)."""
    me = socket.gethostname()
    dd = os.path.normpath(os.path.abspath(data_dir))
    for d in cluster["dns"]:
        if d["name"] == me and d["dataDir"] == dd:
            return d
    for d in cluster["dns"]:
        if d["dataDir"] == dd and is_local_ip(d["ip"]):
            return d
    return None


def ssh_ip(cluster, dn_or_node):
    n = node_by_name(cluster, dn_or_node["name"])
    return n["sshIp"] if n else dn_or_node["ip"]


_local_ips = None


def is_local_ip(ip):
    global _local_ips
    if _local_ips is None:
        import subprocess
        try:
            o = subprocess.run(["hostname", "-I"], stdout=subprocess.PIPE, text=True).stdout
            _local_ips = set(o.split()) | {"127.0.0.1"}
        except OSError:
            _local_ips = {"127.0.0.1"}
    return ip in _local_ips


def om_major(cluster):
    try:
        return int(str(cluster.get("version", "5")).split(".")[0])
    except ValueError:
        return 5


def env_lines(cluster, user, sep_file=None, gauss_env=1):
    p = cluster["paths"]
    log = os.path.join(p["logPath"], user)
    lines = [
        "export GPHOME=%s" % p["toolPath"],
        "export PATH=$GPHOME/script/gspylib/pssh/bin:$GPHOME/script:$PATH",
        "export LD_LIBRARY_PATH=$GPHOME/lib:$LD_LIBRARY_PATH",
        "export PYTHONPATH=$GPHOME/lib",
        "export GAUSSHOME=%s" % p["appPath"],
        "export PATH=$GAUSSHOME/bin:$PATH",
        "export LD_LIBRARY_PATH=$GAUSSHOME/lib:$LD_LIBRARY_PATH",
        "export GAUSSLOG=%s" % log,
        "export PGHOST=%s" % p["tmpPath"],
        "export GS_CLUSTER_NAME=%s" % cluster["clusterName"],
        "export GAUSS_VERSION=%s" % cluster["version"],
        "export GAUSS_WARNING_TYPE=5",
        "ulimit -n 1000000 2>/dev/null",
        "umask 077",
        "export GAUSS_ENV=%d" % gauss_env,
    ]
    if p.get("corePath"):
        lines.insert(8, "export CORE_PATH=%s" % p["corePath"])
    if sep_file:
        lines.append("export MPPDB_ENV_SEPARATE_PATH=%s" % sep_file)
    return lines
