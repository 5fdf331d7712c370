"""gs_expansion -U USER -G GROUP -X XMLFILE -h ip1,ip2 [-L] [--time-out=SECS] (root, or the user with -L).

Adds standbys (built from the current primary) and cascades (from a Normal standby in their AZ)
to the running cluster; the installed nodes in the XML must equal the static config.
"""
import os
import shlex

from . import cluster as cl
from . import cm, status, xmlconf
from .common import OmError, is_root, out, parse_opts, set_log_dir
from .remote import exec_on, has_trust, parallel, write_file
from .tool_gs_install import install_app, local_cmd
from .tool_gs_preinstall import distribute, make_dirs, pkg_dir_of_tool, run_local_steps

SPEC = {"-U": "value", "-G": "value", "-X": "value", "-h": "value", "-L": "flag", "--time-out": "value",
        "-l": "value"}


def merge(old, parsed):
    """New static config: installed DNs keep their ids/letters; the XML must describe them unchanged."""
    olds = old["dns"]
    if [d["name"] for d in parsed["dns"][:len(olds)]] != [d["name"] for d in olds]:
        raise OmError("[GAUSS-35702] : The installed nodes in the XML file (in order) differ from the static "
                      "configuration: %s vs %s." % ([d["name"] for d in parsed["dns"]], [d["name"] for d in olds]))
    for o, n in zip(olds, parsed["dns"]):
        for k in ("ip", "port", "dataDir"):
            if o[k] != n[k]:
                raise OmError("[GAUSS-35702] : The %s of installed node %s differs between the XML file (%s) and "
                              "the static configuration (%s)." % (k, o["name"], n[k], o[k]))
    if bool(old.get("cm")) != bool(parsed["cm"]):
        raise OmError("[GAUSS-35702] : The CM parameters of the XML file do not match the cluster (CM %s)."
                      % ("installed" if old.get("cm") else "not installed"))
    new = dict(old, nodes=parsed["nodes"], cm=parsed["cm"] or old.get("cm"))
    top = max(d["instanceId"] for d in olds)
    new["dns"] = list(olds) + [dict(d, instanceId=top + i + 1) for i, d in enumerate(parsed["dns"][len(olds):])]
    return new


def leave_out(old, new, hosts):
    """Real OM 5.0.0: XML nodes that are neither installed nor in -h (e.g. a cascade listed for a later
    step) are left out, with a note, and the expansion goes on without them."""
    extra = [d for d in new["dns"][len(old["dns"]):] if d["ip"] not in hosts]
    if not extra:
        return new
    out("The node ip %s will not be added to cluster." % [d["ip"] for d in extra])
    gone = {d["name"] for d in extra}
    nodes = [n for n in new["nodes"] if n["name"] not in gone]
    ids = {n["name"]: i + 1 for i, n in enumerate(nodes)}
    nodes = [dict(n, id=ids[n["name"]]) for n in nodes]
    top = max(d["instanceId"] for d in old["dns"])
    added = [d for d in new["dns"][len(old["dns"]):] if d["name"] not in gone]
    dns = list(old["dns"]) + [dict(d, instanceId=top + i + 1) for i, d in enumerate(added)]
    dns = [dict(d, nodeId=ids[d["name"]]) if "nodeId" in d else d for d in dns]
    return dict(new, nodes=nodes, dns=dns)


def check_trust(new, user):
    """OM checks SSH trust from here to every node of the XML, by its name and by its address, for
    root (when run as root) and for the cluster user (docs/opengauss.md §5.3)."""
    targets = [(n["name"], n["sshPort"]) for n in new["nodes"]] + [(n["sshIp"], n["sshPort"]) for n in new["nodes"]]
    pairs = [(who, t, port) for who in (["root"] if is_root() else []) + [user] for t, port in targets]
    ok = parallel(lambda p: has_trust(p[1], p[0], p[2]), pairs)
    for (who, t, _), good in zip(pairs, ok):
        if not good:
            raise OmError("[GAUSS-51632] : Failed to do the SSH trust check for [%s] to %s." % (who, t))


