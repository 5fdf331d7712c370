"""gs_preinstall -U USER -G GROUP -X XMLFILE [--non-interactive] [--sep-env-file=FILE] [-L] ... (root).

Validates the XML, requires root SSH trust to every node, creates user/group/dirs everywhere,
copies the package dir to the same path on every node and the tools to $GPHOME, sets up the
user's trust, environment, /etc/hosts, OS parameters and THP.
"""
import json
import os
import shlex
import sys

from . import cluster as cl
from . import pkg, xmlconf
from .common import OmError, is_root, log_only, log_path, out, parse_opts, run, set_log_dir
from .remote import check_on, copy_tree, exec_on, has_trust, parallel

SPEC = {"-U": "value", "-G": "value", "-X": "value", "-L": "flag", "--non-interactive": "flag",
        "--sep-env-file": "value", "--skip-os-set": "flag", "--skip-hostname-set": "flag", "-l": "value",
        "--env-var": "multi", "--unused-third-party": "flag", "--delete-root-trust": "flag",
        "--enable-perf-config": "flag", "--one-stop-install": "flag"}


def pkg_dir_of_tool():
    return os.path.dirname(os.path.dirname(os.path.realpath(sys.argv[0])))


def check_trust(nodes, user, fix_hint):
    trusted = parallel(lambda n: has_trust(n["sshIp"], user, n["sshPort"]), nodes)
    missing = [n["sshIp"] for n, t in zip(nodes, trusted) if not t]
    if missing:
        raise OmError("[GAUSS-51632] : Failed to do the SSH trust check for [%s] to %s. %s"
                      % (user, ",".join(missing), fix_hint))


def ensure_user(nodes, user, group):
    script = ("getent group {g} >/dev/null || groupadd {g}; "
              "if id -u {u} >/dev/null 2>&1; then [ \"$(id -gn {u})\" = {g} ] || "
              "{{ echo 'GAUSS-50305: The user {u} is not in the group {g}.'; exit 3; }}; "
              "else useradd -m -g {g} -s /bin/bash {u}; fi").format(u=shlex.quote(user), g=shlex.quote(group))
    parallel(lambda n: check_on(n["sshIp"], script, "root", what="create user %s" % user), nodes)


def make_dirs(c, nodes, user, group):
    p = c["paths"]
    log = os.path.join(p["logPath"], user)

    def one(n):
        dirs = [p["appPath"], p["toolPath"], p["tmpPath"], log] + [os.path.join(log, s) for s in
                                                                  ("om", "pg_log", "bin", "cm", "pg_audit")]
        if p.get("corePath"):
            dirs.append(p["corePath"])
        dn = cl.dn_of(c, n["name"])
        if dn:
            dirs.append(dn["dataDir"])
            parent = os.path.dirname(dn["dataDir"])
            if parent.count("/") >= 3:  # e.g. /opt/openGauss/data: the user also creates cm/ there
                dirs.append(parent)
        if n.get("cmDir"):
            dirs.append(n["cmDir"])
        q = " ".join(shlex.quote(d) for d in dirs)
        check_on(n["sshIp"], "mkdir -p %s && chown %s:%s %s && chmod 700 %s" % (
            q, user, group, q, shlex.quote(p["tmpPath"])), "root", what="create cluster paths")
    parallel(one, nodes)


def user_trust(nodes, user):
    """OM asks for passwords here in interactive mode; root trust lets us do it without."""
    if all(parallel(lambda n: has_trust(n["sshIp"], user, n["sshPort"]), nodes)):
        return
    out("Creating SSH trust for [%s]." % user)
    home = os.path.expanduser("~" + user)
    key = os.path.join(home, ".ssh", "id_ed25519")
    if not os.path.exists(key):
        run(["runuser", "-u", user, "--", "bash", "-c",
             "mkdir -p ~/.ssh && chmod 700 ~/.ssh && ssh-keygen -q -t ed25519 -N '' -C %s@standin -f ~/.ssh/id_ed25519"
             % user])
    priv, pub = open(key).read(), open(key + ".pub").read().strip()
    script = ("h=$(getent passwd {u} | cut -d: -f6); mkdir -p $h/.ssh; cat > $h/.ssh/id_ed25519; "
              "echo {pub} > $h/.ssh/id_ed25519.pub; touch $h/.ssh/authorized_keys; "
              "grep -qF {pubq} $h/.ssh/authorized_keys || echo {pub} >> $h/.ssh/authorized_keys; "
              "printf 'Host *\\n  StrictHostKeyChecking no\\n  UserKnownHostsFile /dev/null\\n  LogLevel ERROR\\n'"
              " > $h/.ssh/config; chmod 700 $h/.ssh; chmod 600 $h/.ssh/*; chown -R {u}: $h/.ssh"
              ).format(u=user, pub=shlex.quote(pub), pubq=shlex.quote(pub))
    parallel(lambda n: check_on(n["sshIp"], script, "root", what="set up trust", input=priv), nodes)
    check_trust(nodes, user, "Creating the trust failed.")
    out("Successfully created SSH trust for [%s]." % user)


