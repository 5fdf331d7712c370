"""Unit-test driver for the tools' control flow with every side effect faked and recorded.

stdin JSON: {"op": "switchover"}  gs_ctl switchover on the standby of a fake 1P+1S+1C cluster
            {"op": "rejoin"}      the detached rejoin a switchover leaves behind
            {"op": "gs_om_root"}  gs_om -t status as root
stdout JSON: {"calls": [...], "spawned": [...], "rc": N, "error": "..."}
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
# No test reaches a host from here (see driver.py): ssh is the no-network stand-in.
os.environ["PATH"] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "no-network") + os.pathsep + os.environ.get("PATH", "")
from afostandin import tool_gs_ctl, tool_gs_om  # noqa: E402
from afostandin.common import OmError  # noqa: E402

DNS = [
    {"instanceId": 6001, "name": "og1", "ip": "10.0.0.1", "port": 15400, "dataDir": "/d/dn", "letter": "P"},
    {"instanceId": 6002, "name": "og2", "ip": "10.0.0.2", "port": 15400, "dataDir": "/d/dn", "letter": "S"},
    {"instanceId": 6003, "name": "og3", "ip": "10.0.0.3", "port": 15400, "dataDir": "/d/dn", "letter": "C"},
]
CLUSTER = {"user": "omm", "dns": DNS, "paths": {"appPath": "/app", "tmpPath": "/tmp"}}
calls, spawned = [], []


def fake_exec_on(ip, cmd, user=None, input=None, timeout=None, port=22):
    calls.append("%s: %s" % (ip, cmd))
    if "primary_conninfo" in cmd:  # a replica's current upstream
        return 0, {"10.0.0.3": "10.0.0.2"}.get(ip, "10.0.0.1") + "\n"
    if "pg_controldata" in cmd:
        return 0, "Latest checkpoint location:           0/5000028\n"
    return 0, ""


class FakePopen:
    def __init__(self, argv, **kw):
        spawned.append({"argv": argv[-2:], "new_session": kw.get("start_new_session", False)})


def fake_pg():
    pg = tool_gs_ctl.pg
    pg.current_upstream_ip = lambda dn: "10.0.0.1"
    pg.psql_value = lambda cluster, dn, sql: "0/6000000" if "replay" in sql else "2"
    pg.promote = lambda dn: (calls.append("%s: promote" % dn["ip"]), (0, ""))[1]
    pg.write_repl_conf = lambda cluster, dn, up: calls.append("%s: primary conf" % dn["ip"])
    tool_gs_ctl.query.collect = lambda cluster, dn: {"local_role": "Standby"}
    tool_gs_ctl.exec_on = fake_exec_on
    # Anything that polls the cluster's roles is a wait on the caller's behalf: record it.
    tool_gs_ctl.gather = lambda cluster: (calls.append("wait: gather roles"), [(d, 0, "") for d in cluster["dns"]])[1]
    subprocess.Popen = FakePopen
    tool_gs_ctl.wait_until = lambda fn, timeout, interval=0.3: fn()


def main():
    req = json.loads(sys.stdin.read())
    rc, error = None, None
    try:
        if req["op"] == "switchover":
            fake_pg()
            rc = tool_gs_ctl.cmd_switchover("/app", CLUSTER, DNS[1], {})
        elif req["op"] == "rejoin":
            fake_pg()
            rc = tool_gs_ctl.rejoin(CLUSTER, {"new": 6002, "old": 6001, "repoint": [[6003, 6001]]})
        elif req["op"] == "gs_om_root":
            tool_gs_om.is_root = lambda: True
            tool_gs_om.cl.load = lambda app: (_ for _ in ()).throw(OmError("loaded the cluster"))
            tool_gs_om.cl.app_path_from_env = lambda: "/app"
            rc = tool_gs_om.main(["-t", "status", "--detail"])
    except OmError as e:
        error = str(e)
    except AttributeError as e:  # a piece the test drives does not exist (yet)
        error = "AttributeError: %s" % e
    print(json.dumps({"calls": calls, "spawned": spawned, "rc": rc, "error": error}))


main()
