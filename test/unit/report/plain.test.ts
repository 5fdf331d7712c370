import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSink } from '../../../src/report/json.js';
import { plainRenderer } from '../../../src/report/plain.js';
import { RunLog } from '../../../src/report/run-log.js';
import { makeHosts, run, writeRole } from '../engine/harness.js';

const role = {
  'tasks/main.yml': `
- name: write
  put: { path: /etc/app.conf, content: "{{ inventory_hostname }}" }
- name: secret
  command: { cmd: "set-pw {{ db_password }}" }
  no_log: true
- name: say
  note: { msg: "hello from {{ inventory_hostname }}" }
`,
};

describe('plain renderer', () => {
  it('prints the same lines whatever order hosts finish in', async () => {
    const render = async (slowFirst: boolean): Promise<string[]> => {
      const hosts = makeHosts(3);
      hosts.forEach((h, i) => (h.delayMs = slowFirst ? (3 - i) * 4 : i * 4));
      for (const h of hosts) h.stub('set-pw', 'true');
      hosts[1]!.stub('write', 'echo "read-only file system" >&2; exit 2');
      const r = await run(writeRole(role), hosts, { extraVars: { db_password: 'hunter22' } });
      const lines: string[] = [];
      const sink = plainRenderer((l) => lines.push(l));
      for (const e of r.events) sink(e);
      return lines.map((l) => l.replace(/\/tmp\/afo-role-\w+/g, 'ROLE').replace(/afo-role-\w+/g, 'NAME'));
    };
    const a = await render(true);
    const b = await render(false);
    expect(a).toEqual(b);
    expect(a).toEqual([
      'RUN NAME on h1, h2, h3',
      'TASK [write] ROLE/tasks/main.yml:2 changed=2 failed=1',
      '  did: [h1] write /etc/app.conf',
      '  changed: [h1] 1 change',
      '  did: [h2] write /etc/app.conf',
      '  FAILED: [h2] ROLE/tasks/main.yml:2: write /etc/app.conf failed (exit code 2)',
      '    command: write /etc/app.conf h2',
      '    | read-only file system',
      '  failed: [h2] 1 change',
      '  did: [h3] write /etc/app.conf',
      '  changed: [h3] 1 change',
      'TASK [secret] ROLE/tasks/main.yml:4 changed=2',
      '  did: [h1] (hidden: no_log)',
      '  changed: [h1] 1 change',
      '  did: [h3] (hidden: no_log)',
      '  changed: [h3] 1 change',
      'TASK [say] ROLE/tasks/main.yml:7 ok=2',
      '  msg: [h1] hello from h1',
      '  msg: [h3] hello from h3',
      'RECAP',
      '  h1               ok=1 changed=2 failed=0 skipped=0 unreachable=0 rescued=0 ignored=0',
      '  h2               ok=0 changed=0 failed=1 skipped=0 unreachable=0 rescued=0 ignored=0',
      '    failed: write (ROLE/tasks/main.yml:2): write /etc/app.conf failed (exit code 2)',
      '  h3               ok=1 changed=2 failed=0 skipped=0 unreachable=0 rescued=0 ignored=0',
    ]);
  });

  it('--json writes one parseable object per line; the run log keeps commands per host with secrets hidden', async () => {
    const hosts = makeHosts(2);
    for (const h of hosts) h.stub('set-pw', 'true');
    const log = new RunLog(mkdtempSync(join(tmpdir(), 'afo-log-')), 'demo');
    const json: string[] = [];
    const r = await run(writeRole(role), hosts, { extraVars: { db_password: 'hunter22' } });
    const logSink = log.sink();
    const jsonOut = jsonSink((l) => json.push(l));
    for (const e of r.events) {
      logSink(e);
      jsonOut(e);
    }
    const types = json.map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types[0]).toBe('run-start');
    expect(types.at(-1)).toBe('run-end');
    expect(types).not.toContain('command');
    expect(readdirSync(log.dir).sort()).toEqual(['events.jsonl', 'h1.log', 'h2.log']);
    const h1 = readFileSync(join(log.dir, 'h1.log'), 'utf8');
    expect(h1).toContain('$ write /etc/app.conf h1');
    expect(h1).toContain('(hidden: no_log)');
    const everything = [h1, readFileSync(join(log.dir, 'events.jsonl'), 'utf8'), ...json].join('\n');
    expect(everything).not.toContain('hunter22');
  });
});
