import { describe, expect, it } from 'vitest';
import type { FailureEvent } from '../../../src/engine/events.js';
import { FakeHost } from './fake-transport.js';
import { makeHosts, messages, run, statuses, writeRole } from './harness.js';

describe('task keywords', () => {
  it('when (per loop item), loop with loop_control, with_items flattening, register with results', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: loop
  put: { path: "/d/{{ f.n }}", content: "{{ f.c }}" }
  loop: "{{ files }}"
  loop_control: { loop_var: f, label: "{{ f.n }}" }
  when: f.n != 'skip'
  register: out
- note: { msg: "{{ out.results | length }} {{ out.changed }} {{ out.results[2].skipped }}" }
- note: { msg: "{{ item }}" }
  with_items: [[x, y], z]
- name: disabled
  note: { msg: never }
  when: inventory_hostname == 'nobody'
`,
    });
    const hosts = makeHosts(1);
    const r = await run(dir, hosts, {
      extraVars: {
        files: [
          { n: 'a', c: '1' },
          { n: 'b', c: '2' },
          { n: 'skip', c: '3' },
        ],
      },
    });
    expect(hosts[0]!.files.get('/d/a')).toBe('1');
    expect(hosts[0]!.files.has('/d/skip')).toBe(false);
    expect(messages(r.events)).toEqual(['3 True True', 'x', 'y', 'z']);
    expect(statuses(r.events, 'disabled')).toEqual({ h1: 'skipped' });
    const changes = r.events.flatMap((e) => (e.type === 'change' ? [e.change.item] : []));
    expect(changes).toEqual(['a', 'b']);
  });

  it('register exposes rc/stdout/stdout_lines; changed_when and failed_when see it', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: probe
  command: { cmd: cat /etc/version }
  register: v
  changed_when: false
- name: strict
  command: { cmd: check-it }
  register: c
  failed_when: "'BAD' in c.stdout"
- note: { msg: "{{ v.rc }} {{ v.stdout_lines[1] }} {{ c.failed }}" }
`,
    });
    const hosts = makeHosts(2);
    for (const h of hosts) h.files.set('/etc/version', 'one\ntwo\n');
    hosts[0]!.stub('check-it', 'echo fine; exit 3');
    hosts[1]!.stub('check-it', 'echo BAD; exit 3');
    const r = await run(dir, hosts);
    expect(statuses(r.events, 'probe')).toEqual({ h1: 'ok', h2: 'ok' });
    // failed_when replaces the exit-code rule: rc 3 is fine on h1, 'BAD' fails h2.
    expect(statuses(r.events, 'strict')).toEqual({ h1: 'changed', h2: 'failed' });
    expect(messages(r.events)).toEqual(['0 two False']);
  });

  it('until/retries re-runs the task until the condition holds, re-reading facts', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: wait
  command: { cmd: status }
  register: s
  until: "'Normal' in s.stdout"
  retries: 5
  delay: 0
- note: { msg: "{{ s.attempts }}" }
- name: never
  command: { cmd: status2 }
  register: t
  until: t.rc == 0
  retries: 2
`,
    });
    const hosts = makeHosts(1);
    // status turns Normal on its third run; status2 always fails
    hosts[0]!.stub('status', 'n=$(($(cat /tmp/n 2>/dev/null || echo 0) + 1)); echo $n > /tmp/n; [ $n -ge 3 ] && echo Normal || echo Degraded');
    hosts[0]!.stub('status2', 'exit 1');
    const r = await run(dir, hosts);
    expect(messages(r.events)).toEqual(['3']);
    expect(statuses(r.events, 'never')).toEqual({ h1: 'failed' });
    expect(hosts[0]!.execs.filter((c) => c.command === 'status2')).toHaveLength(3);
  });

  it('block/rescue/always: failed hosts are rescued, always runs everywhere', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- block:
    - name: risky
      die: { msg: boom }
      when: inventory_hostname == 'h1'
    - name: after-risky
      note: { msg: "after {{ inventory_hostname }}" }
  rescue:
    - name: rescue
      note: { msg: "rescued {{ inventory_hostname }}" }
  always:
    - name: always
      note: { msg: "always {{ inventory_hostname }}" }
- block:
    - name: fatal
      die: { msg: "second boom" }
      when: inventory_hostname == 'h2'
  always:
    - name: cleanup
      note: { msg: "cleanup {{ inventory_hostname }}" }
- name: last
  note: { msg: "last {{ inventory_hostname }}" }
`,
    });
    const r = await run(dir, makeHosts(2));
    expect(messages(r.events, 'h1')).toEqual(['rescued h1', 'always h1', 'cleanup h1', 'last h1']);
    expect(messages(r.events, 'h2')).toEqual(['after h2', 'always h2', 'cleanup h2']);
    expect(r.result.hosts.h1).toMatchObject({ state: 'ok', rescued: 1, failed: 0 });
    expect(r.result.hosts.h2).toMatchObject({ state: 'failed', failure: { task: 'fatal', message: 'second boom' } });
  });

  it('handlers run once at the end, in handler-file order, only on hosts that notified (name or listen)', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: w1
  put: { path: /etc/x, content: "1" }
  notify: [second, first]
- name: w2
  put: { path: /etc/y, content: "1" }
  notify: topic
`,
      'handlers/main.yml': `
- name: first
  note: { msg: "first {{ inventory_hostname }}" }
- name: second
  note: { msg: "second {{ inventory_hostname }}" }
- name: by-topic
  note: { msg: "topic {{ inventory_hostname }}" }
  listen: topic
- name: unused
  note: { msg: unused }
`,
    });
    const hosts = makeHosts(2);
    hosts[1]!.files.set('/etc/x', '1');
    hosts[1]!.files.set('/etc/y', '1');
    const r = await run(dir, hosts);
    expect(messages(r.events)).toEqual(['first h1', 'second h1', 'topic h1']);
    const handlerRefs = r.events.flatMap((e) => (e.type === 'task-start' && e.task.handler ? [e.task.name] : []));
    expect(handlerRefs).toEqual(['first', 'second', 'by-topic']);
  });

  it('tags select tasks (inherited by blocks and includes), always runs, skip-tags wins', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- note: { msg: plain }
- note: { msg: always }
  tags: always
- block:
    - note: { msg: in-block }
  tags: [conf]
- include_tasks: more.yml
  tags: conf
- note: { msg: skipped-by-skip }
  tags: [conf, slow]
`,
      'tasks/more.yml': '- note: { msg: included }\n',
    });
    const r = await run(dir, makeHosts(1), { tags: ['conf'], skipTags: ['slow'] });
    expect(messages(r.events)).toEqual(['always', 'in-block', 'included']);
  });

  it('include_tasks picks a file per host from facts, with a first_found fallback, and passes loop items', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- include_tasks: "{{ item }}"
  with_first_found:
    - "{{ ansible_os_family }}-{{ flavour | default('none') }}.yml"
    - default.yml
- include_tasks: each.yml
  loop: [1, 2]
  loop_control: { loop_var: n }
`,
      'tasks/Debian-x.yml': '- note: { msg: "debian x on {{ inventory_hostname }}" }\n',
      'tasks/default.yml': '- note: { msg: "default on {{ inventory_hostname }}" }\n',
      'tasks/each.yml': '- note: { msg: "n={{ n }}" }\n',
    });
    const r = await run(dir, makeHosts(2), { hostVars: { h1: { flavour: 'x' } } });
    expect(messages(r.events, 'h1')).toEqual(['debian x on h1', 'n=1', 'n=2']);
    expect(messages(r.events, 'h2')).toEqual(['default on h2', 'n=1', 'n=2']);
  });

  it('include_tasks of a missing file fails the host with the include file:line', async () => {
    const dir = writeRole({ 'tasks/main.yml': '- note: { msg: a }\n- include_tasks: "{{ what }}.yml"\n' });
    const r = await run(dir, makeHosts(1), { extraVars: { what: 'nope' } });
    const f = r.events.find((e) => e.type === 'failure') as FailureEvent;
    expect(f.task.line).toBe(2);
    expect(f.message).toMatch(/include_tasks: file 'nope.yml' not found/);
    expect(r.result.exitCode).toBe(4);
  });

  it('run_once runs on the first host and registers the result on all; delegate_to runs elsewhere', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: once
  command: { cmd: make-token }
  run_once: true
  register: tok
- note: { msg: "{{ inventory_hostname }} {{ tok.stdout }}" }
- name: on-first
  put: { path: "/seen/{{ inventory_hostname }}", content: x }
  delegate_to: h1
- name: on-local
  command: { cmd: "on-control {{ inventory_hostname }}" }
  delegate_to: localhost
`,
    });
    const hosts = makeHosts(2);
    // both hosts have the command, so a run on h2 would be seen
    for (const h of hosts) h.stub('make-token', `echo T${h.name.slice(1)}`);
    const local = new FakeHost('localhost').stub('on-control', 'true');
    const r = await run(dir, hosts, { local });
    expect(hosts[0]!.execs.filter((c) => c.command === 'make-token')).toHaveLength(1);
    expect(hosts[1]!.execs.filter((c) => c.command === 'make-token')).toHaveLength(0);
    expect(messages(r.events)).toEqual(['h1 T1', 'h2 T1']);
    expect([...hosts[0]!.files.keys()].sort()).toEqual(['/seen/h1', '/seen/h2']);
    expect(hosts[1]!.files.size).toBe(0);
    expect(r.local.execs.map((c) => c.command).sort()).toEqual(['on-control h1', 'on-control h2']);
  });

  it('set_fact persists for the run; task vars and -e precedence', async () => {
    const dir = writeRole({
      'defaults/main.yml': 'a: default\nnested: { x: 1, y: 2 }\nb: default\n',
      'tasks/main.yml': `
- remember: { fact_one: "{{ a }}-set" }
- note: { msg: "{{ fact_one }} {{ nested.x }} {{ nested.y }} {{ b }} {{ c }}" }
  vars: { c: taskvar }
`,
    });
    const r = await run(dir, makeHosts(1), { hostVars: { h1: { a: 'inventory', nested: { y: 9 } } }, extraVars: { b: 'extra' } });
    expect(messages(r.events)).toEqual(['inventory-set 1 9 extra taskvar']);
  });

  it('become: the task user goes to exec, facts run as root via sudo for a non-root login', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: as-db
  command: { cmd: db-cmd }
  become: true
  become_user: omm
- name: as-root
  put: { path: /etc/z, content: z }
  become: yes
- name: as-login
  command: { cmd: login-cmd }
`,
    });
    const hosts = makeHosts(1);
    hosts[0]!.stub('db-cmd', 'true').stub('login-cmd', 'true');
    await run(dir, hosts, { hostVars: { h1: { ansible_user: 'tester' } } });
    const become = Object.fromEntries(hosts[0]!.execs.map((c) => [c.command, c.opts?.become?.user ?? '-']));
    expect(become).toEqual({ 'db-cmd': 'omm', 'write /etc/z z': 'root', 'login-cmd': '-' });
  });

  it('no_log hides arguments, commands and output from events (register still sees the output)', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: generate
  command: { cmd: make-token }
  register: tok
  no_log: true
- name: use
  remember: { token_length: "{{ tok.stdout | length }}" }
- note: { msg: "{{ token_length }}" }
- name: secret
  command: { cmd: "set-password {{ pw }}" }
  no_log: true
`,
    });
    const hosts = makeHosts(1);
    hosts[0]!.stub('make-token', 'echo tok-abcdef').stub('set-password', 'echo "leaked $1"; exit 1');
    const r = await run(dir, hosts, { extraVars: { pw: 's3cr3t-value' } });
    const text = JSON.stringify(r.events);
    expect(text).not.toContain('s3cr3t-value');
    expect(text).not.toContain('tok-abcdef');
    expect(messages(r.events)).toEqual(['10']);
    expect(statuses(r.events, 'secret')).toEqual({ h1: 'failed' });
  });

  it('ignore_errors keeps the host in the run', async () => {
    const dir = writeRole({ 'tasks/main.yml': '- name: bad\n  die: { msg: x }\n  ignore_errors: true\n- note: { msg: still here }\n' });
    const r = await run(dir, makeHosts(1));
    expect(messages(r.events)).toEqual(['still here']);
    expect(r.result.hosts.h1).toMatchObject({ state: 'ok', ignored: 1, failed: 0 });
    expect(r.result.exitCode).toBe(0);
  });

  it('templated arguments are checked after templating, naming the task file:line', async () => {
    const dir = writeRole({ 'tasks/main.yml': '- note: { msg: a }\n- name: typed\n  put: { path: "{{ p }}", content: x }\n' });
    const r = await run(dir, makeHosts(1), { extraVars: { p: 42 } });
    const f = r.events.find((e) => e.type === 'failure') as FailureEvent;
    expect(f.task).toMatchObject({ name: 'typed', line: 2 });
    expect(f.message).toMatch(/wrong arguments for module 'put': path:/);
  });

  it('probe changes (wait_for) run on apply but leave the task ok, and are not run under --check', async () => {
    const dir = writeRole({ 'tasks/main.yml': '- name: wait\n  waitfor: { what: port }\n' });
    const hosts = makeHosts(1);
    const r = await run(dir, hosts, { verify: true });
    expect(statuses(r.events, 'wait')).toEqual({ h1: 'ok' });
    expect(hosts[0]!.execs.map((c) => c.command)).toEqual(['wait-for port']);
    const c = await run(dir, makeHosts(1), { check: true });
    expect(statuses(c.events, 'wait')).toEqual({ h1: 'skipped' });
  });

  it('check_mode: false runs a read-only probe under --check; environment reaches the exec; --diff carries upload diffs', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: probe
  command: { cmd: read-state }
  check_mode: false
  changed_when: false
  register: st
  environment: { LC_ALL: C }
- name: conf
  place: { dest: /etc/app.conf, text: "state={{ st.stdout }}" }
`,
    });
    const hosts = makeHosts(1);
    hosts[0]!.files.set('/etc/app.conf', 'state=old');
    hosts[0]!.stub('read-state', 'echo new');
    const r = await run(dir, hosts, { check: true, diff: true });
    expect(hosts[0]!.execs.map((c) => [c.command, c.opts?.env])).toEqual([['read-state', { LC_ALL: 'C' }]]);
    expect(hosts[0]!.uploads).toEqual([]);
    expect(statuses(r.events, 'conf')).toEqual({ h1: 'changed' });
    // The probe (changed_when: false) is not shown as a change; the planned upload is, with its diff.
    const changes = r.events.filter((e) => e.type === 'change');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ planned: true, change: { description: 'place /etc/app.conf', diff: { before: 'state=old', after: 'state=new' } } });
  });
});
