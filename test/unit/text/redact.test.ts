import { describe, expect, it } from 'vitest';
import { redact, Redactor } from '../../../src/text/redact.js';

describe('redact', () => {
  it('replaces every occurrence of every secret', () => {
    const text = 'gs_install -w Abc_123x && echo Abc_123x; ca=Zz9-Zz9-Zz9 user=omm';
    expect(redact(text, ['Abc_123x', 'Zz9-Zz9-Zz9'])).toBe('gs_install -w ******** && echo ********; ca=******** user=omm');
  });
  it('masks a longer secret whole even when a shorter one inside it came first; ignores empty strings', () => {
    expect(redact('a=Pass1234Extra b=Pass1234', ['Pass1234', 'Pass1234Extra', ''])).toBe('a=******** b=********');
  });
  it('regex characters in secrets are literal', () => {
    expect(redact('x=a.b*c+ y=aXbbc', ['a.b*c+'])).toBe('x=******** y=aXbbc');
  });
});

describe('Redactor (the engine run)', () => {
  it('masks the longest secret first, whatever the order they were registered in', () => {
    const r = new Redactor();
    r.add('secret');
    r.addVars({ db_password: 'Gauss@123secret' });
    expect(r.redact('login Gauss@123secret ok')).toBe('login ******** ok');
  });
  it('takes variables whose names look secret, and no value shorter than 3', () => {
    const r = new Redactor();
    r.addVars({ ansible_become_pass: 'sudo-pw', api_token: 'tok', user: 'omm', x_pass: 'ab' });
    expect(r.redact('sudo-pw tok omm ab')).toBe('******** ******** omm ab');
  });
});
