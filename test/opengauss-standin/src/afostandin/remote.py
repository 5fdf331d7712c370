"""Running commands on cluster nodes: locally, or over SSH with key trust only (BatchMode).

Like OM, the tools never ask for a password to reach another node: missing trust is an error.
"""
import concurrent.futures
import shlex
import subprocess

from .cluster import is_local_ip
from .common import OmError, current_user, is_root

SSH_OPTS = ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=5",
            "-o", "ServerAliveCountMax=3"]
# OM's remote calls time out when a node stops mid-run (its host gone); without ServerAlive an
# established ssh to a stopped host would hang the tool for ever.


def _as_user(cmd, user):
    return "cd / && runuser -u %s -- bash -c %s" % (user, shlex.quote(cmd))


def command_for(ip, cmd, user=None, port=22):
    """argv that runs shell `cmd` on ip as user (default: the current user)."""
    me = current_user()
    user = user or me
    if is_local_ip(ip):
        if user == me:
            return ["bash", "-c", cmd]
        if is_root():
            return ["bash", "-c", _as_user(cmd, user)]
        raise OmError("[GAUSS-50104] : Only root can run commands as %s." % user)
    if user == me or not is_root():
        return ["ssh"] + SSH_OPTS + ["-p", str(port), "%s@%s" % (user, ip), cmd]
    return ["ssh"] + SSH_OPTS + ["-p", str(port), "root@%s" % ip, _as_user(cmd, user)]


def exec_on(ip, cmd, user=None, input=None, timeout=None, port=22):
    """Run and return (rc, output). Never raises for a non-zero exit."""
    argv = command_for(ip, cmd, user, port)
    try:
        p = subprocess.run(argv, input=input, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=timeout, stdin=None if input is not None else subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return 124, "timed out after %ss: %s" % (timeout, cmd)
    return p.returncode, p.stdout


def check_on(ip, cmd, user=None, what=None, input=None, timeout=None):
    rc, o = exec_on(ip, cmd, user, input=input, timeout=timeout)
    if rc != 0:
        raise OmError("[GAUSS-51400] : Failed to execute the command on %s: %s. Error:\n%s"
                      % (ip, what or cmd, o.strip()))
    return o


def has_trust(ip, user, port=22):
    """True when `user` (from here, as the current user or via root) reaches ip without a password."""
    if is_local_ip(ip) and user == current_user():
        pass  # OM still checks ssh to itself; so do we
    argv = ["ssh"] + SSH_OPTS + ["-p", str(port), "%s@%s" % (user, ip), "true"]
    if user != current_user() and is_root():
        argv = ["runuser", "-u", user, "--"] + argv
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       stdin=subprocess.DEVNULL, cwd="/")
    return p.returncode == 0


def copy_tree(src_dir, ip, dest_dir, user=None):
    """Copy a directory's contents to the same/another path on ip (tar over ssh)."""
    cmd = "mkdir -p %s && tar -C %s -xf -" % (shlex.quote(dest_dir), shlex.quote(dest_dir))
    argv = command_for(ip, cmd, user)
    tar = subprocess.Popen(["tar", "-C", src_dir, "-cf", "-", "."], stdout=subprocess.PIPE)
    p = subprocess.run(argv, stdin=tar.stdout, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tar.stdout.close()
    tar.wait()
    if p.returncode != 0 or tar.returncode != 0:
        raise OmError("[GAUSS-50214] : Failed to copy %s to %s:%s. Error:\n%s" % (src_dir, ip, dest_dir, p.stdout))


def write_file(ip, path, content, user=None, mode="0644"):
    cmd = "umask 077 && cat > %s.tmp && chmod %s %s.tmp && mv -f %s.tmp %s" % (
        (shlex.quote(path),) + (mode,) + (shlex.quote(path),) * 3)
    check_on(ip, cmd, user, what="write %s" % path, input=content)


def parallel(fn, items):
    """Run fn over items concurrently; return results in order; re-raise the first OmError."""
    items = list(items)
    if not items:
        return []
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(8, len(items))) as ex:
        futs = [ex.submit(fn, it) for it in items]
        results, err = [], None
        for f in futs:
            try:
                results.append(f.result())
            except OmError as e:
                err = err or e
                results.append(None)
        if err:
            raise err
        return results
