// The lab itself: real sshd hosts with their own identity, OS presentation and kernel settings,
// which never change the machine the tests run on; stop/start/rekey; down removes everything.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab, MachineSnapshot } from '../lab/api.js';
import { assertMachineUnchanged, freeLab, labDown, labExec, labUp, rekeyHost, run, snapshotMachine, startHost, stopHost, trustHosts } from '../lab/lab.js';
import { running } from '../support/proc.js';
import { CLOCK_COMMAND, parseClock } from '../../src/opengauss/modules/clock.js';

let lab: Lab;
let before: MachineSnapshot;

/** Runs as root on a host and returns trimmed stdout; fails the test on a non-zero exit. */
async function sh(host: string, cmd: string): Promise<string> {
  const r = await labExec(lab, host, cmd);
  if (r.code !== 0) throw new Error(`${host}: ${cmd} -> exit ${r.code}\n${r.stderr}`);
  return r.stdout.trim();
}

beforeAll(async () => {
  before = snapshotMachine();
  lab = await labUp({ hosts: 3, os: ['openeuler20.03', 'centos7', 'debian12'] });
});

afterAll(async () => {
  if (lab) await labDown(lab);
});

describe('lab hosts', () => {
  it('writes an inventory that ansible uses with the lab known_hosts, strictly', async () => {
    expect(lab.hosts.map((h) => h.name)).toEqual(['afo1', 'afo2', 'afo3'].map((n) => n.replace('afo', lab.name)));
    const inv = readFileSync(lab.inventory, 'utf8');
    expect(inv).toContain(`UserKnownHostsFile=${lab.knownHosts} -o StrictHostKeyChecking=yes`);
    const r = await run('ansible', ['lab', '-i', lab.inventory, '-m', 'ping', '-o'], {
      env: { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_NOCOLOR: '1' },
    });
    expect(r.stdout.match(/SUCCESS/g)?.length, r.stdout + r.stderr).toBe(3);
  });

  it('lets root in by key and the sudo user by password, whose sudo asks for it', async () => {
    expect(await sh(lab.hosts[0]!.name, 'id -u')).toBe('0');
    const user = { user: lab.sudoUser, password: lab.sudoPassword };
    const who = await labExec(lab, lab.hosts[1]!, 'id -un', user);
    expect(who.stdout.trim(), who.stderr).toBe(lab.sudoUser);
    const noPass = await labExec(lab, lab.hosts[1]!, 'sudo -n id -u', user);
    expect(noPass.code).not.toBe(0);
    expect(noPass.stderr).toMatch(/password is required/);
    const withPass = await labExec(lab, lab.hosts[1]!, "sudo -S -p '' id -u", { ...user, input: `${lab.sudoPassword}\n` });
    expect(withPass.stdout.trim(), withPass.stderr).toBe('0');
    const wrong = await labExec(lab, lab.hosts[1]!, 'true', { user: lab.sudoUser, password: 'wrong' });
    expect(wrong.code).toBe(255);
  });

  it('gives each host its own hostname, address, filesystem and processes', async () => {
    for (const h of lab.hosts) {
      expect(await sh(h.name, 'hostname')).toBe(h.name);
      expect(await sh(h.name, 'ip -4 -o addr show eth0')).toContain(`${h.ip}/24`);
      expect(await sh(h.name, 'cat /proc/1/comm')).toBe('tini');
    }
    const [a, b] = [lab.hosts[0]!, lab.hosts[1]!];
    await sh(a.name, `echo ${a.name} > /root/only-here; setsid sleep 7777 >/dev/null 2>&1 < /dev/null &`);
    expect(readFileSync(`${a.root}/root/only-here`, 'utf8').trim()).toBe(a.name);
    expect(existsSync(`${b.root}/root/only-here`)).toBe(false);
    expect((await labExec(lab, b, 'test -e /root/only-here')).code).toBe(1);
    const sleeping = "ps -eo args | grep -cx 'sleep 7777' || true";
    expect(await sh(a.name, sleeping)).toBe('1');
    expect(await sh(b.name, sleeping)).toBe('0');
  });

  it('lets hosts reach each other, by name, over SSH with strict host keys', async () => {
    const [a, b] = [lab.hosts[0]!, lab.hosts[2]!];
    expect(await sh(a.name, `ssh -o BatchMode=yes -o StrictHostKeyChecking=yes ${b.name} hostname`)).toBe(b.name);
    expect(await sh(b.name, `ping -c1 -W2 ${a.ip} >/dev/null && echo ok`)).toBe('ok');
  });
});

