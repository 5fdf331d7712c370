import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { globQuote, shJoin, shQuote } from '../../../src/text/shlex.js';

/** What sh makes of a command line: each argument on its own NUL-terminated record. */
function shArgs(line: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shQuote', () => {
  it('leaves plain words alone', () => {
    expect(shQuote('/etc/hosts')).toBe('/etc/hosts');
    expect(shQuote('net.ipv4.tcp_retries1=5')).toBe('net.ipv4.tcp_retries1=5');
  });
  it('quotes the empty string and specials', () => {
    expect(shQuote('')).toBe("''");
    expect(shQuote('a b')).toBe("'a b'");
    expect(shQuote("it's")).toBe(`'it'"'"'s'`); // Python's shlex.quote, character for character
  });
  it("is Python's shlex.quote (Ansible's quote filter), character for character", () => {
    const words = ['', 'plain', "it's", 'a b', '$(id)', '`id`', 'a\nb', 'a,b:c@d%e+f=g', '-n', '~root', 'é', '\\', '"', "'", 'x;y', '\t'];
    const script = 'import json,shlex,sys; print(json.dumps([shlex.quote(w) for w in json.load(sys.stdin)]))';
    const py = JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(words), encoding: 'utf8' })) as string[];
    expect(words.map(shQuote)).toEqual(py);
  });
  it('round-trips hostile strings through a real sh', () => {
    const nasty = ['', ' ', "'", '"', '$(id)', '`id`', 'a\nb', '\\', '*', '-n', 'x;rm -rf /', '~root', '!x', '\t'];
    expect(shArgs(shJoin(nasty))).toEqual(nasty);
  });
});

describe('globQuote', () => {
  it('keeps only glob characters special', () => {
    const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    execFileSync('sh', ['-c', `touch "${dir}/a b.conf" "${dir}/\\$x.conf"`]);
    const out = shArgs(globQuote(`${dir}/*.conf`)).sort();
    expect(out).toEqual([`${dir}/$x.conf`, `${dir}/a b.conf`]);
    expect(shArgs(globQuote(`${dir}/$x.conf`))).toEqual([`${dir}/$x.conf`]);
    execFileSync('rm', ['-rf', dir]);
  });
});
