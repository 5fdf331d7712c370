/**
 * The settings schema (issue 12): every afo setting is checked before any connection; unknown
 * names get "did you mean", values their type, template errors and per-host values of
 * cluster-wide settings name the file.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDeploy } from '../../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/run.js';
import { secret, ignored } from '../../../../src/opengauss/deploy/setting-rules.js';
import { settingRules } from '../../../../src/opengauss/deploy/schema.js';

/** An inventory folder (loopback addresses: nothing is contacted) with these files. */
function inventory(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'afo-schema-'));
  const all = { 'hosts.ini': '[opengauss_primary]\n127.0.0.11\n[opengauss_standby]\n127.0.0.12\n', ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return join(dir, 'hosts.ini');
}

const plan = (inv: string, extraVars: Record<string, unknown> = {}) => planDeploy({ inventoryPath: inv, extraVars, roleDefaults: loadDefaults() });

describe('deploy settings are a schema, checked before any connection', () => {
  it('the bundled defaults pass', async () => {
    await expect(plan(inventory())).resolves.toBeDefined();
  });

  it.each([
    ['opengauss_env: {dataPortbase: 16000}\n', /group_vars\/all\.yml: unknown setting 'opengauss_env\.dataPortbase' \(did you mean 'dataPortBase'\?\)/],
    ['opengauss_paths: {datapath: /x}\n', /unknown setting 'opengauss_paths\.datapath' \(did you mean 'dataPath'\?\)/],
    ['opengauss_verison: 5.0.0\n', /unknown setting 'opengauss_verison' \(did you mean 'opengauss_version'\?\)/],
    ['opengauss_env: {dataPortBase: true}\n', /opengauss_env\.dataPortBase must be an integer, got true/],
    ['opengauss_env: {dataPortBase: [15400]}\n', /opengauss_env\.dataPortBase must be an integer, got \[15400\]/],
    ['opengauss_env: {dataPortBase: 70000}\n', /opengauss_env\.dataPortBase must be between 1 and 65535/],
    ['opengauss_env: {clusterName: "a\\u0001b"}\n', /opengauss_env\.clusterName must be a name/],
    ['opengauss_env: {user_name: "omm;id"}\n', /opengauss_env\.user_name must be a user name/],
    ['opengauss_env: {user_name: root}\n', /opengauss_env\.user_name must not be root/],
    ['opengauss_version: ../../etc\n', /opengauss_version must be a supported openGauss version/],
    ['opengauss_upload_path: "/opt/a b"\n', /opengauss_upload_path must be an absolute path/],
    ['opengauss_upload_path: "/opt/$(id)"\n', /opengauss_upload_path must be an absolute path/],
    ['opengauss_upload_path: opt/relative\n', /opengauss_upload_path must be an absolute path/],
    ['opengauss_paths: {dataPath: "/data/a,b"}\n', /opengauss_paths\.dataPath must be an absolute path .*no spaces, quotes, \$, commas/],
    ['opengauss_paths: {dataPath: "/data/{{ typo }}"}\n', /group_vars\/all\.yml: opengauss_paths: 'typo' is undefined/],
    ['opengauss_home: "{{ nope }}"\n', /group_vars\/all\.yml: opengauss_home: 'nope' is undefined/],
    ['opengauss_sysctl: {"net.x": "1; reboot"}\n', /opengauss_sysctl\.net\.x must be a sysctl value/],
  ])('group_vars %j is refused', async (text, message) => {
    await expect(plan(inventory({ 'group_vars/all.yml': text }))).rejects.toThrow(message);
  });

  it('names of your own are allowed when listed in afo_extra_settings', async () => {
    const inv = inventory({
      'group_vars/all.yml': 'afo_extra_settings: [opengauss_my_comment, opengauss_env.myKey]\nopengauss_my_comment: hi\nopengauss_env: {myKey: 1}\n',
    });
    await expect(plan(inv)).resolves.toBeDefined();
  });

  it("the Ansible original's names (cmServerPortStandby, og_expansion, ogengauss_dl_server) are accepted", async () => {
    const inv = inventory({
      'group_vars/all.yml': 'opengauss_env: {cmServerPortStandby: 15800}\nog_expansion: false\nogengauss_dl_server: https://x.example\n',
    });
    await expect(plan(inv)).resolves.toBeDefined();
  });

  it('a per-host value of a cluster-wide setting is an error naming the host_vars file', async () => {
    const inv = inventory({ 'host_vars/127.0.0.12.yml': 'opengauss_env: {dataPortBase: 16000}\n' });
    await expect(plan(inv)).rejects.toThrow(
      /host_vars\/127\.0\.0\.12\.yml: opengauss_env is a cluster-wide setting, but host 127\.0\.0\.12 gets its own value/,
    );
    const line = inventory({ 'hosts.ini': '[opengauss_primary]\n127.0.0.11 opengauss_home=/srv/og\n[opengauss_standby]\n127.0.0.12\n' });
    await expect(plan(line)).rejects.toThrow(/hosts\.ini:2 \(host line\): opengauss_home is a cluster-wide setting/);
  });

  it('a per-host value of a per-host setting (sysctl) is fine', async () => {
    await expect(plan(inventory({ 'host_vars/127.0.0.12.yml': 'opengauss_sysctl: {net.ipv4.tcp_retries1: 6}\n' }))).resolves.toBeDefined();
  });

  it('-e values are checked too, and named as -e', async () => {
    await expect(plan(inventory(), { opengauss_prot: 1 })).rejects.toThrow(/- -e: unknown setting 'opengauss_prot'/);
  });

  // Anything that reaches a remote shell or the XML is refused when it holds quotes, spaces, $()
  // or a newline; secrets reach the host on stdin or over a PTY, never in argv (docs/architecture.md §8).
  const hostile = `a'b "c" $(touch /tmp/pwned)\nd`;
  const checked = settingRules().filter(([, rule]) => rule !== ignored && rule(hostile) === undefined);
  it('every setting refuses a value with quotes, spaces, $() and a newline (secrets aside)', () => {
    expect(checked.filter(([name]) => !/pass$/.test(name))).toEqual([]);
    expect(settingRules().length).toBeGreaterThan(30);
    expect(secret('plain-Pass1')).toBeUndefined();
  });

  it.each(settingRules().filter(([name, rule]) => rule !== ignored && !/pass$/.test(name)))('%s: a hostile value is refused by afo config', async (name) => {
    const [top, sub] = name.split('.') as [string, string | undefined];
    const value = sub === undefined ? hostile : { [sub]: hostile };
    await expect(plan(inventory(), { [top]: value })).rejects.toThrow(new RegExp(`-e: ${name.replace('.', '\\.')} `));
  });
});
