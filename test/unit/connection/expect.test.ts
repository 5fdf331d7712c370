import { describe, expect, it } from 'vitest';
import { ExpectMatcher, maskSecrets } from '../../../src/connection/expect.js';

describe('ExpectMatcher', () => {
  it('answers a prompt once it is complete, even when it arrives in pieces', () => {
    const m = new ExpectMatcher([{ prompt: 'Password:\\s*$', answer: 's3cret' }]);
    expect(m.feed('Enter Pass').writes).toEqual([]);
    expect(m.feed('word: ').writes).toEqual(['s3cret\n']);
  });

  it('matches only output seen since the last answer', () => {
    const m = new ExpectMatcher([{ prompt: 'Password:', answer: 'p' }]);
    expect(m.feed('Password:').writes).toEqual(['p\n']);
    expect(m.feed('\nok\n').writes).toEqual([]);
    expect(m.feed('Password:').writes).toEqual(['p\n']);
  });

  it('answers several prompts of one chunk in the order they appear', () => {
    const m = new ExpectMatcher([
      { prompt: 'again:', answer: 'two' },
      { prompt: 'password:', answer: 'one' },
    ]);
    expect(m.feed('Enter password: Enter it again: ').writes).toEqual(['one\n', 'two\n']);
  });

  it('stops when a prompt comes back after its answers ran out, without the answer in the error', () => {
    const m = new ExpectMatcher([{ prompt: 'Password:', answer: 'hunter2', times: 1 }]);
    expect(m.feed('Password:').writes).toEqual(['hunter2\n']);
    const step = m.feed('\nSorry.\nPassword:');
    expect(step.writes).toEqual([]);
    expect(step.error).toMatch(/Password:.*ran out/);
    expect(step.error).not.toContain('hunter2');
  });

  it('honours times > 1', () => {
    const m = new ExpectMatcher([{ prompt: '\\? $', answer: 'y', times: 2 }]);
    expect(m.feed('ok? ').writes).toEqual(['y\n']);
    expect(m.feed('sure? ').writes).toEqual(['y\n']);
    expect(m.feed('really? ').error).toBeDefined();
  });
});

describe('maskSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(maskSecrets('pw=abc; again abc; xyz', ['abc', 'xyz', ''])).toBe('pw=********; again ********; ********');
  });
});
