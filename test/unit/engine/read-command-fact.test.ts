/** The read-command fact (src/facts/command-output.ts): its id, its run in a real sh batch, its staleness. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { touchedBy } from '../../../src/engine/batch.js';
import { buildBatch } from '../../../src/engine/fact-batch.js';
import { FactCache } from '../../../src/engine/fact-cache.js';
import { commandOutputFact } from '../../../src/facts/command-output.js';
import { commandModule, shellModule } from '../../../src/tasks/modules/command.js';
import { fileModule } from '../../../src/tasks/modules/file.js';

const idOf = (m: typeof commandModule | typeof shellModule, args: Record<string, unknown>) => {
  const a = m.args.parse(args) as never;
  return commandOutputFact(m.readCommand!(a)!).id;
};

describe('read-command fact id: what runs', () => {
  it('is the same for the same command (free-form text or argv), different for anything that changes what runs', () => {
    const base = idOf(commandModule, { cmd: 'systemctl is-active ntpd' });
    expect(idOf(commandModule, { argv: ['systemctl', 'is-active', 'ntpd'] })).toBe(base);
    const others = [
      idOf(commandModule, { cmd: 'systemctl is-active chronyd' }),
      idOf(commandModule, { cmd: 'systemctl is-active ntpd', chdir: '/tmp' }),
      idOf(commandModule, { cmd: 'systemctl is-active ntpd', creates: '/x' }),
      idOf(commandModule, { cmd: 'systemctl is-active ntpd', removes: '/x' }),
      idOf(shellModule, { cmd: 'systemctl is-active ntpd', executable: '/bin/bash' }),
      idOf(commandModule, { cmd: "sh -c 'a b'" }),
      idOf(commandModule, { argv: ['sh', '-c', 'a', 'b'] }),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it('a command with stdin cannot be read in the fact batch', () => {
    expect(commandModule.readCommand!(commandModule.args.parse({ cmd: 'cat', stdin: 'x' }) as never)).toBeUndefined();
  });
});

describe('read-command fact in a real sh batch', () => {
  const sh = (specs: ReturnType<typeof commandOutputFact>[]) => {
    const batch = buildBatch(specs);
    const r = spawnSync('sh', ['-c', batch.script], { encoding: 'utf8', cwd: '/' });
    return { parts: batch.split(r.stdout), stderr: r.stderr };
  };

  it('keeps stdout, stderr and exit code exactly, and a command that exits or sets variables leaks into nothing', () => {
    const specs = [
      commandOutputFact({ command: 'printf "o1\\no2\\n\\n"; printf "e1\\n\\n" >&2; exit 7' }),
      commandOutputFact({ command: 'afo_x=leak; PATH=/nowhere; echo x; echo y >&2' }),
      commandOutputFact({ command: 'echo "${afo_x:-clean}"; command -v sh >/dev/null && echo path-ok' }),
      commandOutputFact({ command: 'printf "no newline x1"; printf "errx" >&2' }),
      commandOutputFact({ command: 'pwd', cwd: '/tmp' }),
      commandOutputFact({ command: 'echo ran', creates: '/' }),
      commandOutputFact({ command: 'echo ran', removes: '/nonexistent-afo-*' }),
      commandOutputFact({ command: 'echo ran', creates: '/nonexistent-afo-*' }),
      commandOutputFact({ command: 'cat' }),
    ];
    const { parts, stderr } = sh(specs);
    const got = specs.map((s) => parts.get(s.id));
    expect(got).toEqual([
      { stdout: 'o1\no2\n\n', stderr: 'e1\n\n', exitCode: 7 },
      { stdout: 'x\n', stderr: 'y\n', exitCode: 0 },
      { stdout: 'clean\npath-ok\n', stderr: '', exitCode: 0 },
      { stdout: 'no newline x1', stderr: 'errx', exitCode: 0 },
      { stdout: '/tmp\n', stderr: '', exitCode: 0 },
      { stdout: '', stderr: '', exitCode: 0 },
      { stdout: '', stderr: '', exitCode: 0 },
      { stdout: 'ran\n', stderr: '', exitCode: 0 },
      // stdin is /dev/null, as for every fact
      { stdout: '', stderr: '', exitCode: 0 },
    ]);
    expect(stderr).toBe('');
    expect(specs[0]!.parse(got[0]!.stdout, got[0]!.exitCode, got[0]!.stderr)).toEqual({ rc: 7, stdout: 'o1\no2\n\n', stderr: 'e1\n\n' });
  });
});

describe('read-command fact: stale after any change', () => {
  it('FactCache.changed drops read-command outputs and keeps the other facts', async () => {
    const read = commandOutputFact({ command: 'echo r' });
    const other = { id: 'stat:/etc', command: 'echo s', parse: (s: string) => s.trim() };
    const cache = new FactCache('h', async (script) => ({ ...spawnSync('sh', ['-c', script], { encoding: 'utf8' }), exitCode: 0 }), {});
    await cache.ensure([read, other]);
    expect(cache.get(read).stdout).toBe('r\n');
    expect(cache.dirty).toBe(false);
    cache.changed();
    expect(cache.dirty).toBe(true);
    expect(cache.known(read.id)).toBe(false);
    expect(cache.get(other)).toBe('s');
  });

  it('a batched task with known effects still touches every read command', () => {
    const args = fileModule.args.parse({ path: '/opt/x', state: 'directory' }) as Record<string, unknown>;
    const touched = touchedBy(fileModule as never, args, [], [{ kind: 'exec', description: 'mkdir', command: 'mkdir /opt/x' }]);
    expect(touched('stat:/etc/hosts')).toBe(false);
    expect(touched(commandOutputFact({ command: 'cat /etc/hosts' }).id)).toBe(true);
  });
});
