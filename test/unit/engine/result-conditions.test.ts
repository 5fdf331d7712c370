import { describe, expect, it } from 'vitest';
import { makeHosts, messages, run, statuses, writeRole } from './harness.js';

describe('changed_when / failed_when', () => {
  it('a probe with failed_when: false and changed_when: false that exits non-zero is ok, not changed', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: probe
  command: { cmd: test -f /nope }
  register: p
  failed_when: false
  changed_when: false
- note: { msg: "{{ p.rc }} {{ p.failed }} {{ p.changed }}" }
`,
    });
    const hosts = makeHosts(1);
    const r = await run(dir, hosts);
    expect(statuses(r.events, 'probe')).toEqual({ h1: 'ok' });
    expect(messages(r.events)).toEqual(['1 False False']);
  });
});
