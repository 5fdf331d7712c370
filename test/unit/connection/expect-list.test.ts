import { describe, expect, it } from 'vitest';
import { ExpectMatcher } from '../../../src/connection/expect.js';
import { expectRules } from '../../../src/tasks/modules/expect.js';

describe("ExpectMatcher with the expect module's answer lists", () => {
  it('answers a repeated prompt with successive answers, then refuses a third', () => {
    const m = new ExpectMatcher(expectRules({ 'Password:': ['first', 'second'], 'Continue\\?': 'yes' }));
    expect(m.feed('Password:')).toEqual({ writes: ['first\n'] });
    expect(m.feed(' ok\nContinue? ')).toEqual({ writes: ['yes\n'] });
    expect(m.feed('Password:')).toEqual({ writes: ['second\n'] });
    expect(m.feed('Password:').error).toMatch(/appeared again after its answers ran out/);
  });
});
