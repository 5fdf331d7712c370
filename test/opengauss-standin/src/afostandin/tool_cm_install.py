"""cm_install -X XMLFILE [-e envFile] --cmpkg=CM_TARBALL (cluster user, cwd <app>/tool/cm_tool).

Adds the CM to a running cluster. Preconditions as the CM source checks them (docs/opengauss.md §1.3,
§5.9): the cluster is Normal (or all DNs stopped), exactly one primary, and the primary's term is
non-zero and maximal. The stand-in's term is the PostgreSQL timeline: a never-switched cluster
is on timeline 1, which counts as "invalid", so cm_install needs a switchover and back first.
"""
import os
import subprocess
import sys

from . import cluster as cl
from . import cm, passwords, status, xmlconf
from .common import OmError, is_root, out, parse_opts
from .remote import check_on, exec_on, parallel, write_file

SPEC = {"-X": "value", "-e": "value", "--cmpkg": "value", "-h": "flag", "--help": "flag"}


def app_path():
    gh = os.environ.get("GAUSSHOME")
    if gh:
        return gh
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(sys.argv[0]))))


def same_topology(old, new):
    key = lambda c: [(d["instanceId"], d["name"], d["ip"], d["port"], d["dataDir"]) for d in c["dns"]]
    return key(old) == key(new) and [n["name"] for n in old["nodes"]] == [n["name"] for n in new["nodes"]]


def check_cluster(c):
    rows = [status.cm_role_state(rc, o) for _, rc, o in status.gather(c)]
    if all(r == "Down" for r, _ in rows):
        return
    state = status.cluster_state(rows)
    prim = [r for r, _ in rows if r == "Primary"]
    if len(prim) != 1:
        raise OmError("The number of primary is invalid.")
    if state == "Unavailable":
        raise OmError("The cluster is unavailable currently.")
    if state != "Normal":
        raise OmError("Cluster is running but its status is abnormal.")


def check_term(c):
    cfg = cl.static_path(c["paths"]["appPath"])

    def tl(dn):
        rc, o = exec_on(dn["ip"], "%s/bin/gs_standin_local timeline %s %d" % (c["paths"]["appPath"], cfg,
                                                                            dn["instanceId"]), c["user"])
        try:
            return int(o.strip())
        except ValueError:
            return 0
    gathered = status.gather(c)
    terms = parallel(lambda g: (status.cm_role_state(g[1], g[2])[0], tl(g[0])), gathered)
    prim = [t for r, t in terms if r == "Primary"]
    others = [t for r, t in terms if r != "Primary"]
    if not prim or prim[0] <= 1 or any(t > prim[0] for t in others):
        raise OmError("Term of primary is invalid or not maximal.")


def check_crontab(c):
    def one(n):
        rc, o = exec_on(n["sshIp"], "crontab -l", c["user"])
        if rc != 0:
            raise OmError("[GAUSS-50804] : Failed to obtain the crontab of user %s on %s. Error: %s"
                          % (c["user"], n["name"], o.strip()))
    parallel(one, c["nodes"])


def copy_to_gphome(c, cmpkg):
    """cm_install copies the CM tarball into $GPHOME as the cluster user: a stale copy there that the
    user does not own (e.g. left by root) cannot be replaced, and the install fails (real OM does too)."""
    import pwd
    import shutil
    dest = os.path.join(c["paths"]["toolPath"], os.path.basename(cmpkg))
    if os.path.exists(dest):
        try:
            uid = pwd.getpwnam(c["user"]).pw_uid
        except KeyError:
            uid = os.getuid()
        if os.stat(dest).st_uid != uid:
            raise OmError("[GAUSS-50206] : Failed to copy the CM package to %s: Permission denied "
                          "(a stale copy owned by another user is in the way)." % dest)
    if os.path.abspath(dest) != cmpkg:
        shutil.copyfile(cmpkg, dest)


def main(argv):
    opts, _ = parse_opts(argv, SPEC)
    if is_root():
        raise OmError("[GAUSS-50105] : Cannot run this script as a user with the root permission.")
    if not opts.get("-X") or not opts.get("--cmpkg"):
        raise OmError("Usage: cm_install -X XMLFILE [-e envFile] --cmpkg=cmpkgPath")
    out("Start to install cm tool.")
    old = cl.load(app_path())
    # CM's own order: an installed CM is an error exit before the XML is read (docs/opengauss.md §5.9)
    if old.get("cm"):
        raise OmError("CM exists in current cluster.")
    new_parsed = xmlconf.parse_xml_file(opts["-X"])
    if not new_parsed["cm"]:
        raise OmError("There is no CM configuration in the XML file %s." % opts["-X"])
    if not same_topology(old, new_parsed):
        raise OmError("The nodes and instances of the XML file do not match the current cluster.")
    cmpkg = os.path.abspath(opts["--cmpkg"])
    if not os.path.isfile(cmpkg):
        raise OmError("The CM package %s does not exist." % cmpkg)
    if old["version"] not in os.path.basename(cmpkg):
        raise OmError("The version of the CM package %s does not match the cluster version %s."
                      % (os.path.basename(cmpkg), old["version"]))
    copy_to_gphome(old, cmpkg)
    out("Start to check cluster status.")
    check_cluster(old)
    check_term(old)
    check_crontab(old)
    out("Start to create CM certs.")
    passwords.prompt_twice_then_check("Please input the password for ca cert:",
                                      "Please input the password for ca cert again:",
                                      passwords.ca_password_problem, mismatch="The password is inconsistent.")
    new = dict(old, cm=new_parsed["cm"], nodes=new_parsed["nodes"])
    app = new["paths"]["appPath"]

    def prepare(n):
        check_on(n["sshIp"], "mkdir -p %s/cm_server %s/cm_agent %s/share/sslcert/cm %s && tar -xzf %s -C %s"
                 % (n["cmDir"], n["cmDir"], app, os.path.join(new["paths"]["logPath"], new["user"], "cm", "cm_tool"),
                    cmpkg, app), new["user"], what="unpack the CM package")
        write_file(n["sshIp"], "%s/share/sslcert/cm/cacert.pem" % app,
                   "stand-in CA certificate (no real TLS)\n", user=new["user"], mode="0600")
    # the CM tarball must exist at the same path on every node: copy it if needed
    for n in new["nodes"]:
        if not cl.is_local_ip(n["sshIp"]):
            rc, _ = exec_on(n["sshIp"], "test -f %s" % cmpkg, new["user"])
            if rc != 0:
                with open(cmpkg, "rb") as f:
                    data = f.read()
                p = subprocess.run(["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                                    "%s@%s" % (new["user"], n["sshIp"]), "mkdir -p %s && cat > %s"
                                    % (os.path.dirname(cmpkg), cmpkg)], input=data, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
                if p.returncode != 0:
                    raise OmError("Failed to send the CM package to %s." % n["name"])
    out("Start to install CM on all nodes.")
    parallel(prepare, new["nodes"])
    env = dict(os.environ, GAUSSHOME=app)
    gs_om = os.path.join(new["paths"]["toolPath"], "script", "gs_om")
    p = subprocess.run([gs_om, "-t", "generateconf", "-X", opts["-X"], "--distribute"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        raise OmError("Failed to generate the static configuration: %s" % p.stdout)
    cm.install_cron(new)
    out("Start to start CM.")
    cm.start_servers(new)
    p = subprocess.run([gs_om, "-t", "refreshconf"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if p.returncode != 0:
        raise OmError("Failed to refresh the dynamic configuration: %s" % p.stdout)
    out("Install CM tool success.")
    return 0
