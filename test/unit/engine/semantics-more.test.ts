import { describe, expect, it } from 'vitest';
import { makeHosts, messages, run, writeRole } from './harness.js';

describe('task keywords: handlers, delegation, until, loops, include apply', () => {
  it('meta: flush_handlers runs notified handlers right there, and not again at the end', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: w
  put: { path: /etc/x, content: "1" }
  notify: h
- meta: flush_handlers
- note: { msg: after flush }
`,
      'handlers/main.yml': '- name: h\n  note: { msg: handled }\n',
    });
    const r = await run(dir, makeHosts(1));
    expect(messages(r.events)).toEqual(['handled', 'after flush']);
  });

  it('hosts delegating changes to the same host do not interleave their plan and apply there', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: collect
  slowput: { path: "/shared/{{ inventory_hostname }}", content: "{{ inventory_hostname }}" }
  delegate_to: h1
`,
    });
    const hosts = makeHosts(5);
    for (const h of hosts) h.delayMs = 2;
    const r = await run(dir, hosts, { verify: true });
    expect(r.events.filter((e) => e.type === 'failure')).toEqual([]);
    expect([...hosts[0]!.files.keys()].sort()).toEqual(['/shared/h1', '/shared/h2', '/shared/h3', '/shared/h4', '/shared/h5']);
  });

  it('until re-reads the facts on every attempt (a file that appears later)', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: wait-file
  seen: { path: /ready }
  register: w
  until: w.exists
  retries: 5
  delay: 0
- note: { msg: "{{ w.attempts }}" }
`,
    });
    const hosts = makeHosts(1);
    hosts[0]!.onBatch = (n) => n === 2 && hosts[0]!.files.set('/ready', 'x');
    const r = await run(dir, hosts);
    expect(messages(r.events)).toEqual(['3']);
  });

  it('with_dict gives key/value items; loop_control.index_var numbers them; with_list is loop', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- note: { msg: "{{ i }}:{{ item.key }}={{ item.value }}" }
  with_dict: { a: 1, b: 2 }
  loop_control: { index_var: i }
- note: { msg: "{{ item | join(',') }}" }
  with_list: [[p, q]]
  become_method: sudo
`,
    });
    const r = await run(dir, makeHosts(1));
    expect(messages(r.events)).toEqual(['0:a=1', '1:b=2', 'p,q']);
  });

  it('include_tasks apply: passes keywords to the included tasks', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- include_tasks:
    file: inner.yml
    apply:
      become: true
      become_user: omm
      vars: { who: applied }
`,
      'tasks/inner.yml': '- name: as-omm\n  command: { cmd: "greet {{ who }}" }\n',
    });
    const hosts = makeHosts(1);
    hosts[0]!.stub('greet', 'echo "$1"');
    await run(dir, hosts);
    expect(hosts[0]!.execs.map((c) => [c.command, c.opts?.become?.user])).toEqual([['greet applied', 'omm']]);
  });
});