describe('OS presentation', () => {
  it('presents openEuler 20.03 with its files and RHEL tools', async () => {
    const h = lab.hosts[0]!.name;
    expect(await sh(h, '. /etc/os-release; echo "$PRETTY_NAME"')).toBe('openEuler 20.03 (LTS-SP3)');
    expect(await sh(h, 'test -e /lib64/libreadline.so.8 && test ! -e /lib64/libreadline.so.7 && echo ok')).toBe('ok');
    expect(await sh(h, 'cat /etc/sysconfig/network-scripts/ifcfg-eth0')).toContain(`IPADDR=${lab.hosts[0]!.ip}`);
    expect(await sh(h, 'grep ^SELINUX= /etc/selinux/config; getenforce')).toBe('SELINUX=enforcing\nEnforcing');
    expect(await sh(h, 'grep -c "^RemoveIPC" /etc/systemd/logind.conf /usr/lib/systemd/system/systemd-logind.service || true')).toBe(
      '/etc/systemd/logind.conf:0\n/usr/lib/systemd/system/systemd-logind.service:0',
    );
    expect(await sh(h, 'systemctl is-active firewalld; systemctl is-enabled firewalld; firewall-cmd --state')).toBe('active\nenabled\nrunning');
    const unknown = await labExec(lab, h, 'systemctl start nosuchd');
    expect([unknown.code, unknown.stderr.trim()]).toEqual([5, 'Failed to start nosuchd.service: Unit nosuchd.service not found.']);
    await sh(h, 'systemctl stop firewalld; systemctl disable firewalld; setenforce 0');
    expect((await labExec(lab, h, 'firewall-cmd --state')).code).toBe(252);
    expect(await sh(h, 'getenforce; systemctl is-enabled firewalld || true')).toBe('Permissive\ndisabled');
    // `systemctl show` is what afo's service module reads
    expect(await sh(h, 'systemctl show firewalld --no-pager -p LoadState -p ActiveState -p UnitFileState')).toBe(
      'LoadState=loaded\nActiveState=inactive\nUnitFileState=disabled',
    );
    expect(await sh(h, 'systemctl show nosuchd -p LoadState')).toBe('LoadState=not-found');
    const bad = await labExec(lab, h, 'dnf install -y nosuchpkg');
    expect([bad.code, bad.stdout.trim()]).toEqual([1, 'No match for argument: nosuchpkg']);
    expect((await labExec(lab, h, 'rpm -q expect')).code).toBe(1);
    await sh(h, 'dnf install -y expect');
    expect(await sh(h, 'rpm -q expect')).toBe('expect-5.45.4-3.oe1.x86_64');
  });

  it('presents openEuler as its tools see it: bash as /bin/sh, systemd-managed, its catalog, hostnamectl in any order', async () => {
    const h = lab.hosts[0]!.name;
    expect(await sh(h, 'readlink -f /bin/sh; [ -d /run/systemd/system ] && echo systemd')).toBe('/usr/bin/bash\nsystemd');
    expect(await sh(h, 'dnf install -y python3-pexpect nano htop >/dev/null && rpm -q --qf "%{NAME}\\n" gzip python3-pexpect nano htop')).toBe(
      'gzip\npython3-pexpect\nnano\nhtop',
    );
    expect(
      await sh(
        h,
        'hostnamectl --static set-hostname st1 && hostnamectl --static status && hostname && hostnamectl set-hostname ' +
          h +
          ' --transient && hostname; hostnamectl set-hostname ' +
          h +
          '; cat /etc/hostname',
      ),
    ).toBe(`st1\n${h}\n${h}\n${h}`);
    const d = lab.hosts[2]!.name;
    expect(await sh(d, 'readlink -f /bin/sh; [ -d /run/systemd/system ] || echo none')).toBe('/usr/bin/dash\nnone');
  });

  it('presents chrony: synchronised while chronyd runs, a fakeable offset, no source, no daemon', async () => {
    const h = lab.hosts[0]!.name;
    expect(await sh(h, 'chronyc -n tracking | grep -E "^(System time|Leap status)"')).toBe(
      'System time     : 0.000012 seconds fast of NTP time\nLeap status     : Normal',
    );
    expect(await sh(h, 'echo -0.75 > /var/lib/afo-lab/clock-offset; chronyc tracking | grep "^System time"; rm /var/lib/afo-lab/clock-offset')).toBe(
      'System time     : 0.75 seconds slow of NTP time',
    );
    expect(await sh(h, 'touch /var/lib/afo-lab/clock-unsynced; chronyc tracking | grep Leap; rm /var/lib/afo-lab/clock-unsynced')).toBe(
      'Leap status     : Not synchronised',
    );
    const down = await labExec(lab, h, 'systemctl stop chronyd; chronyc tracking; echo rc=$?; systemctl start chronyd');
    expect(down.stdout.trim()).toBe('506 Cannot talk to daemon\nrc=1');
  });

  it('presents ntpd once the ntp package is installed: ntpq -pn with the system peer and the same fakeable offset', async () => {
    const h = lab.hosts[1]!.name;
    const absent = await labExec(lab, h, 'ntpq -pn');
    expect([absent.code, absent.stderr.trim()]).toEqual([127, 'bash: ntpq: command not found']);
    await sh(h, 'yum install -y ntp >/dev/null');
    const down = await labExec(lab, h, 'ntpq -pn');
    expect([down.code, down.stdout.trim()]).toEqual([1, 'ntpq: read: Connection refused']);
    await sh(h, 'systemctl stop chronyd; systemctl start ntpd');
    const peer = () => sh(h, 'ntpq -pn | tail -1');
    expect(await peer()).toMatch(/^\*10\.0\.0\.1\s+\.GPS\.\s+1 u\s+33\s+64\s+377\s+0\.345\s+0\.012\s+0\.021$/);
    expect(await sh(h, 'echo 2.5 > /var/lib/afo-lab/clock-offset')).toBe('');
    expect((await peer()).trim().split(/\s+/)[8]).toBe('2500.000');
    // what afo's preflight reads on an ntpd host (chronyd stopped)
    expect(parseClock((await sh(h, CLOCK_COMMAND)).split('\n'))).toEqual({ service: 'ntpd', synced: true, offsetMs: 2500 });
    expect(await sh(h, 'touch /var/lib/afo-lab/clock-unsynced')).toBe('');
    expect(await peer()).toMatch(/^10\.0\.0\.1/); // no `*`: no system peer
    expect(parseClock((await sh(h, CLOCK_COMMAND)).split('\n'))).toMatchObject({ service: 'ntpd', synced: false });
    await sh(h, 'rm -f /var/lib/afo-lab/clock-offset /var/lib/afo-lab/clock-unsynced; systemctl stop ntpd; systemctl start chronyd');
  });

  it('shows SELinux the same through getenforce, the config file and the kernel interface, across a reboot', async () => {
    const h = lab.hosts[1]!;
    const view = () => sh(h.name, 'grep ^SELINUX= /etc/selinux/config; getenforce; cat /sys/fs/selinux/enforce 2>/dev/null || echo no-selinuxfs');
    expect(await view()).toBe('SELINUX=enforcing\nEnforcing\n1');
    await sh(h.name, 'setenforce 0');
    expect(await view()).toBe('SELINUX=enforcing\nPermissive\n0');
    const user = await labExec(lab, h, 'echo 1 > /sys/fs/selinux/enforce', { user: lab.sudoUser, password: lab.sudoPassword });
    expect(user.code).not.toBe(0);
    await sh(h.name, "sed -i 's/^SELINUX=.*/SELINUX=disabled/' /etc/selinux/config");
    await stopHost(lab, h.name);
    await startHost(lab, h.name);
    expect(await view()).toBe('SELINUX=disabled\nDisabled\nno-selinuxfs');
    const set = await labExec(lab, h, 'setenforce 1');
    expect([set.code, set.stderr.trim()]).toEqual([1, 'setenforce: SELinux is disabled']);
    // a Debian host has no SELinux at all
    expect((await labExec(lab, lab.hosts[2]!, 'ls /sys/fs/selinux')).code).not.toBe(0);
  });

  it('really sets the hostname and time zone, on that host only', async () => {
    const [a, b] = [lab.hosts[0]!.name, lab.hosts[1]!.name];
    await sh(a, 'hostnamectl set-hostname renamed && timedatectl set-timezone Asia/Shanghai');
    expect(await sh(a, 'hostname; cat /etc/hostname; date +%Z')).toBe('renamed\nrenamed\nCST');
    expect(await sh(b, 'hostname')).toBe(b);
    expect(await sh(a, `hostnamectl set-hostname ${a}; hostname`)).toBe(a);
  });

  it('gives RHEL flavours a .bashrc that non-interactive login shells read; Debian keeps its own', async () => {
    const cmd = `echo 'export AFO_MARK=seen' >> /home/${lab.sudoUser}/.bashrc; su - ${lab.sudoUser} -c 'echo "[$AFO_MARK]"'`;
    expect(await sh(lab.hosts[0]!.name, cmd)).toBe('[seen]');
    expect(await sh(lab.hosts[2]!.name, cmd)).toBe('[]');
  });

  it('presents CentOS 7.6 (yum, no dnf; python3 only as EPEL python36) and Debian 12 (no RHEL tools)', async () => {
    const c = lab.hosts[1]!.name;
    expect(await sh(c, '. /etc/os-release; echo "$PRETTY_NAME"; cat /etc/redhat-release')).toBe('CentOS Linux 7 (Core)\nCentOS Linux release 7.6.1810 (Core)');
    expect((await labExec(lab, c, 'command -v dnf')).code).toBe(1);
    const y = await labExec(lab, c, 'yum install -y nosuchpkg');
    expect([y.code, y.stdout.trim()]).toEqual([1, 'No package nosuchpkg available.']);
    for (const p of ['python3', 'python36']) expect((await labExec(lab, c, `yum install -y ${p}`)).stdout.trim(), p).toBe(`No package ${p} available.`);
    expect(await sh(c, 'yum install -y epel-release >/dev/null && yum install -y python36 >/dev/null && rpm -q python36')).toMatch(/^python36-3\.6/);
    const d = lab.hosts[2]!.name;
    expect(await sh(d, '. /etc/os-release; echo "$ID $VERSION_ID"')).toBe('debian 12');
    expect((await labExec(lab, d, 'command -v systemctl || command -v rpm || command -v getenforce')).code).toBe(1);
  });
});

