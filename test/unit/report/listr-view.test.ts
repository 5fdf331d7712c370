import { describe, expect, it } from 'vitest';
import { ListrView } from '../../../src/report/listr-view.js';
import { makeHosts, run, writeRole } from '../engine/harness.js';

describe('listr2 view', () => {
  it('settles every task and host row from events, never stops at a failed host, and prints failures and the recap', async () => {
    const hosts = makeHosts(3);
    hosts[0]!.stub('write', 'echo "no space left" >&2; exit 1');
    const dir = writeRole({ 'tasks/main.yml': '- name: w\n  put: { path: /x, content: y }\n- name: n\n  note: { msg: hi }\n' });
    const r = await run(dir, hosts);
    const out: string[] = [];
    const view = new ListrView((t) => out.push(t), 'silent');
    const sink = view.sink();
    for (const e of r.events) sink(e);
    await view.close();
    const text = out.join('');
    expect(text).toContain('h1: ');
    expect(text).toContain('write /x failed (exit code 1)');
    expect(text).toContain('  | no space left');
    expect(text).toMatch(/RECAP\n {2}h1 +ok=0 changed=0 failed=1/);
    expect(text).toMatch(/h3 +ok=1 changed=1 failed=0/);
  });
});
