import { describe, expect, it } from 'vitest';
import { failModule } from '../../../src/tasks/modules/fail.js';
import { setFactModule } from '../../../src/tasks/modules/set-fact.js';
import { waitForModule, waitScript } from '../../../src/tasks/modules/wait-for.js';
import { argError, plan } from '../helpers/fake-facts.js';

describe('wait_for', () => {
  it('is one looping exec, marked as a probe', async () => {
    const r = await plan(waitForModule, { host: '10.0.0.5', port: 26000, timeout: 60, delay: 2 }, {});
    expect(r.changes).toHaveLength(1);
    const c = r.changes[0]!;
    expect(c).toMatchObject({ kind: 'exec', probe: true, timeoutMs: (2 + 60 + 5 + 30) * 1000, description: 'wait for 10.0.0.5:26000 (started, up to 60s)' });
    const script = c.kind === 'exec' ? c.command : '';
    expect(script).toMatch(/^sleep 2\nend=\$\(\( \$\(date \+%s\) \+ 60 \)\)\nwhile :; do/);
    expect(script).toContain(`timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' 10.0.0.5 26000`);
  });
  it('stopped negates the probe; path states and search_regex', () => {
    expect(waitScript(waitForModule.args.parse({ port: 22, state: 'stopped' }))).toContain('if ! { if command -v bash');
    expect(waitScript(waitForModule.args.parse({ path: '/tmp/x y', state: 'absent' }))).toContain(`if [ ! -e '/tmp/x y' ]; then exit 0; fi`);
    expect(waitScript(waitForModule.args.parse({ path: '/var/log/x', search_regex: 'ready$' }))).toContain(`grep -Eq -- 'ready$' /var/log/x`);
  });
  it('argument errors', () => {
    expect(argError(waitForModule, { port: 1, path: '/x' })).toMatch(/not both/);
    expect(argError(waitForModule, { port: 70000 })).toMatch(/port/);
    expect(argError(waitForModule, { port: 1, state: 'present' })).toMatch(/is for 'path'/);
    expect(argError(waitForModule, { port: 1, search_regex: 'x' })).toMatch(/needs 'path'/);
    expect(argError(waitForModule, { host: 'a;b', port: 1 })).toMatch(/host/);
  });
});

describe('fail', () => {
  it('fails with the message or the default', async () => {
    expect(await plan(failModule, { msg: 'unsupported OS' }, {})).toEqual({ changes: [], fail: 'unsupported OS', result: { msg: 'unsupported OS' } });
    expect((await plan(failModule, {}, {})).fail).toBe('Failed as requested from task');
    expect(failModule.local).toBe(true);
    expect(argError(failModule, { message: 'x' })).toMatch(/message/);
  });
});

describe('set_fact', () => {
  it('sets the given variables, ignoring cacheable', async () => {
    const r = await plan(setFactModule, { og_nodes: ['a', 'b'], primary: 'og1', cacheable: true }, {});
    expect(r).toEqual({ changes: [], setFacts: { og_nodes: ['a', 'b'], primary: 'og1' }, result: { ansible_facts: { og_nodes: ['a', 'b'], primary: 'og1' } } });
  });
  it('argument errors', () => {
    expect(argError(setFactModule, { 'bad-name': 1 })).toMatch(/not a valid variable name/);
    expect(argError(setFactModule, {})).toMatch(/at least one/);
  });
});