describe('kernel settings', () => {
  it('records vm.*, THP and swap per host and leaves the machine unchanged', async () => {
    const h = lab.hosts[1]!.name;
    const mine = before.vm['vm.swappiness'];
    const v = mine === '7' ? '8' : '7';
    expect(await sh(h, `sysctl -w vm.swappiness=${v} && sysctl -n vm.swappiness && cat /proc/sys/vm/swappiness`)).toBe(`vm.swappiness = ${v}\n${v}\n${v}`);
    expect(await sh(lab.hosts[0]!.name, 'sysctl -n vm.swappiness')).not.toBe(v);
    const thp = '/sys/kernel/mm/transparent_hugepage';
    // the host's recorder rewrites a write in the kernel's format a moment later: wait for it (5 s at most)
    await sh(
      h,
      `echo never > ${thp}/enabled; echo never > ${thp}/defrag; for i in $(seq 50); do ` +
        `grep -q '\\[never\\]' ${thp}/enabled && grep -q '\\[never\\]' ${thp}/defrag && break; sleep 0.1; done`,
    );
    expect(await sh(h, `cat ${thp}/enabled ${thp}/defrag`)).toBe('always madvise [never]\nalways defer defer+madvise madvise [never]');
    expect(await sh(h, 'swapon --show --noheadings | wc -l; swapoff -a; swapon --show --noheadings | wc -l')).toBe('1\n0');
    expect(readFileSync('/proc/sys/vm/swappiness', 'utf8').trim()).toBe(mine);
    assertMachineUnchanged(before);
  });

  it('really changes namespaced keys (net.*, kernel.sem) inside the host only', async () => {
    const [a, b] = [lab.hosts[0]!.name, lab.hosts[1]!.name];
    const machine = readFileSync('/proc/sys/net/ipv4/tcp_keepalive_time', 'utf8').trim();
    const v = machine === '321' ? '322' : '321';
    expect(await sh(a, `sysctl -w net.ipv4.tcp_keepalive_time=${v} >/dev/null; sysctl -n net.ipv4.tcp_keepalive_time`)).toBe(v);
    expect(await sh(b, 'sysctl -n net.ipv4.tcp_keepalive_time')).not.toBe(v);
    expect(readFileSync('/proc/sys/net/ipv4/tcp_keepalive_time', 'utf8').trim()).toBe(machine);
    const sem = readFileSync('/proc/sys/kernel/sem', 'utf8');
    expect(await sh(a, 'sysctl -w kernel.sem="250 6400000 1000 25600" >/dev/null; sysctl -n kernel.sem')).toBe('250\t6400000\t1000\t25600');
    expect(readFileSync('/proc/sys/kernel/sem', 'utf8')).toBe(sem);
    const ro = await labExec(lab, a, 'sysctl -w kernel.pid_max=99999');
    expect(ro.code).not.toBe(0);
    assertMachineUnchanged(before);
  });

  it('takes an MTU of 8192 on eth0 and passes jumbo frames between hosts', async () => {
    const [a, b] = [lab.hosts[0]!, lab.hosts[1]!];
    await sh(a.name, 'ip link set eth0 mtu 8192');
    await sh(b.name, 'ip link set eth0 mtu 8192');
    expect(await sh(a.name, `ping -c1 -W2 -M do -s 8000 ${b.ip} >/dev/null && echo ok`)).toBe('ok');
    await sh(a.name, 'ip link set eth0 mtu 1500');
    await sh(b.name, 'ip link set eth0 mtu 1500');
  });
});

