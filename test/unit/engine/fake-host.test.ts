import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeHost } from './fake-transport.js';

describe('fake host (engine tests run their shell here)', () => {
  it("runs sh on its own files, network and name; the machine's files stay out of reach", async () => {
    const h = new FakeHost('h7');
    const t = h.transport();
    const marker = `/usr/afo-fakehost-${process.pid}`;
    const r = await t.exec(`echo hi > /etc/q; hostname; ip -o -4 addr show eth0 | cut -d' ' -f7; touch ${marker} 2>/dev/null || echo ro`);
    expect(r).toMatchObject({ exitCode: 0, stdout: 'h7\n10.213.9.11/24\nro\n' });
    expect(h.files.get('/etc/q')).toBe('hi\n');
    expect(readFileSync(join(h.root, 'etc/q'), 'utf8')).toBe('hi\n');
    expect(existsSync(marker)).toBe(false);
    expect(h.files.keys()).toEqual(['/etc/q']);
  });

  it('a stub is a command on the host that records each run with the exec options', async () => {
    const h = new FakeHost('h8').stub('greet', 'echo "hello $1 ($LC_ALL)"; exit 3');
    const r = await h.transport().exec('greet you', { env: { LC_ALL: 'C' } });
    expect(r).toMatchObject({ exitCode: 3, stdout: 'hello you (C)\n' });
    expect(h.execs).toEqual([{ command: 'greet you', opts: { env: { LC_ALL: 'C' } } }]);
    expect((await h.transport().exec('no-such-command')).exitCode).toBe(127);
  });
});
