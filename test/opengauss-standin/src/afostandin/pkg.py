"""The unpacked package directory (<upload>): version.cfg and the member tarballs (docs/opengauss.md §6)."""
import glob
import hashlib
import os

from .common import OmError


def version(pkg_dir):
    """'5.0.0' from version.cfg's first line ('openGauss-5.0.0')."""
    p = os.path.join(pkg_dir, "version.cfg")
    try:
        with open(p) as f:
            first = f.readline().strip()
    except OSError:
        raise OmError("[GAUSS-50201] : The %s does not exist." % p)
    return first.split("-", 1)[1] if "-" in first else first


def _one(pkg_dir, patterns, what):
    for pat in patterns:
        hits = sorted(glob.glob(os.path.join(pkg_dir, pat)))
        if hits:
            return hits[0]
    raise OmError("[GAUSS-50201] : The %s package (%s) does not exist in %s." % (what, " or ".join(patterns), pkg_dir))


def server_tarball(pkg_dir):
    return _one(pkg_dir, ["openGauss-Server-*.tar.bz2", "openGauss-*-64bit.tar.bz2"], "server")


def cm_tarball(pkg_dir):
    return _one(pkg_dir, ["openGauss-CM-*.tar.gz", "openGauss-*-64bit-cm.tar.gz"], "CM")


def sha_file(tarball):
    base = tarball
    for ext in (".tar.bz2", ".tar.gz"):
        if base.endswith(ext):
            base = base[: -len(ext)]
    return base + ".sha256"


def verify(tarball):
    """Compare with the .sha256 beside it; an empty .sha256 (as the 6.0 CM listing has) is tolerated."""
    sf = sha_file(tarball)
    try:
        want = open(sf).read().split()
    except OSError:
        raise OmError("[GAUSS-50201] : The %s does not exist." % sf)
    if not want:
        return
    h = hashlib.sha256()
    with open(tarball, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    if h.hexdigest() != want[0]:
        raise OmError("[GAUSS-51635] : The sha256 value of %s is different from %s." % (tarball, sf))
