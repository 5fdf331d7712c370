"""The stand-in CM: one small cm_server process per node (it holds the CM port, so cm_ctl sees
it up or down), CM directories, the CM binaries unpacked from the CM tarball. Each cm_server runs
the arbiter (cm_arbiter.py): a failover by majority when the primary's host is down, and the
restart of its own node's DN after a crash."""
import fcntl
import os
import signal
import socket
import sys
import tarfile
import time

from .common import OmError
from .remote import check_on, exec_on, parallel


MANUAL_STOP = "cm_server.manually_stopped"


def server_dir(node):
    return os.path.join(node["cmDir"], "cm_server")


def start_servers(cluster, by_monitor=False):
    """cm_ctl start clears a manual stop; om_monitor (by_monitor) respects one, checked by the
    server itself under the directory's lock, so a `cm_server --stop` racing it always wins."""
    app = cluster["paths"]["appPath"]

    def one(n):
        clear = "" if by_monitor else "rm -f %s/%s && " % (server_dir(n), MANUAL_STOP)
        cmd = ("mkdir -p %s %s && %sif ! %s/bin/cm_server --check --dir %s; then setsid nohup "
               "%s/bin/cm_server --port %d --dir %s%s >/dev/null 2>&1 </dev/null & fi; sleep 0.3"
               % (server_dir(n), os.path.join(n["cmDir"], "cm_agent"), clear, app, server_dir(n), app,
                  n["cmPort"], server_dir(n), " --monitor" if by_monitor else ""))
        check_on(n["sshIp"], cmd, user=cluster["user"], what="start cm_server")
    parallel(one, cluster["nodes"])


def stop_servers(cluster):
    app = cluster["paths"]["appPath"]
    parallel(lambda n: exec_on(n["sshIp"], "%s/bin/cm_server --stop --dir %s" % (app, server_dir(n)),
                               user=cluster["user"]), cluster["nodes"])


def unpack_cm(cmpkg, app_path):
    try:
        with tarfile.open(cmpkg) as t:
            t.extractall(app_path)
    except (OSError, tarfile.TarError) as e:
        raise OmError("[GAUSS-50217] : Failed to decompress the CM package %s: %s" % (cmpkg, e))


def _pid(d):
    try:
        with open(os.path.join(d, "cm_server.pid")) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            if os.fsencode(d) not in f.read():
                return None  # a stale pid file after the host restarted: the pid is another process's
        with open("/proc/%d/stat" % pid) as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                return None  # exited, not yet reaped by its parent
        return pid
    except (OSError, ValueError, IndexError):
        return None


def _lock(d):
    """The server directory's lock: held while stopping, and while starting until the pid file
    is written. Released when the returned file is closed."""
    f = open(os.path.join(d, "cm_server.lock"), "a")
    fcntl.flock(f, fcntl.LOCK_EX)
    return f


def server_main(argv, arbitrate=False):
    """cm_server --port P --dir D [--monitor] | --check --dir D | --stop --dir D
    arbitrate: run the arbiter thread (the installed binary does; the unit test's bare server not)."""
    by_monitor = "--monitor" in argv
    argv = [a for a in argv if a != "--monitor"]
    args = dict(zip(argv[::2], argv[1::2])) if "--check" not in argv and "--stop" not in argv else {}
    d = argv[argv.index("--dir") + 1]
    if "--check" in argv:
        return 0 if _pid(d) else 1
    lock = _lock(d)
    if "--stop" in argv:
        open(os.path.join(d, MANUAL_STOP), "w").close()  # om_monitor leaves it stopped
        pid = _pid(d)
        if pid:
            os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                if not _pid(d):
                    break
                time.sleep(0.1)
        lock.close()
        return 0
    if (by_monitor and os.path.exists(os.path.join(d, MANUAL_STOP))) or _pid(d):
        lock.close()
        return 0
    port = int(args["--port"])
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("0.0.0.0", port))
    except OSError as e:
        print("cm_server: port %d: %s" % (port, e), file=sys.stderr)
        return 1
    s.listen(16)
    with open(os.path.join(d, "cm_server.pid"), "w") as f:
        f.write(str(os.getpid()))
    lock.close()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if arbitrate:
        from . import cm_arbiter
        cm_arbiter.start(d)
    while True:
        c, _ = s.accept()
        c.close()


def install_cron(cluster):
    """Per-minute om_monitor job for the cluster user on every node (replacing older om_monitor lines)."""
    app = cluster["paths"]["appPath"]
    log = os.path.join(cluster["paths"]["logPath"], cluster["user"], "cm", "om_monitor")
    line = "*/1 * * * * source ~/.bashrc;nohup %s/bin/om_monitor -L %s >>/dev/null 2>&1 &" % (app, log)
    cmd = "(crontab -l 2>/dev/null | grep -v om_monitor; echo '%s') | crontab -" % line
    parallel(lambda n: check_on(n["sshIp"], cmd, user=cluster["user"], what="crontab om_monitor"), cluster["nodes"])


def monitor_main(argv):
    """om_monitor (from cron): start this node's cm_server when it is not running."""
    from . import cluster as cl
    app = os.path.dirname(os.path.dirname(os.path.realpath(sys.argv[0])))
    c = cl.load(app)
    if not c.get("cm"):
        return 0
    me = socket.gethostname()
    mine = [n for n in c["nodes"] if n["name"] == me
            and not os.path.exists(os.path.join(server_dir(n), MANUAL_STOP))]
    if mine:
        start_servers(dict(c, nodes=mine), by_monitor=True)
    return 0
