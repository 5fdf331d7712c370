/**
 * An inventory folder laid out as the Ansible original's (test/fixtures/ansible-original): its
 * group_vars with lookup('password') lines, its templates/cluster_config.xml.j2 shape, its
 * credentials files. `afo config` (planDeploy) takes it unchanged; the .j2 renders the same XML
 * as afo's own template; the original's password files are what afo's secrets file records.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planDeploy } from '../../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/run.js';
import { loadOrCreateSecrets } from '../../../../src/opengauss/secrets.js';
import { renderClusterConfigXml } from '../../../../src/opengauss/xml/render.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/ansible-original', import.meta.url));

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afo-original-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

describe("the Ansible original's inventory folder", () => {
  it('afo config takes it unchanged: settings from its variable names, passwords created once by its lookups', async () => {
    const dir = copy();
    const plan = await planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
    const s = plan.settings;
    expect([s.paths.gaussdbLogPath, s.mtu, s.timezone, s.pkgMirror?.replace]).toEqual([
      '/var/log/omm',
      8192,
      'Asia/Shanghai',
      'https://mirrors.example.org/openeuler',
    ]);
    const cred = (f: string) => join(dir, 'credentials', f);
    const root = readFileSync(cred('opengauss_root_pass'), 'utf8');
    expect(root).toMatch(/^[A-Za-z0-9]{16}\n$/);
    expect(s.given.root_pass).toBe(root.trim());
    expect(readFileSync(cred('opengauss_ca_file_pass'), 'utf8')).toMatch(/^[A-Za-z0-9]{8}\n$/);
    expect(readFileSync(cred('opengauss_omm_pass'), 'utf8')).toHaveLength(9);
    expect(['opengauss_root_pass', 'opengauss_ca_file_pass', 'opengauss_omm_pass'].map((f) => mode(cred(f)))).toEqual(['600', '600', '600']);
    // user_pass is the original's `lookup(...) | password_hash`: the OS user gets that hash
    expect(s.userHash).toMatch(/^\$6\$[^$]+\$[./A-Za-z0-9]{86}$/);
    expect(s.given.user_pass).toBeUndefined();
    // a second plan reuses the files
    const again = await planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
    expect(again.settings.given.root_pass).toBe(root.trim());
  });

  it('its templates/cluster_config.xml.j2 (with lookup("template") parts) is picked and renders the XML afo renders', async () => {
    const dir = copy();
    const plan = await planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
    const ours = await renderClusterConfigXml(plan.model);
    expect(plan.xml).toBe(ours);
    expect(plan.xml).toContain('<PARAM name="cascadeRole" value="on"/>');
    expect(plan.xml).toContain('<PARAM name="cmServerPortStandby" value="15800"/>');
  });

  it('the same for a single node (one-line lists)', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'hosts.ini'), '[opengauss_primary]\n192.168.56.11\n[opengauss:children]\nopengauss_primary\n');
    const plan = await planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
    expect(plan.xml).toBe(await renderClusterConfigXml(plan.model));
    expect(plan.xml).toContain('<PARAM name="dataNode1" value="/opt/openGauss/data/dn"/>');
  });

  it('a .hbs given by opengauss_xml_template still goes to handlebars; another extension is an input error', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'mine.hbs'), '<ROOT>{{clusterName}}</ROOT>\n');
    writeFileSync(join(dir, 'mine.xml'), '<ROOT/>\n');
    const plan = (t: string) => planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: { opengauss_xml_template: t }, roleDefaults: loadDefaults() });
    expect((await plan('mine.hbs')).xml).toBe('<ROOT>openGauss</ROOT>\n');
    await expect(plan('mine.xml')).rejects.toThrow(/mine\.xml: name a handlebars \(\.hbs\) or Jinja \(\.j2\) template/);
  });

  it('a .j2 that uses an undefined variable is an error naming the template', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'templates/cluster_config.xml.j2'), '<ROOT>{{ og_cascade }}</ROOT>\n');
    await expect(planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() })).rejects.toThrow(
      /cluster_config\.xml\.j2: .*'og_cascade' is undefined/,
    );
  });

  it('a broken lookup in its group_vars is an input error naming the variable, never a silent default', async () => {
    const dir = copy();
    const file = join(dir, 'group_vars/all.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('digits length=8', 'digits lenght=8'));
    await expect(planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() })).rejects.toThrow(
      /group_vars\/all\.yml: opengauss_env: .*Unrecognized parameter\(s\) given to password lookup: lenght/,
    );
  });

  it("the original's credentials files are the cluster's passwords: afo records them in its own file", async () => {
    const dir = copy();
    mkdirSync(join(dir, 'credentials'));
    writeFileSync(join(dir, 'credentials/opengauss_root_pass'), 'Gauss2024abcdXYZ\n');
    writeFileSync(join(dir, 'credentials/opengauss_omm_pass'), 'omm+Pass1 salt=Qx9a8b7c\n');
    writeFileSync(join(dir, 'credentials/opengauss_ca_file_pass'), 'Ca1Pass2x\n');
    const r = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    expect(r.secrets).toEqual({ user_pass: 'omm+Pass1', root_pass: 'Gauss2024abcdXYZ', ca_file_pass: 'Ca1Pass2x' });
    expect(r.generated).toEqual([]);
    expect(Object.keys(r.fromOriginal).sort()).toEqual(['ca_file_pass', 'root_pass', 'user_pass']);
    expect(mode(join(dir, 'credentials/opengauss.yml'))).toBe('600');
    // afo's own file wins from then on
    const next = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    expect(next.fromOriginal).toEqual({});
    expect(next.secrets.root_pass).toBe('Gauss2024abcdXYZ');
  });

  it("a weak password in the original's file is an error naming that file", async () => {
    const dir = copy();
    mkdirSync(join(dir, 'credentials'));
    writeFileSync(join(dir, 'credentials/opengauss_ca_file_pass'), 'abcdefgh\n');
    await expect(loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' })).rejects.toThrow(
      /credentials\/opengauss_ca_file_pass: the password needs at least 3[\s\S]*delete that file and run afo again: afo draws a new password that meets the rule/,
    );
    expect(existsSync(join(dir, 'credentials/opengauss.yml'))).toBe(false);
  });
});