describe('several labs', () => {
  it('runs a second lab beside this one, by name, and takes down only that one', async () => {
    // a name and subnet nobody uses now: other labs (a demo's, another run's) may be up
    const { name, net } = await freeLab(lab.name);
    const other = await labUp({ name, net, hosts: 1, os: ['debian12'] });
    try {
      expect(other.hosts.map((h) => h.name)).toEqual([`${name}1`]);
      expect(other.dir).not.toBe(lab.dir);
      expect((await labExec(other, other.hosts[0]!, 'hostname')).stdout.trim()).toBe(`${name}1`);
    } finally {
      await labDown(other);
    }
    expect((await run('ip', ['netns', 'list'])).stdout).not.toContain(`afolab-${name}-`);
    for (const h of lab.hosts) expect(await sh(h.name, 'hostname')).toBe(h.name);
  });
});

describe('stop, start, rekey, down', () => {
  it('makes a stopped host unreachable while the others answer; start brings it back, same key', async () => {
    const [a, b, c] = [lab.hosts[0]!.name, lab.hosts[1]!.name, lab.hosts[2]!.name];
    await stopHost(lab, c);
    expect((await labExec(lab, c, 'true')).code).toBe(255);
    expect(await sh(a, 'hostname')).toBe(a);
    expect(await sh(b, 'hostname')).toBe(b);
    await startHost(lab, c);
    expect(await sh(c, 'hostname')).toBe(c);
  });

  it('rekey makes strict host key checking refuse the host until the lab trusts it again', async () => {
    const h = lab.hosts[1]!;
    const scan = async () => (await run('ssh-keyscan', ['-t', 'ed25519', h.ip])).stdout.trim();
    const old = await scan();
    await rekeyHost(lab, h);
    expect(await scan()).not.toBe(old);
    const r = await labExec(lab, h, 'true');
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/Host key verification failed/);
    await trustHosts(lab);
    expect(await sh(h.name, 'hostname')).toBe(h.name);
  });

  // Only this lab's objects, by their exact names: other labs (a demo's, another run's) may be up,
  // and their directory may start with this one's (.lab and .lab-NAME).
  it('down removes every namespace, link, mount and process of the lab', async () => {
    const hostPids = lab.hosts.map((h) => readFileSync(`${lab.dir}/hosts/${h.name}/pid`, 'utf8').trim());
    await labDown(lab);
    const ns = (await run('ip', ['netns', 'list'])).stdout;
    expect(ns).not.toMatch(new RegExp(`^afolab-${lab.name}-\\d+\\b`, 'm'));
    const links = (await run('ip', ['-o', 'link', 'show'])).stdout;
    expect(links).not.toMatch(new RegExp(`: ${lab.name}-(br|v\\d+)[:@]`));
    expect((await run('ip', ['rule'])).stdout).not.toMatch(new RegExp(`iif ${lab.name}-br\\b`));
    const mountPoints = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[4] ?? '');
    expect(mountPoints.filter((m) => m === lab.dir || m.startsWith(`${lab.dir}/`))).toEqual([]);
    expect(hostPids.filter((p) => running(p))).toEqual([]);
    // What the lab wrote is gone; its directory itself stays when others wrote into it too (the
    // e2e tests keep their inventories and reports under it), as lab.sh's down promises.
    const own = ['hosts', 'inventory.ini', 'known_hosts', 'ssh_config', 'hosts.json', 'hosts.list', 'id_ed25519', 'id_ed25519.pub', 'net'];
    expect(own.filter((f) => existsSync(`${lab.dir}/${f}`))).toEqual([]);
    assertMachineUnchanged(before);
  });
});
