import { describe, expect, it } from 'vitest';
import { parseFreeForm } from '../../../src/roles/free-form.js';

describe('free-form arguments', () => {
  it('keeps a multi-line shell script as written', () => {
    const script = 'if true\nthen echo "a  b"\nfi\n';
    expect(parseFreeForm('shell', script)).toEqual({ cmd: script });
  });

  it('takes inline options out of a one-line command', () => {
    expect(parseFreeForm('command', 'creates=/tmp/x touch /tmp/x')).toEqual({ creates: '/tmp/x', cmd: 'touch /tmp/x' });
  });

  it('reads k=v for other modules', () => {
    expect(parseFreeForm('file', 'path=/tmp/x state=directory')).toEqual({ path: '/tmp/x', state: 'directory' });
  });
});
