"""gsql over psql: -d -p -U -W -h -c -f -t -A -q -x -F -o -v; -r and -m are accepted and ignored.

Without -h it uses $PGHOST (the cluster's unix socket dir, tmpMppdbPath), as gsql does.
"""
import os

from .common import PG_BIN, OmError

VALUED = {"-d": "-d", "-p": "-p", "-U": "-U", "-h": "-h", "-c": "-c", "-f": "-f", "-F": "-F", "-o": "-o",
          "-v": "-v", "-P": "-P"}
FLAGS = {"-t": "-t", "-A": "-A", "-q": "-q", "-x": "-x", "-X": "-X", "-e": "-e", "-a": "-a"}
IGNORED = {"-r", "-m", "-n"}


def main(argv):
    out, env, i, has_host = [os.path.join(PG_BIN, "psql")], dict(os.environ), 0, False
    while i < len(argv):
        a = argv[i]
        if a in ("-V", "--version"):
            print("gsql (openGauss %s build afo-standin) compiled at 2023-03-30 00:00:00 commit 0 last mr"
                  % os.environ.get("GAUSS_VERSION", "5.0.0"))
            return 0
        key, val = a[:2], a[2:]
        if a == "-W" or (key == "-W" and val):
            if not val:
                i += 1
                val = argv[i] if i < len(argv) else ""
            env["PGPASSWORD"] = val
        elif key in VALUED:
            if not val:
                i += 1
                if i >= len(argv):
                    raise OmError("gsql: option requires an argument -- '%s'" % key[1])
                val = argv[i]
            out += [VALUED[key], val]
            has_host = has_host or key == "-h"
        elif a in FLAGS:
            out.append(FLAGS[a])
        elif a in IGNORED or a.startswith("--"):
            if a.startswith("--") and a not in ("--no-readline",):
                out.append(a)
        elif a.startswith("-") and all(("-" + ch) in FLAGS or ("-" + ch) in IGNORED for ch in a[1:]):
            out += [FLAGS["-" + ch] for ch in a[1:] if ("-" + ch) in FLAGS]
        else:
            out.append(a)
        i += 1
    if not has_host and env.get("PGHOST"):
        out += ["-h", env["PGHOST"]]
    os.execve(out[0], out, env)
