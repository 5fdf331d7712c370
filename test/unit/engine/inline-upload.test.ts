import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INLINE_MAX, inlineUpload } from '../../../src/engine/inline-upload.js';
import type { Module, UploadChange } from '../../../src/tasks/module.js';
import { testModules } from './fake-modules.js';
import { makeHosts, run, writeRole } from './harness.js';

const upload = (dest: string, content: Buffer, mode?: string): UploadChange => ({ kind: 'upload', description: `write ${dest}`, dest, content, mode });
const sh = (command: string) => spawnSync('sh', ['-c', command], { encoding: 'utf8' });

describe('inline upload script (real sh)', () => {
  it('places the exact bytes atomically with the mode asked for, and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-inline-'));
    const bytes = Buffer.from([0, 1, 2, 255, 10, 39, 34, 36, 96, 92, 0x41]); // NUL, quotes, $, `, \
    const r = sh(inlineUpload(upload(join(dir, 'f.bin'), bytes, '0640')).change.command);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'f.bin')).equals(bytes)).toBe(true);
    expect((statSync(join(dir, 'f.bin')).mode & 0o777).toString(8)).toBe('640');
    expect(readdirSync(dir)).toEqual(['f.bin']);
  });

  it("keeps an existing file's mode when none is given", () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-inline-'));
    writeFileSync(join(dir, 'conf'), 'old');
    chmodSync(join(dir, 'conf'), 0o600);
    expect(sh(inlineUpload(upload(join(dir, 'conf'), Buffer.from('new\n'))).change.command).status).toBe(0);
    expect(readFileSync(join(dir, 'conf'), 'utf8')).toBe('new\n');
    expect((statSync(join(dir, 'conf')).mode & 0o777).toString(8)).toBe('600');
  });

  it('a missing parent directory fails with exit 3 and says what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-inline-'));
    const r = sh(inlineUpload(upload(join(dir, 'no/such/f'), Buffer.from('x'))).change.command);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/parent directory .*no\/such does not exist; create it first/);
  });

  it('what logs show never contains the content, even encoded', () => {
    const secret = Buffer.from('password=hunter2\n');
    const u = inlineUpload(upload('/etc/app.conf', secret, '0600'));
    expect(u.change.command).toContain(secret.toString('base64'));
    expect(u.display).toBe('upload /etc/app.conf (17 bytes, mode 0600, inline)');
  });
});

/** `fill: { path, size }` — uploads `size` bytes. */
const fill: Module<{ path: string; size: number }> = {
  name: 'fill',
  args: z.object({ path: z.string(), size: z.number() }).strict(),
  facts: () => [],
  plan: (a) => ({ changes: [{ kind: 'upload', description: `place ${a.path}`, dest: a.path, content: Buffer.alloc(a.size, 'x') }] }),
};

describe('engine: small uploads share the task round trip', () => {
  const role = (size: number) =>
    writeRole({ 'tasks/main.yml': `- name: place\n  fill: { path: /etc/p, size: ${size} }\n- name: after\n  put: { path: /etc/a, content: A }\n` });

  it('a small file goes as an exec that also carries the fact refresh; events show no content', async () => {
    const hosts = makeHosts(1);
    const r = await run(role(100), hosts, { modules: [...testModules, fill] as Module[] });
    expect(r.result.exitCode).toBe(0);
    expect(hosts[0]!.uploads).toEqual([{ dest: '/etc/p', content: 'x'.repeat(100), inline: true }]);
    // gather, the inline upload (+ facts for the next task), the put
    expect(r.result.hosts.h1!.channels).toBe(3);
    const logged = r.events.flatMap((e) => (e.type === 'command' && e.purpose === 'exec' ? [e.command] : []));
    expect(logged[0]).toBe('upload /etc/p (100 bytes, inline)');
  });

  it(`a file over ${INLINE_MAX} bytes still goes by SFTP`, async () => {
    const hosts = makeHosts(1);
    const r = await run(role(INLINE_MAX + 1), hosts, { modules: [...testModules, fill] as Module[] });
    expect(r.result.exitCode).toBe(0);
    expect(hosts[0]!.uploads.map((u) => [u.dest, u.inline])).toEqual([['/etc/p', undefined]]);
    // gather, the SFTP upload (it forgets only its own path's facts), the put
    expect(r.result.hosts.h1!.channels).toBe(3);
  });
});

describe('engine: a task that only places small files re-reads only facts about those paths', () => {
  it('the refresh riding the inline upload holds the placed path, not every later fact', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: conf
  place: { dest: /etc/app/app.conf, text: v1 }
- name: other
  put: { path: /etc/other, content: o }
- name: conf-again
  place: { dest: /etc/app/app.conf, text: v1 }
`,
    });
    const hosts = makeHosts(1);
    hosts[0]!.files.dir('/etc/app');
    const r = await run(dir, hosts, {});
    expect(r.result.exitCode).toBe(0);
    expect(hosts[0]!.uploads.map((u) => [u.dest, u.inline])).toEqual([['/etc/app/app.conf', true]]);
    // gather; the inline upload re-reads app.conf only (/etc/other is still known); the put
    expect(hosts[0]!.batches.slice(0, 2)).toEqual([['base', 'content:/etc/app/app.conf', 'content:/etc/other'], ['content:/etc/app/app.conf']]);
    expect(r.result.hosts.h1!.channels).toBe(3);
    const conf = r.events.flatMap((e) => (e.type === 'host-task-end' ? [`${e.task.name}:${e.status}`] : []));
    expect(conf).toEqual(['conf:changed', 'other:changed', 'conf-again:ok']);
  });
});
