"""gs_sshexkey -f HOSTFILE [--skip-hostname-set] [-l LOGFILE]: mutual SSH trust for the current
user among the hosts of HOSTFILE (one IP per line), asking the user's password once at
`Please enter password for current user[USER].` The password reaches ssh through SSH_ASKPASS
(environment), never argv; afterwards every host reaches every other with the same key pair."""
import getpass
import os
import shutil
import subprocess
import tempfile

from .common import OmError, current_user, out, parse_opts
from .remote import has_trust, parallel

SPEC = {"-f": "value", "-h": "value", "--skip-hostname-set": "flag", "-l": "value"}


def _hosts(opts):
    if opts.get("-f"):
        try:
            with open(opts["-f"]) as f:
                return [l.strip() for l in f if l.strip() and not l.startswith("#")]
        except OSError as e:
            raise OmError("[GAUSS-50201] : The %s does not exist or is not readable: %s" % (opts["-f"], e))
    if opts.get("-h"):
        return [h.strip() for h in opts["-h"].split(",") if h.strip()]
    raise OmError("[GAUSS-50001] : Incorrect parameter. Parameter '-f' is required.")


def _with_password(host, cmd, data, password, askpass):
    env = dict(os.environ, SSH_ASKPASS=askpass, SSH_ASKPASS_REQUIRE="force", DISPLAY=":0",
               AFO_STANDIN_SSHPASS=password)
    argv = ["ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
            "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=8", host, cmd]
    p = subprocess.run(argv, input=data, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       start_new_session=True)
    if p.returncode != 0:
        raise OmError("[GAUSS-51632] : Failed to create the SSH trust to %s: %s"
                      % (host, p.stdout.decode(errors="replace").strip()))


def main(argv):
    opts, _ = parse_opts(argv, SPEC)
    hosts = _hosts(opts)
    user = current_user()
    out("Please enter password for current user[%s]." % user)
    password = getpass.getpass("Password: ")
    out("Checking network information.")
    out("Successfully checked network information.")
    out("Creating SSH trust.")
    ssh_dir = os.path.expanduser("~/.ssh")
    key = os.path.join(ssh_dir, "id_rsa")
    os.makedirs(ssh_dir, mode=0o700, exist_ok=True)
    out("Creating the local key file.")
    if not os.path.exists(key):
        subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-N", "", "-f", key], check=True)
    out("Successfully created the local key files.")
    priv, pub = open(key, "rb").read(), open(key + ".pub", "rb").read()
    tmp = tempfile.mkdtemp(prefix="gs_sshexkey-")
    try:
        askpass = os.path.join(tmp, "askpass")
        with open(askpass, "w") as f:
            f.write("#!/bin/sh\nprintf '%s\\n' \"$AFO_STANDIN_SSHPASS\"\n")
        os.chmod(askpass, 0o700)
        out("Appending authorized_key on the remote node.")
        install = ("umask 077; mkdir -p ~/.ssh && cat > ~/.ssh/.afo_in && head -c %d ~/.ssh/.afo_in > ~/.ssh/id_rsa && "
                   "tail -c +%d ~/.ssh/.afo_in > ~/.ssh/id_rsa.pub && rm ~/.ssh/.afo_in && touch ~/.ssh/authorized_keys && "
                   "(grep -qF \"$(cat ~/.ssh/id_rsa.pub)\" ~/.ssh/authorized_keys || cat ~/.ssh/id_rsa.pub >> "
                   "~/.ssh/authorized_keys) && printf 'Host *\\n  StrictHostKeyChecking no\\n' > ~/.ssh/config && "
                   "chmod 600 ~/.ssh/*" % (len(priv), len(priv) + 1))
        parallel(lambda h: _with_password(h, install, priv + pub, password, askpass), hosts)
        out("Successfully appended authorized_key on all remote node.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out("Verifying SSH trust on all hosts.")
    bad = [h for h, ok in zip(hosts, parallel(lambda h: has_trust(h, user), hosts)) if not ok]
    if bad:
        raise OmError("[GAUSS-51632] : Failed to verify the SSH trust to %s." % ",".join(bad))
    out("Successfully verified SSH trust on all hosts.")
    out("Successfully created SSH trust.")
    return 0