def distribute(c, nodes, pkg_dir, user, group):
    tool = c["paths"]["toolPath"]
    server = pkg.server_tarball(pkg_dir)
    members = [server, pkg.sha_file(server)]
    try:
        cmt = pkg.cm_tarball(pkg_dir)
        members += [cmt, pkg.sha_file(cmt)]
    except OmError:
        pass
    out("Begin to distribute package to tool path.")
    for n in nodes:
        if not cl.is_local_ip(n["sshIp"]):
            copy_tree(pkg_dir, n["sshIp"], pkg_dir, "root")
    if os.path.realpath(pkg_dir) == os.path.realpath(tool):
        parallel(lambda n: check_on(n["sshIp"], "chown -R %s:%s %s" % (user, group, shlex.quote(tool)), "root"), nodes)
        out("Successfully distribute package to tool path.")
        return
    files = " ".join(shlex.quote(os.path.basename(m)) for m in members if os.path.exists(m))
    cmd = ("cd {p} && cp -rf script version.cfg {t}/ && cp -f {f} {t}/ && "
           "(cp -rf lib {t}/ 2>/dev/null || true) && chown -R {u}:{g} {p} {t}").format(
        p=shlex.quote(pkg_dir), t=shlex.quote(tool), f=files, u=user, g=group)
    parallel(lambda n: check_on(n["sshIp"], cmd, "root", what="install tools to %s" % tool), nodes)
    out("Successfully distribute package to tool path.")


def run_local_steps(c, nodes, opts, user, group):
    cfg = {"user": user, "group": group,
           "envLines": cl.env_lines(c, user, opts.get("--sep-env-file"), 1),
           "envFile": opts.get("--sep-env-file"),
           "hosts": [[n["backIp"], n["name"]] for n in c["nodes"]],
           "skipHostname": bool(opts.get("--skip-hostname-set")), "skipOs": bool(opts.get("--skip-os-set"))}
    helper = os.path.join(c["paths"]["toolPath"], "script", "gs_standin_preinstall_local")
    warnings = []

    def one(n):
        o = check_on(n["sshIp"], "python3 %s" % helper, "root", what="preinstall on %s" % n["name"],
                     input=json.dumps(cfg))
        warnings.extend("%s: %s" % (n["name"], l) for l in o.splitlines() if l.startswith("WARNING"))
    parallel(one, nodes)
    return warnings


def main(argv):
    opts, _ = parse_opts(argv, SPEC)
    if not is_root():
        raise OmError("[GAUSS-50104] : Only a user with the root permission can run this script.")
    for k in ("-U", "-G", "-X"):
        if not opts.get(k):
            raise OmError("[GAUSS-50001] : Incorrect parameter. Parameter '%s' is required." % k)
    user, group = opts["-U"], opts["-G"]
    if user == "root":
        raise OmError("[GAUSS-50301] : The cluster user can not be root.")
    out("Parsing the configuration file.")
    pkg_dir = pkg_dir_of_tool()
    c = cl.from_xml(xmlconf.parse_xml_file(opts["-X"]), pkg.version(pkg_dir), user, group)
    server = pkg.server_tarball(pkg_dir)
    pkg.verify(server)
    out("Successfully parsed the configuration file.")
    set_log_dir(os.path.join(c["paths"]["logPath"], user, "om"))
    nodes = c["nodes"]
    if opts.get("-L"):
        nodes = [n for n in nodes if cl.is_local_ip(n["sshIp"])]
    if opts.get("--sep-env-file") and not os.path.isabs(opts["--sep-env-file"]):
        raise OmError("[GAUSS-50213] : The --sep-env-file must be an absolute path.")
    check_trust(nodes, "root", "Please create the trust for root first (gs_sshexkey), or run without "
                               "--non-interactive." if opts.get("--non-interactive") else
                "Please create the trust for root first.")
    names = parallel(lambda n: exec_on(n["sshIp"], "hostname", "root")[1].strip(), nodes)
    for n, h in zip(nodes, names):
        if h != n["name"]:
            raise OmError("[GAUSS-51226] : The hostname [%s] of %s is not the name [%s] in the XML file."
                          % (h, n["sshIp"], n["name"]))
    out("Installing the tools on the local node.")
    ensure_user(nodes, user, group)
    make_dirs(c, nodes, user, group)
    out("Successfully installed the tools on the local node.")
    out("Distributing package.")
    distribute(c, nodes, pkg_dir, user, group)
    out("Successfully distributed package.")
    out("Installing the tools in the cluster.")
    user_trust(nodes, user)
    out("Successfully installed the tools in the cluster.")
    for a, b in (("Checking hostname mapping.", "Successfully checked hostname mapping."),
                 ("Checking OS software.", "Successfully check os software."),
                 ("Checking OS version.", "Successfully checked OS version."),
                 ("Creating cluster's path.", "Successfully created cluster's path.")):
        out(a)
        out(b)
    out("Set and check OS parameter.")
    out("Setting OS parameters.")
    warnings = run_local_steps(c, nodes, opts, user, group)
    out("Successfully set OS parameters.")
    if warnings:
        for w in warnings:
            log_only("WARNING: " + w)
        out("Warning: Installation environment contains some warning messages.")
        out("Please get more details in %s." % log_path())
    out("Set and check OS parameter completed.")
    for a, b in (("Preparing CRON service.", "Successfully prepared CRON service."),
                 ("Setting user environmental variables.", "Successfully set user environmental variables."),
                 ("Setting the dynamic link library.", "Successfully set the dynamic link library."),
                 ("Setting Core file", "Successfully set core path."),
                 ("Setting pssh path", "Successfully set pssh path."),
                 ("Set ARM Optimization.", "No need to set ARM Optimization."),
                 ("Fixing server package owner.", "Successfully fixed server package owner."),
                 ("Setting finish flag.", "Successfully set finish flag.")):
        out(a)
        out(b)
    out("Preinstallation succeeded.")
    return 0
