"""gs_install -X XMLFILE [--gsinit-parameter="..."] [--dn-guc="..."] [--time-out=SECS] (cluster user).

Initializes the primary with initdb, builds standbys from it and cascades from their standby
with pg_basebackup (real streaming replication), starts all; with CM params also the CM.
"""
import grp
import os
import shlex
import sys

from . import cluster as cl
from . import cm, passwords, pkg, xmlconf
from .common import OmError, current_user, is_root, out, parse_opts
from .remote import exec_on, has_trust, parallel, write_file

SPEC = {"-X": "value", "--gsinit-parameter": "multi", "--dn-guc": "multi", "--time-out": "value", "-l": "value",
        "--alarm-component": "value", "--enable-perf-config": "flag", "--dorado-cluster-mode": "value"}


def parse_gsinit(params):
    """--pwpasswd/-w and --locale/-E out of the --gsinit-parameter values; -A -D -U -C -X are ignored."""
    res = {"password": None, "locale": None}
    for p in params:
        for part in shlex.split(p) if not p.startswith(("--pwpasswd=", "-w=", "-w ")) else [p]:
            if part.startswith("--pwpasswd="):
                res["password"] = part.split("=", 1)[1]
            elif part.startswith("-w=") or part.startswith("-w "):
                res["password"] = part[3:]
            elif part.startswith("--locale="):
                res["locale"] = part.split("=", 1)[1]
    return res


def env_file():
    return os.environ.get("MPPDB_ENV_SEPARATE_PATH") or os.path.expanduser("~/.bashrc")


def tool_dir():
    return os.path.dirname(os.path.dirname(os.path.realpath(sys.argv[0])))


def local_cmd(c, action, cfg, dn, *args):
    return "python3 %s/script/gs_standin_local %s %s %d %s" % (
        c["paths"]["toolPath"], action, cfg, dn["instanceId"], " ".join(shlex.quote(str(a)) for a in args))


def check_preinstalled(c, user):
    trusted = parallel(lambda n: has_trust(n["sshIp"], user, n["sshPort"]), c["nodes"])
    bad_trust = [n["sshIp"] for n, t in zip(c["nodes"], trusted) if not t]
    if bad_trust:
        raise OmError("[GAUSS-51632] : Failed to do the SSH trust check for [%s] to %s." % (user, ",".join(bad_trust)))
    ef = env_file()

    def one(n):
        rc, _ = exec_on(n["sshIp"], "grep -q '^export GAUSS_ENV=' %s && grep -q '^export GAUSSHOME=%s$' %s"
                        % (ef, c["paths"]["appPath"], ef), user)
        return n["name"] if rc != 0 else None
    missing = [x for x in parallel(one, c["nodes"]) if x]
    if missing:
        raise OmError("[GAUSS-51805] : The environment variable [GAUSS_ENV] is not set on %s: run gs_preinstall "
                      "with this XML first." % ",".join(missing))


def check_env(c, cfg_path):
    text = cl.dumps(c)

    def one(dn):
        write_file(dn["ip"], cfg_path, text, user=c["user"], mode="0600")
        rc, o = exec_on(dn["ip"], local_cmd(c, "check", cfg_path, dn), c["user"])
        return ["%s: %s" % (dn["name"], l) for l in o.splitlines() if l.strip()] if rc != 0 else []
    problems = sum(parallel(one, c["dns"]), [])
    if problems:
        raise OmError("[GAUSS-51400] : The installation environment check failed:\n" + "\n".join(problems))


def install_app(c, server):
    cmd = "mkdir -p {a} && tar -xjf {t} -C {a} && cp -f {v} {a}/bin/ 2>/dev/null; true".format(
        a=shlex.quote(c["paths"]["appPath"]),
        t=shlex.quote(os.path.join(c["paths"]["toolPath"], os.path.basename(server))),
        v=shlex.quote(os.path.join(c["paths"]["toolPath"], "version.cfg")))

    def one(n):
        rc, o = exec_on(n["sshIp"], cmd, c["user"])
        if rc != 0:
            raise OmError("[GAUSS-50217] : Failed to decompress the server package on %s: %s" % (n["name"], o))
    parallel(one, c["nodes"])


def init_instances(c, cfg_path, password, gsinit, gucs):
    prim = next(d for d in c["dns"] if d["letter"] == "P")
    args = (["--locale", gsinit["locale"]] if gsinit["locale"] else []) + sum((["--dn-guc", g] for g in gucs), [])
    rc, o = exec_on(prim["ip"], local_cmd(c, "init", cfg_path, prim, *args), c["user"], input=password + "\n")
    if rc != 0:
        raise OmError(o.strip() or "[GAUSS-51615] : Failed to initialize the primary instance.")
    by_name = {n["name"]: n for n in c["nodes"]}

    def build(pair):
        dn, up = pair
        rc, o = exec_on(dn["ip"], local_cmd(c, "build", cfg_path, dn, up["instanceId"]), c["user"], timeout=1800)
        if rc != 0:
            raise OmError(o.strip() or "[GAUSS-51400] : Failed to build dn_%d." % dn["instanceId"])
    parallel(build, [(d, prim) for d in c["dns"] if d["letter"] == "S"])
    cascades = []
    for d in c["dns"]:
        if d["letter"] == "C":
            az = by_name[d["name"]]["azName"]
            up = next(s for s in c["dns"] if s["letter"] == "S" and by_name[s["name"]]["azName"] == az)
            cascades.append((d, up))
    parallel(build, cascades)


