"""Shared helpers of the openGauss stand-in: call log, errors, output, local commands.

Every tool entry point calls `start_tool()` first, which appends one JSON line (argv as given,
user, time, host) to the call log, so tests can prove what reached a command line.
"""
import datetime
import json
import os
import pwd
import socket
import subprocess
import sys
import time

CALL_LOG_DIR = os.environ.get("AFO_STANDIN_CALL_LOG_DIR", "/var/log/afo-standin")
CALL_LOG = os.path.join(CALL_LOG_DIR, "calls.log")
PG_BIN = os.environ.get("AFO_STANDIN_PG_BIN", "/usr/lib/postgresql/15/bin")


class OmError(Exception):
    """A failure the tool reports as one message and a non-zero exit."""

    def __init__(self, message, code=1):
        super().__init__(message)
        self.code = code


def current_user():
    return pwd.getpwuid(os.geteuid()).pw_name


def is_root():
    return os.geteuid() == 0


def client_cwd():
    """A working directory the current user can read: its home, else /tmp. PostgreSQL clients
    resolve their own path from the cwd and warn ("could not change directory to /root") when a
    tool runs them as the cluster user from root's home."""
    try:
        home = pwd.getpwuid(os.geteuid()).pw_dir
    except KeyError:
        home = ""
    return home if home and os.path.isdir(home) and os.access(home, os.R_OK | os.X_OK) else "/tmp"


def log_call(tool, argv):
    entry = {
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"),
        "host": socket.gethostname(),
        "tool": tool,
        "argv": list(argv),
        "user": current_user(),
        "uid": os.geteuid(),
        "cwd": os.getcwd() if os.path.exists(".") else "",
        "pid": os.getpid(),
    }
    try:
        if not os.path.isdir(CALL_LOG_DIR):
            os.makedirs(CALL_LOG_DIR, exist_ok=True)
            os.chmod(CALL_LOG_DIR, 0o1777)
        fd = os.open(CALL_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        if is_root():
            os.fchmod(fd, 0o666)
        with os.fdopen(fd, "a") as f:
            f.write(json.dumps(entry) + "\n")
    except OSError:
        # A non-root first caller cannot create the log dir; gs_preinstall (root) creates it.
        pass


LOGGED_TOOLS = ("gs_preinstall", "gs_install", "gs_expansion", "gs_dropnode", "gs_uninstall", "gs_om",
                "cm_install")
_log = {"dir": None, "lines": [], "name": "tool.log"}


def set_log_dir(path):
    """Where the tool's log goes (OM: <gaussdbLogPath>/<user>/om, cm_install: $GAUSSLOG/cm/cm_tool)."""
    _log["dir"] = path


def log_path():
    return os.path.join(_log["dir"], _log["name"]) if _log["dir"] else None


def log_only(line):
    """A detail for the tool's log file, not for the terminal."""
    _log["lines"].append(line + "\n")


def _write_tool_log(tool, rc):
    d = _log["dir"] or (os.path.join(os.environ["GAUSSLOG"], "cm/cm_tool" if tool == "cm_install" else "om")
                        if os.environ.get("GAUSSLOG") else None)
    if not d or tool not in LOGGED_TOOLS:
        return
    try:
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, _log["name"]), "a") as f:
            f.write("".join(_log["lines"]) + "[exit %s]\n" % rc)
    except OSError:
        pass


def run_tool(tool, main):
    """Entry-point wrapper: log the call, run main(argv), map OmError to exit codes, write the
    tool's own log (what it printed) like OM does."""
    try:
        os.getcwd()
    except OSError:
        os.chdir("/")
    log_call(tool, sys.argv)
    _log["name"] = "%s-%s.log" % (tool, time.strftime("%Y-%m-%d_%H%M%S"))
    rc = 0
    try:
        rc = main(sys.argv[1:]) or 0
    except OmError as e:
        sys.stdout.flush()
        print(str(e), file=sys.stderr if tool in ("gs_ctl",) else sys.stdout)
        _log["lines"].append(str(e) + "\n")
        rc = e.code
    except KeyboardInterrupt:
        rc = 130
    sys.stdout.flush()
    _write_tool_log(tool, rc)
    sys.exit(rc)


def out(line=""):
    print(line, flush=True)
    _log["lines"].append(line + "\n")


def run(cmd, check=True, input=None, env=None, timeout=None, shell=None):
    """Run a local command; return (rc, combined output)."""
    if shell is None:
        shell = isinstance(cmd, str)
    p = subprocess.run(cmd, shell=shell, input=input, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env=env, timeout=timeout,
                       executable="/bin/bash" if shell else None)
    if check and p.returncode != 0:
        raise OmError("[GAUSS-51400] : Failed to execute the command: %s. Error:\n%s"
                      % (cmd if isinstance(cmd, str) else " ".join(cmd), p.stdout.strip()))
    return p.returncode, p.stdout


def gs_log_prefix(tool="gs_ctl"):
    now = datetime.datetime.now()
    return "[%s.%03d][%d][][%s]: " % (now.strftime("%Y-%m-%d %H:%M:%S"), now.microsecond // 1000,
                                       os.getpid(), tool)


def wait_until(fn, timeout, interval=0.3):
    deadline = time.time() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.time() >= deadline:
            return v
        time.sleep(interval)


def parse_opts(argv, spec):
    """Tiny getopt: spec maps option -> 'flag' | 'value' | 'multi'. Accepts --opt=v and --opt v."""
    opts, rest, i = {}, [], 0
    while i < len(argv):
        a = argv[i]
        name, val = a, None
        if a.startswith("--") and "=" in a:
            name, val = a.split("=", 1)
        elif a.startswith("-") and not a.startswith("--") and len(a) > 2 and a[:2] in spec \
                and spec[a[:2]] != "flag":
            name, val = a[:2], a[2:]
        if name in spec:
            kind = spec[name]
            if kind == "flag":
                opts[name] = True
            else:
                if val is None:
                    i += 1
                    if i >= len(argv):
                        raise OmError("[GAUSS-50004] : The parameter '%s' requires a value." % name)
                    val = argv[i]
                if kind == "multi":
                    opts.setdefault(name, []).append(val)
                else:
                    opts[name] = val
        elif a.startswith("-") and a != "-":
            raise OmError("[GAUSS-50000] : Unrecognized parameter: %s." % a)
        else:
            rest.append(a)
        i += 1
    return opts, rest
