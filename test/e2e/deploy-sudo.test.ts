/**
 * afo deploy as most sites run it: a non-root SSH user with a password, sudo asking for its
 * password (typed once with -K), and hosts whose keys are not yet in known_hosts. An unknown key
 * is refused until --accept-new-host-keys records it; the sudo password never shows up in the
 * output, the log directory or the report.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { afoDeploy, changedPerHost, filesUnder, inventoryDir, labDown, labUp, standinPackage, writeInventory, type AfoRun } from './helpers.js';

let lab: Lab;
let inv: string;
let knownHosts: string;
let pkg: string;

beforeAll(async () => {
  pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  lab = await labUp(2, ['openeuler20.03']);
  knownHosts = join(inventoryDir(lab, 'sudo'), 'known_hosts');
  writeFileSync(knownHosts, '');
  inv = writeInventory(lab, 'sudo', { primary: lab.hosts[0]!.ip, standby: [lab.hosts[1]!.ip] }, [
    `ansible_ssh_user=${lab.sudoUser}`,
    `ansible_ssh_pass=${lab.sudoPassword}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes'`,
  ]);
});

afterAll(async () => {
  await labDown(lab);
});

const text = (r: AfoRun) => `${r.stdout}\n${r.stderr}`;

describe('afo deploy with a sudo user, -K and new host keys', () => {
  it('refuses hosts whose keys are unknown, saying how to accept them, and records nothing', async () => {
    const r = await afoDeploy(['-i', inv, '--check', '--package', pkg]);
    expect(r.code).not.toBe(0);
    expect(text(r)).toContain('is not known');
    expect(text(r)).toContain('--accept-new-host-keys');
    expect(readFileSync(knownHosts, 'utf8')).toBe('');
  });

  it('--accept-new-host-keys records the keys; without a sudo password the run stops', async () => {
    const r = await afoDeploy(['-i', inv, '--check', '--accept-new-host-keys', '--package', pkg]);
    expect(r.code).not.toBe(0);
    expect(text(r)).toContain('asks for a password and none was given');
    // recorded the way this machine's ssh would (hashed where HashKnownHosts is on): ask ssh-keygen
    for (const h of lab.hosts) expect(spawnSync('ssh-keygen', ['-F', h.ip, '-f', knownHosts]).status, h.ip).toBe(0);
  });

  let first: AfoRun;
  it('-K: the password typed once installs the cluster through sudo', async () => {
    first = await afoDeploy(['-i', inv, '-K', '--package', pkg], `${lab.sudoPassword}\n`);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(readFileSync(first.result!.reportPaths.json, 'utf8'));
    expect(report.status.datanodes.map((d: { role: string; state: string }) => `${d.role} ${d.state}`)).toEqual(['Primary Normal', 'Standby Normal']);
  });

  it('the sudo password is in no output, log or report', () => {
    const logDir = first.result!.report.logDir;
    const files = [...filesUnder(logDir), ...filesUnder(dirname(first.result!.reportPaths.md))];
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) expect(f.text.includes(lab.sudoPassword), f.path).toBe(false);
    expect(text(first).includes(lab.sudoPassword)).toBe(false);
  });

  it('a second -K run changes nothing', async () => {
    const again = await afoDeploy(['-i', inv, '-K', '--package', pkg], `${lab.sudoPassword}\n`);
    expect(again.code, again.stderr).toBe(0);
    expect(changedPerHost(again.events)).toEqual(Object.fromEntries(lab.hosts.map((h) => [h.ip, 0])));
  });
});
