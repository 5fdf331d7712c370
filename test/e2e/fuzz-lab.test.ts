/**
 * The lab part of the fuzz test (issue 12): known-bad group_vars, -e values and roles, seeded
 * (AFO_FUZZ_SEED), through `afo deploy -y`, `afo deploy --check` and `afo play --check` against
 * two lab hosts: each is refused cleanly (see test/fuzz/oracle.ts) and nothing changed on any
 * host — /etc, users, groups, the kernel settings deploy writes, THP, swap, crontabs, /opt and
 * /home, the time zone and host name, and no file anywhere newer than the start of the cases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { labCases } from '../fuzz/cases.js';
import { pool, runProcess } from '../fuzz/drive.js';
import { replay, verdict } from '../fuzz/oracle.js';
import { fuzzSeed } from '../fuzz/rng.js';
import { inventoryText, labDown, labUp, sh } from './helpers.js';

const SEED = fuzzSeed();
const CASES = 30;
const MARK = '/run/afo-fuzz-mark';

/** What afo deploy or a role could change on a host, as text (compared before and after). */
const SNAPSHOT = `{ find /etc -xdev -type f -exec md5sum {} + 2>/dev/null | sort -k2; getent passwd; getent group;
  sysctl -a 2>/dev/null | grep -E '^(net\\.ipv4\\.tcp_|net\\.core\\.(somaxconn|rmem|wmem)|kernel\\.(sem|shm|msg)|vm\\.(swappiness|overcommit|min_free))';
  cat /sys/kernel/mm/transparent_hugepage/enabled /proc/swaps; crontab -l 2>&1; ls -la /opt /home /var/spool/cron 2>&1;
  readlink /etc/localtime; hostname; ls -la /tmp; }`;

/** Files changed since the mark, but for what any SSH login writes (sshd's log, login records). */
const NEWER = `find / -xdev -newer ${MARK} -not -path '/proc/*' -not -path '/run' -not -path '/var/log/sshd.log' -not -path '/var/log/lastlog' -not -path '/var/log/wtmp' -not -path '/var/log/btmp' 2>/dev/null | sort`;

let lab: Lab;
const root = mkdtempSync(join(tmpdir(), 'afo-fuzz-lab-'));

beforeAll(async () => {
  lab = await labUp(2, ['openeuler20.03']);
});

afterAll(async () => {
  if (lab) await labDown(lab);
  rmSync(root, { recursive: true, force: true });
});

describe(`afo fuzz against lab hosts (seed ${SEED})`, () => {
  it(`${CASES} known-bad inputs are refused and change nothing on any host`, async () => {
    const [h1, h2] = lab.hosts;
    const inventory = inventoryText(lab, { primary: h1!.ip, standby: [h2!.ip] });
    const cases = labCases(SEED, root, inventory, CASES);
    expect(cases.length).toBe(CASES);
    const snapshot = async () => Promise.all(lab.hosts.map(async (h) => (await sh(lab, h.name, SNAPSHOT)).out));
    for (const h of lab.hosts) await sh(lab, h.name, `touch ${MARK}`);
    const before = await snapshot();

    const results = await pool(cases, 2, (c) => runProcess(c, { timeoutMs: 60_000, home: lab.dir }));
    const bad = cases.flatMap((c, i) => {
      const v = verdict(c, results[i]!);
      return v === undefined ? [] : [`${replay(c)}\n  ${v}`];
    });
    expect(bad.join('\n\n')).toBe('');

    const after = await snapshot();
    lab.hosts.forEach((h, i) => {
      const was = new Set(before[i]!.split('\n'));
      const now = new Set(after[i]!.split('\n'));
      expect({ host: h.name, gone: [...was].filter((l) => !now.has(l)), new: [...now].filter((l) => !was.has(l)) }).toEqual({
        host: h.name,
        gone: [],
        new: [],
      });
    });
    for (const h of lab.hosts) expect({ host: h.name, newer: (await sh(lab, h.name, NEWER)).out.trim() }).toEqual({ host: h.name, newer: '' });
  });
});