def finish_nodes(c, cmpkg):
    text = cl.dumps(c)
    app = c["paths"]["appPath"]
    ef = env_file()

    def one(n):
        write_file(n["sshIp"], cl.static_path(app), text, user=c["user"], mode="0640")
        exec_on(n["sshIp"], "sed -i 's/^export GAUSS_ENV=.*/export GAUSS_ENV=2/' %s" % ef, c["user"])
        if cmpkg:
            rc, o = exec_on(n["sshIp"], "tar -xzf %s -C %s" % (shlex.quote(cmpkg), shlex.quote(app)), c["user"])
            if rc != 0:
                raise OmError("[GAUSS-50217] : Failed to decompress the CM package on %s: %s" % (n["name"], o))
    parallel(one, c["nodes"])


def main(argv):
    opts, _ = parse_opts(argv, SPEC)
    if is_root():
        raise OmError("[GAUSS-50105] : Cannot run this script as a user with the root permission.")
    if not opts.get("-X"):
        raise OmError("[GAUSS-50001] : Incorrect parameter. Parameter '-X' is required.")
    user = current_user()
    group = grp.getgrgid(os.getgid()).gr_name
    gsinit = parse_gsinit(opts.get("--gsinit-parameter", []))
    if gsinit["password"] is not None:
        problem = passwords.db_password_problem(gsinit["password"], user)
        if problem:
            raise OmError("[GAUSS-50009] : " + problem)
    out("Parsing the configuration file.")
    tdir = tool_dir()
    c = cl.from_xml(xmlconf.parse_xml_file(opts["-X"]), pkg.version(tdir), user, group)
    if os.path.exists(cl.static_path(c["paths"]["appPath"])):
        raise OmError("[GAUSS-51806] : The cluster has been installed (%s exists)." % cl.static_path(c["paths"]["appPath"]))
    server = pkg.server_tarball(tdir)
    cmpkg = None
    if c["cm"]:
        cmpkg = os.path.join(c["paths"]["toolPath"], os.path.basename(pkg.cm_tarball(tdir)))
    out("Successfully checked gs_uninstall on every node.")
    out("Check preinstall on every node.")
    check_preinstalled(c, user)
    out("Successfully checked preinstall on every node.")
    out("Creating the backup directory.")
    out("Successfully created the backup directory.")
    out("begin deploy..")
    out("Installing the cluster.")
    out("begin prepare Install Cluster..")
    out("Checking the installation environment on all nodes.")
    cfg_path = os.path.join(c["paths"]["tmpPath"], ".standin_install_config.json")
    check_env(c, cfg_path)
    out("begin install Cluster..")
    out("Installing applications on all nodes.")
    install_app(c, server)
    out("Successfully installed APP.")
    out("begin init Instance..")
    out("encrypt cipher and rand files for database.")
    password = gsinit["password"]
    if password is None:
        password = passwords.prompt_twice("Please enter password for database:", "Please repeat for database:",
                                          lambda p: passwords.db_password_problem(p, user))
    out("begin to create CA cert files")
    out("The sslcert will be generated in %s/share/sslcert/om" % c["paths"]["appPath"])
    if not c["cm"]:
        out("NO cm_server instance, no need to create CA for CM.")
    else:
        out("Create CA files for cm beginning.")
        out("Create CA files for cm successfully.")
    out("Cluster installation is completed.")
    out("Configuring.")
    out("Deleting instances from all nodes.")
    out("Successfully deleted instances from all nodes.")
    out("Checking node configuration on all nodes.")
    out("Initializing instances on all nodes.")
    init_instances(c, cfg_path, password, gsinit, opts.get("--dn-guc", []))
    out("Updating instance configuration on all nodes.")
    out("Check consistence of memCheck and coresCheck on database nodes.")
    out("Configuring pg_hba on all nodes.")
    out("Configuration is completed.")
    finish_nodes(c, cmpkg)
    if c["cm"]:
        cm.start_servers(c)
        cm.install_cron(c)
    out("Starting cluster.")
    out("======================================================================")
    out("Successfully started primary instance. Wait for standby instance.")
    out("======================================================================")
    out(".")
    out("Successfully started cluster.")
    out("======================================================================")
    out("Successfully installed application.")
    out("end deploy..")
    return 0