def check_new_hosts(new, hosts, user):
    names = {d["ip"]: d for d in new["dns"]}
    for ip in hosts:
        n = cl.node_by_ip(new, ip)
        if n is None or ip not in names:
            raise OmError("[GAUSS-35703] : The host %s is not a DN node in the XML file." % ip)
    check_trust(new, user)
    for ip in hosts:
        n = cl.node_by_ip(new, ip)
        rc, _ = exec_on(n["sshIp"], "id -u %s" % shlex.quote(user), "root" if is_root() else user)
        if rc != 0:
            raise OmError("[GAUSS-50300] : User %s does not exist on %s." % (user, ip))
        rc, o = exec_on(n["sshIp"], "hostname", "root" if is_root() else user)
        if rc != 0 or o.strip() != n["name"]:
            raise OmError("[GAUSS-51251] : The host name of %s is %s, but the XML file names it %s."
                          % (ip, o.strip() if rc == 0 else "unknown", n["name"]))


def check_env_and_host(parsed):
    """The cluster user's environment must be sourced (it must match the XML), and the tool runs on
    the XML's primary (the DEVICE holding dataNode1)."""
    want = {"GPHOME": parsed["paths"]["toolPath"], "GAUSSHOME": parsed["paths"]["appPath"],
            "PGHOST": parsed["paths"]["tmpPath"]}
    for k, v in want.items():
        got = os.environ.get(k)
        if got is None or os.path.normpath(got) != os.path.normpath(v):
            raise OmError("[GAUSS-51802] : The environment variable %s is %s, but the XML file says %s. "
                          "Source the environment file of the cluster user." % (k, got if got else "unset", v))
    prim = next((d for d in parsed["dns"] if d["letter"] == "P"), None)
    if prim is None or not cl.is_local_ip(prim["ip"]):
        raise OmError("[GAUSS-35704] : gs_expansion must be run on the primary node of the XML file (%s)."
                      % (prim["ip"] if prim else "none"))


