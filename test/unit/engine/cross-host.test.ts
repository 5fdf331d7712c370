/**
 * Tasks that may act on other hosts (docs/architecture.md §3.3, other hosts): an OM tool run on
 * one node works on every node over SSH, so a command that changed something on some hosts makes
 * the others' facts stale, and no host runs ahead of it in a batch while another host runs it.
 */
import { describe, expect, it } from 'vitest';
import { put, testModules } from './fake-modules.js';
import type { Module } from '../../../src/tasks/module.js';
import { makeHosts, run, statuses, writeRole } from './harness.js';

const putx: Module<{ path: string; content: string }> = { ...put, name: 'putx', effects: (a) => [a.path] };
const modules = [...testModules, putx];

describe('engine: a command run on some hosts may change the others', () => {
  it("the hosts that did not run it read their facts again: h2 plans from the file h1's tool rewrote on it", async () => {
    const [h1, h2] = makeHosts(2);
    for (const h of [h1!, h2!]) h.files.set('/etc/thp', 'always');
    // h1's tool reaches h2 too (as gs_preinstall does over SSH)
    h1!.stub('om-tool', 'printf never > /etc/thp');
    h1!.onExec = (script) => {
      if (script.includes('om-tool')) h2!.files.set('/etc/thp', 'never');
    };
    const tasks = [
      '- name: t0\n  putx: { path: /etc/first, content: "1" }\n',
      "- name: om on h1\n  command: { cmd: om-tool }\n  when: inventory_hostname == 'h1'\n",
      '- name: thp never\n  put: { path: /etc/thp, content: never }\n',
    ].join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), [h1!, h2!], { modules });
    expect(r.events.filter((e) => e.type === 'failure')).toEqual([]);
    expect(r.result.exitCode).toBe(0);
    expect(statuses(r.events, 'om on h1')).toEqual({ h1: 'changed', h2: 'skipped' });
    // planned from the file as it is after the tool: nothing to do on either host
    expect(statuses(r.events, 'thp never')).toEqual({ h1: 'ok', h2: 'ok' });
    // h2 had read /etc/thp before the tool ran (the refresh after t0: 'always'), and again after it
    const reads = h2!.batches.filter((ids) => ids.includes('content:/etc/thp')).length;
    expect(reads).toBeGreaterThanOrEqual(2);
  });

  it('no host runs a later change in a batch ahead of a command another host still has to run', async () => {
    const [h1, h2] = makeHosts(2);
    // when the tool runs on h1, h2 must not have written /etc/later yet (the linear order across hosts)
    h1!.stub('om-tool', 'true');
    h1!.delayMs = 40; // h1's round trips arrive after h2's, as from a farther host
    const seen: (string | undefined)[] = [];
    h1!.onExec = (script) => {
      if (script.includes('om-tool')) seen.push(h2!.files.get('/etc/later'));
    };
    const tasks = [
      '- name: t0\n  putx: { path: /etc/first, content: "1" }\n',
      "- name: om on h1\n  command: { cmd: om-tool }\n  when: inventory_hostname == 'h1'\n",
      '- name: after\n  putx: { path: /etc/later, content: "1" }\n',
    ].join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), [h1!, h2!], { modules });
    expect(r.result.exitCode).toBe(0);
    expect(statuses(r.events, 'om on h1')).toEqual({ h1: 'changed', h2: 'skipped' });
    expect(statuses(r.events, 'after')).toEqual({ h1: 'changed', h2: 'changed' });
    expect(seen).toEqual([undefined]);
  });

  it('a command skipped on every host (or run on every host) is still passed over (or joined) in a batch', async () => {
    const [h1, h2] = makeHosts(2);
    const tasks = [
      '- name: t0\n  putx: { path: /etc/first, content: "1" }\n',
      '- name: nowhere\n  command: { cmd: om-tool }\n  when: false\n',
      '- name: t2\n  putx: { path: /etc/b, content: "1" }\n',
    ].join('');
    await run(writeRole({ 'tasks/main.yml': tasks }), [h1!, h2!], { modules });
    // t0 and t2 in one script on each host
    for (const h of [h1!, h2!]) expect(h.scripts.map((s) => (s.match(/write '?\//g) ?? []).length).filter((n) => n > 0)).toEqual([2]);
  });

  it('a command handler notified on some hosts only runs in its own step there, not in the batch of the handler before it', async () => {
    const [h1, h2] = makeHosts(2);
    h1!.stub('om-tool', 'true');
    const tasks = [
      '- name: a\n  putx: { path: /etc/first, content: "1" }\n  notify: [write h]\n',
      '- name: b\n  putx: { path: /etc/second, content: "1" }\n  notify: [om]\n  when: inventory_hostname == \'h1\'\n',
    ].join('');
    const handlers = ['- name: write h\n  putx: { path: /etc/h, content: "1" }\n', '- name: om\n  command: { cmd: om-tool }\n'].join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks, 'handlers/main.yml': handlers }), [h1!, h2!], { modules });
    expect(r.result.exitCode).toBe(0);
    expect(statuses(r.events, 'om')).toEqual({ h1: 'changed' });
    const withTool = h1!.scripts.filter((x) => x.includes('om-tool'));
    expect(withTool).toHaveLength(1);
    expect(withTool[0]).not.toContain('/etc/h');
  });
});
