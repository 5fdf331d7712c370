"""`gs_ctl query`: the HA state of the local DN, read from real PostgreSQL views and printed in
openGauss's block format (docs/opengauss.md §5.7), plus the parser the status code uses on it."""
import os
import re
import subprocess

from . import pg

KEYW = 31
STATE_MAP = {"streaming": "Streaming", "catchup": "Catchup", "startup": "Startup", "backup": "Backup"}
SYNC_MAP = {"async": "Async", "sync": "Sync", "potential": "Potential", "quorum": "Quorum"}


def _rows(cluster, dn, sql):
    rc, o = pg.psql(cluster, dn, sql)
    if rc != 0:
        return None
    return [l.split("|") for l in o.splitlines() if l.strip()]


def _letter_of_ip(cluster, ip):
    for d in cluster["dns"]:
        if d["ip"] == ip:
            return d["letter"]
    return None


def _percent(done, total):
    t, d = pg.lsn_int(total), pg.lsn_int(done)
    if t == 0 or d >= t:
        return "100%"
    return "%d%%" % int(d * 100 / t)


def _local_port_to(ip, port):
    try:
        o = subprocess.run(["ss", "-Htn", "state", "established", "dst", "%s:%s" % (ip, port)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        for line in o.splitlines():
            parts = line.split()
            if len(parts) >= 3:
                return parts[2].rsplit(":", 1)[1]
    except (OSError, IndexError):
        pass
    return "0"


def collect(cluster, dn):
    """State of the local DN, or None when it is not reachable (stopped or not answering)."""
    rec = _rows(cluster, dn, "select pg_is_in_recovery()")
    if not rec:
        return None
    in_recovery = rec[0][0] == "t"
    ha_port = dn["port"] + 1
    st = {"senders": [], "receiver": None, "static_connections": len(cluster["dns"]) - 1}
    senders = _rows(cluster, dn, "select pid, client_addr, coalesce(client_port,0), state, sent_lsn, write_lsn, "
                    "flush_lsn, replay_lsn, sync_state, sync_priority from pg_stat_replication "
                    "order by application_name") or []
    for s in senders:
        pid, addr, cport, state, sent, write, flush, replay, sync, prio = (s + [""] * 10)[:10]
        st["senders"].append([
            ("sender_pid", pid), ("local_role", None), ("peer_role",
                                                        "Cascade Standby" if _letter_of_ip(cluster, addr) == "C" else "Standby"),
            ("peer_state", "Normal" if state == "streaming" else STATE_MAP.get(state, "Unknown")),
            ("state", STATE_MAP.get(state, "Unknown")),
            ("sender_sent_location", sent), ("sender_write_location", sent), ("sender_flush_location", sent),
            ("sender_replay_location", sent), ("receiver_received_location", write),
            ("receiver_write_location", write), ("receiver_flush_location", flush),
            ("receiver_replay_location", replay), ("sync_percent", _percent(flush, sent)),
            ("sync_state", SYNC_MAP.get(sync, "Async")), ("sync_priority", prio or "0"),
            ("sync_most_available", "Off"),
            ("channel", "%s:%d-->%s:%s" % (dn["ip"], ha_port, addr, cport)),
        ])
    if not in_recovery:
        role = "Normal" if len(cluster["dns"]) == 1 else "Primary"
        st.update(local_role=role, db_state="Normal", detail_information="Normal")
        if role == "Normal":
            st["static_connections"] = 0
    else:
        role = "Cascade Standby" if dn["letter"] == "C" else "Standby"
        st["local_role"] = role
        r = _rows(cluster, dn, "select pid, status, sender_host, sender_port, coalesce(written_lsn::text,''), "
                  "coalesce(flushed_lsn::text,''), coalesce(latest_end_lsn::text,''), "
                  "coalesce(pg_last_wal_replay_lsn()::text,'') from pg_stat_wal_receiver")
        if r and r[0][1] == "streaming":
            pid, status, shost, sport, written, flushed, latest, replay = (r[0] + [""] * 8)[:8]
            flushed = flushed or replay
            written = written or flushed
            latest = latest or written
            st.update(db_state="Normal", detail_information="Normal")
            st["receiver"] = [
                ("receiver_pid", pid), ("local_role", role),
                ("peer_role", "Primary" if role == "Standby" else "Standby"),
                ("peer_state", "Normal"), ("state", "Normal"),
                ("sender_sent_location", latest), ("sender_write_location", latest),
                ("sender_flush_location", latest), ("sender_replay_location", latest),
                ("receiver_received_location", written), ("receiver_write_location", written),
                ("receiver_flush_location", flushed), ("receiver_replay_location", replay),
                ("sync_percent", _percent(flushed, latest)),
                ("channel", "%s:%s<--%s:%d" % (dn["ip"], _local_port_to(shost, sport), shost, int(sport or 0) + 1)),
            ]
        else:
            st.update(db_state="Need repair", detail_information="Disconnected")
    for s in st["senders"]:
        s[1] = ("local_role", st["local_role"])
    return st


def _block(pairs):
    return "".join("\t%-*s: %s\n" % (KEYW, k, v) for k, v in pairs)


def format_query(prefix, data_dir, st):
    outp = prefix + "gs_ctl query ,datadir is %s\n" % data_dir
    outp += " HA state:\n" + _block([("local_role", st["local_role"]),
                                     ("static_connections", st["static_connections"]),
                                     ("db_state", st["db_state"]),
                                     ("detail_information", st["detail_information"])])
    outp += "\n Senders info:\n"
    outp += "\n".join(_block(s) for s in st["senders"]) if st["senders"] else "No information\n"
    outp += " Receiver info:\n"
    outp += _block(st["receiver"]) if st["receiver"] else "No information\n"
    return outp


def format_stopped(prefix, data_dir):
    return (prefix + "gs_ctl query ,datadir is %s\n" % data_dir
            + prefix + " PID file \"%s\" does not exist\n" % os.path.join(data_dir, "postmaster.pid")
            + prefix + "Is server running?\n")


def parse_query(text):
    """First HA-state values of a gs_ctl query output: local_role, db_state, detail_information."""
    out = {}
    for key in ("local_role", "static_connections", "db_state", "detail_information"):
        m = re.search(r"^\s*%s\s*:\s*(.+?)\s*$" % key, text, re.M)
        if m:
            out[key] = m.group(1)
    return out