def main(argv):
    opts, _ = parse_opts(argv, SPEC)
    for k in ("-U", "-G", "-X", "-h"):
        if not opts.get(k):
            raise OmError("[GAUSS-50001] : Incorrect parameter. Parameter '%s' is required." % k)
    user = opts["-U"]
    if not is_root() and not opts.get("-L"):
        raise OmError("[GAUSS-50104] : gs_expansion must run as root unless -L is given.")
    parsed = xmlconf.parse_xml_file(opts["-X"])
    check_env_and_host(parsed)
    old = cl.load(parsed["paths"]["appPath"])
    set_log_dir(os.path.join(parsed["paths"]["logPath"], user, "om"))
    out("Start expansion %s cluster manager component." % ("with" if old.get("cm") else "without"))
    new = merge(old, parsed)
    hosts = [h.strip() for h in opts["-h"].split(",") if h.strip()]
    installed_ips = {d["ip"] for d in old["dns"]}
    for h in hosts:
        if h in installed_ips:
            raise OmError("[GAUSS-35703] : The host %s is already in the cluster." % h)
    new = leave_out(old, new, hosts)
    check_new_hosts(new, hosts, user)
    new_dns = [d for d in new["dns"] if d["ip"] in hosts]
    new_nodes = [cl.node_by_ip(new, d["ip"]) for d in new_dns]
    gathered = status.gather(old)
    roles = {dn["instanceId"]: status.cm_role_state(rc, o) for dn, rc, o in gathered}
    prim = next((d for d in old["dns"] if roles[d["instanceId"]] == ("Primary", "Normal")), None)
    if prim is None:
        raise OmError("[GAUSS-35709] : The primary of the cluster is not Normal; expansion is not possible.")
    by_name = {n["name"]: n for n in new["nodes"]}
    for d in new_dns:
        if d["letter"] == "C" and not any(
                s["letter"] != "C" and by_name[s["name"]]["azName"] == by_name[d["name"]]["azName"]
                and (roles.get(s["instanceId"]) == ("Standby", "Normal") or s in new_dns) for s in new["dns"]):
            raise OmError("[GAUSS-35709] : The cascade %s needs a Normal standby in its AZ." % d["ip"])
    if not opts.get("-L"):
        out("Start to preinstall database on new nodes.")
        make_dirs(new, new_nodes, user, opts["-G"])
        distribute(new, new_nodes, pkg_dir_of_tool(), user, opts["-G"])
        run_local_steps(new, new_nodes, {"--sep-env-file": os.environ.get("MPPDB_ENV_SEPARATE_PATH")},
                        user, opts["-G"])
        for d in new_dns:
            out("Preinstall %s success" % d["ip"])
    out("Start to install database on new nodes.")
    cfg = os.path.join(new["paths"]["tmpPath"], ".standin_expansion_config.json")
    text = cl.dumps(new)
    parallel(lambda n: write_file(n["sshIp"], cfg, text, user=user, mode="0600"), new["nodes"])
    problems = []
    for d in new_dns:
        rc, o = exec_on(d["ip"], local_cmd(new, "check", cfg, d), user)
        if rc != 0:
            problems.append("%s: %s" % (d["ip"], o.strip()))
    if problems:
        raise OmError("[GAUSS-35710] : The new nodes are not ready:\n" + "\n".join(problems))
    new_app = dict(new, nodes=new_nodes)
    install_app(new_app, _server_tarball(new))
    for d in new_dns:
        out("%s install success." % d["ip"])
    out("Start to establish the relationship.")
    parallel(lambda d: exec_on(d["ip"], local_cmd(new, "hba", cfg, d), user), old["dns"])
    results = {}
    for d in sorted(new_dns, key=lambda x: x["letter"] == "C"):
        if d["letter"] == "C":
            az = by_name[d["name"]]["azName"]
            # a current Normal standby (the letter is the install-time role; roles move on switchover)
            up = next((s for s in new["dns"] if s["letter"] != "C" and by_name[s["name"]]["azName"] == az and
                       (roles.get(s["instanceId"]) == ("Standby", "Normal") or results.get(s["ip"]))), None)
        else:
            up = prim
        out("Start to build %s %s." % ("cascade standby" if d["letter"] == "C" else "standby", d["ip"]))
        rc, o = exec_on(d["ip"], local_cmd(new, "build", cfg, d, up["instanceId"]), user, timeout=1800) \
            if up else (1, "no upstream")
        results[d["ip"]] = rc == 0
        out("Build %s %s %s." % ("cascade standby" if d["letter"] == "C" else "standby", d["ip"],
                                 "success" if rc == 0 else "failed:\n" + o.strip()))
    out("Start to generate and send cluster static file.")
    final = dict(new, dns=[d for d in new["dns"] if d["ip"] not in results or results[d["ip"]]])
    final["nodes"] = [n for n in new["nodes"] if n["backIp"] not in results or results[n["backIp"]]]
    ftext = cl.dumps(final)
    parallel(lambda n: write_file(n["sshIp"], cl.static_path(final["paths"]["appPath"]), ftext, user=user,
                                  mode="0640"), final["nodes"])
    ok_nodes = [n for n in new_nodes if results.get(n["backIp"])]
    parallel(lambda n: exec_on(n["sshIp"], "for f in ~/.bashrc $MPPDB_ENV_SEPARATE_PATH; do [ -f $f ] && "
                                           "sed -i 's/^export GAUSS_ENV=.*/export GAUSS_ENV=2/' $f; done; true", user),
             ok_nodes)
    if final.get("cm") and ok_nodes:
        cmpkg = os.path.join(final["paths"]["toolPath"], os.path.basename(_cm_tarball(final)))
        parallel(lambda n: exec_on(n["sshIp"], "tar -xzf %s -C %s" % (cmpkg, final["paths"]["appPath"]), user),
                 ok_nodes)
        cm.start_servers(dict(final, nodes=ok_nodes))
        cm.install_cron(dict(final, nodes=ok_nodes))
    out("End to generate and send cluster static file.")
    out("")
    out("Expansion results:")
    for h in hosts:
        out("%s:\t%s" % (h, "Success" if results.get(h) else "Failure"))
    out("Expansion Finish.")
    return 0 if all(results.get(h) for h in hosts) else 1


def _server_tarball(c):
    from . import pkg
    return pkg.server_tarball(c["paths"]["toolPath"])


def _cm_tarball(c):
    from . import pkg
    return pkg.cm_tarball(c["paths"]["toolPath"])
