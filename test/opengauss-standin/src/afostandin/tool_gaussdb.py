"""gaussdb: `-V` prints an openGauss-style version; anything else runs the PostgreSQL server."""
import os
import sys

from .common import PG_BIN


def version():
    d = os.path.dirname(os.path.realpath(sys.argv[0]))
    try:
        with open(os.path.join(d, "version.cfg")) as f:
            return f.readline().strip().split("-", 1)[-1]
    except OSError:
        return "5.0.0"


def main(argv):
    if argv[:1] in (["-V"], ["--version"]):
        print("gaussdb (openGauss %s build afo-standin) compiled at 2023-03-30 00:00:00 commit 0 last mr"
              % version())
        return 0
    os.execv(os.path.join(PG_BIN, "postgres"), [os.path.join(PG_BIN, "postgres")] + argv)
