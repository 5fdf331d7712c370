"""Unit-test driver: runs the stand-in's pure Python pieces (status rendering, XML validation).

stdin JSON: {"op": "render", "layout": "A"|"B"|"C", "cluster": {...}, "states": [[role, db_state]|null], "cms": [...]}
            {"op": "xml", "text": "..."}
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
# No test reaches a host from here: every ssh the tools try is a stand-in that fails as an
# unreachable host does (no-network/ssh); tests that need answers stub has_trust/exec_on.
os.environ["PATH"] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "no-network") + os.pathsep + os.environ.get("PATH", "")
from afostandin import query, status, xmlconf  # noqa: E402
from afostandin.common import OmError  # noqa: E402


def gs_ctl_output(dn, st):
    if st is None:
        return 1, query.format_stopped("[ts][1][][gs_ctl]: ", dn["dataDir"])
    role, db = st
    detail = "Disconnected" if db == "Need repair" else "Normal"
    return 0, query.format_query("[ts][1][][gs_ctl]: ", dn["dataDir"], {
        "local_role": role, "static_connections": 1, "db_state": db, "detail_information": detail,
        "senders": [], "receiver": None})


def main():
    req = json.loads(sys.stdin.read())
    try:
        if req["op"] == "arbiter":
            # CM arbitration's decision, ticks in a row: probes [[letter, host_up, role, lsn]]
            from afostandin import cm_arbiter
            misses, results = 0, []
            for t in req["ticks"]:
                dns = [{"instanceId": 6001 + i, "letter": p[0]} for i, p in enumerate(t["probes"])]
                probes = [(dns[i],) + tuple(p[1:]) for i, p in enumerate(t["probes"])]
                target, misses = cm_arbiter.decide(t["cmsPrimary"], t["majority"], probes, misses)
                results.append(None if target is None else str(target["instanceId"]))
            print(json.dumps({"ok": True, "results": results}))
            return
        if req["op"] == "pw":
            from afostandin import passwords
            f = passwords.ca_password_problem if req.get("ca") else (
                lambda p: passwords.db_password_problem(p, req.get("user", "omm")))
            print(json.dumps({"ok": True, "results": [f(p) for p in req["passwords"]]}))
            return
        if req["op"] == "tool":
            # one OM tool's main() with the given argv and environment; `root` fakes the uid check
            import contextlib
            import importlib
            import io
            mod = importlib.import_module("afostandin.tool_" + req["tool"])
            mod.is_root = lambda: req.get("root", False)
            if "trust" in req:
                # SSH stubbed: trust only as "user@target" in req.trust; hostname answers from req.hostnames
                mod.has_trust = lambda ip, user, port=22: "%s@%s" % (user, ip) in req["trust"]
                mod.exec_on = lambda ip, cmd, user=None, **kw: (
                    (0, req.get("hostnames", {}).get(ip, "?") + "\n") if cmd == "hostname" else (0, "1000\n"))
            os.environ.update(req.get("env", {}))
            buf = io.StringIO()
            rc = 0
            with contextlib.redirect_stdout(buf):
                try:
                    rc = mod.main(req["argv"]) or 0
                except OmError as e:
                    print(str(e))
                    rc = e.code
            print(json.dumps({"ok": True, "rc": rc, "text": buf.getvalue()}))
            return
        if req["op"] == "ca-prompt":
            # the CA prompts answered from a list: which prompts were asked, what was printed
            import contextlib
            import io
            from afostandin import passwords
            answers = list(req["answers"])
            asked = []

            def ask(prompt):
                asked.append(prompt)
                if not answers:
                    raise OmError("no more answers")
                return answers.pop(0)
            passwords._ask = ask
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                try:
                    from afostandin import tool_cm_install  # noqa: F401 (the prompt cm_install uses)
                    passwords.prompt_twice_then_check("Please input the password for ca cert:",
                                                      "Please input the password for ca cert again:",
                                                      passwords.ca_password_problem, "The password is inconsistent.")
                except (OmError, AttributeError) as e:
                    print(str(e))
            print(json.dumps({"ok": True, "results": asked, "text": buf.getvalue()}))
            return
        if req["op"] == "ssh-argv":
            # the ssh command line a tool uses to reach another node
            from afostandin import remote
            remote.is_local_ip = lambda ip: False
            print(json.dumps({"ok": True, "results": remote.command_for(req["ip"], "true")}))
            return
        if req["op"] == "psql-cwd":
            # pg.psql run from req.cwd with a psql that prints its working directory
            from afostandin import pg
            pg.pgbin = lambda name: req["psql"]
            os.chdir(req["cwd"])
            rc, o = pg.psql({"paths": {"tmpPath": "/tmp"}, "user": "omm"}, {"port": 1}, "select 1")
            print(json.dumps({"ok": True, "rc": rc, "text": o}))
            return
        if req["op"] == "xml":
            print(json.dumps({"ok": True, "cluster": xmlconf.parse_xml_text(req["text"].encode())}))
            return
        if req["op"] == "gsctl":
            st = req["state"]
            print(json.dumps({"ok": True, "text": query.format_query("[ts][1][][gs_ctl]: ", req["dir"], st)}))
            return
        c = req["cluster"]
        gathered = [(dn,) + gs_ctl_output(dn, st) for dn, st in zip(c["dns"], req["states"])]
        if req["layout"] == "A":
            text, _ = status.render_a(c, gathered)
        else:
            cms = [(n, s) for n, s in zip(c["nodes"], req["cms"])]
            text, _ = status.render_cm(c, gathered, cms, with_port=req["layout"] == "C")
        print(json.dumps({"ok": True, "text": text}))
    except OmError as e:
        print(json.dumps({"ok": False, "error": str(e)}))


main()
