/**
 * How the stand-in's tools reach other nodes and run PostgreSQL clients, as OM's do: remote calls
 * time out when a node's host stops mid-run (ConnectTimeout, ServerAlive), and psql runs from a
 * directory the cluster user can read, so that a tool started from root's home prints no
 * "could not change directory" warning.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { py } from './py.js';

describe('stand-in remote calls and clients', () => {
  it('ssh to another node gives up on a stopped host: ConnectTimeout and ServerAlive options', () => {
    const argv = py({ op: 'ssh-argv', ip: '127.0.0.9' }).results as string[];
    const opts = argv.flatMap((a, i) => (argv[i - 1] === '-o' ? [a] : []));
    expect(opts).toEqual(expect.arrayContaining(['BatchMode=yes', 'ConnectTimeout=10', 'ServerAliveInterval=5', 'ServerAliveCountMax=3']));
  });

  it("psql runs from the user's home or /tmp, not from the caller's working directory", () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-psql-cwd-'));
    const psql = join(dir, 'psql');
    writeFileSync(psql, '#!/bin/sh\npwd\n');
    chmodSync(psql, 0o755);
    const r = py({ op: 'psql-cwd', psql, cwd: dir });
    expect(r.rc).toBe(0);
    expect([homedir(), '/tmp']).toContain(r.text!.trim());
  });
});
