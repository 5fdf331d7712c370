import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isEnvName, shJoin, shQuote } from '../../../src/connection/quote.js';

/** What `sh` makes of a quoted word: the proof that quoting is right. */
function throughShell(word: string): string {
  return execFileSync('/bin/sh', ['-c', `printf '%s' ${shQuote(word)}`], { encoding: 'utf8' });
}

describe('shQuote', () => {
  it('leaves safe words alone', () => {
    expect(shQuote('/opt/software/openGauss')).toBe('/opt/software/openGauss');
    expect(shQuote('omm:dbgrp')).toBe('omm:dbgrp');
  });

  it('quotes empty words and words with shell syntax', () => {
    expect(shQuote('')).toBe("''");
    expect(shQuote('a b')).toBe("'a b'");
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
    expect(shQuote('X=1')).toBe("'X=1'"); // would be an assignment as a first word
    expect(shQuote('~root')).toBe("'~root'");
  });

  it.each(["it's", 'a b\tc\nd', '$(touch /tmp/pwned)', '`id`', '"; rm -rf / #', '\\', "'", "''", '*', '!x', 'ünïcödé', '%s %d'])(
    'survives the shell unchanged: %j',
    (word) => {
      expect(throughShell(word)).toBe(word);
    },
  );

  it('joins words', () => {
    expect(shJoin(['ls', '-l', 'a b'])).toBe("ls -l 'a b'");
  });

  it('checks environment names', () => {
    expect(isEnvName('GAUSSHOME')).toBe(true);
    expect(isEnvName('_x1')).toBe(true);
    expect(isEnvName('1x')).toBe(false);
    expect(isEnvName('A-B')).toBe(false);
    expect(isEnvName('A;rm')).toBe(false);
  });
});
