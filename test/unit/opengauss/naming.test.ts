import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { compareIpStrings, ipv4Problem, ipv4ToInt, isIpv4, nodeName } from '../../../src/opengauss/naming.js';

describe('nodeName', () => {
  it('matches the two examples of docs/opengauss.md §2.2', () => {
    expect(nodeName('192.168.56.11')).toBe('og3232249867');
    expect(nodeName('10.0.0.5')).toBe('og167772165');
  });

  it('covers the unsigned 32-bit range without going negative', () => {
    expect(ipv4ToInt('0.0.0.0')).toBe(0);
    expect(ipv4ToInt('255.255.255.255')).toBe(4294967295);
    expect(nodeName('128.0.0.1')).toBe('og2147483649');
  });

  it.each([
    ['192.168.56', /4/],
    ['192.168.56.11.1', /4/],
    ['192.168.056.11', /leading zero/],
    ['192.168.256.11', /greater than 255/],
    ['192.168.-1.11', /not a decimal/],
    ['db1.example', /parts/],
    [' 10.0.0.5', /whitespace/],
    ['', /parts/],
  ])('refuses %j with a clear UserError', (text, reason) => {
    expect(isIpv4(text)).toBe(false);
    expect(ipv4Problem(text)).toMatch(reason);
    expect(() => nodeName(text)).toThrow(UserError);
    expect(() => nodeName(text)).toThrow(/not an IPv4 address.*ansible_host/s);
  });
});

describe('compareIpStrings', () => {
  it('sorts as strings: …56.19 before …56.9', () => {
    expect(['192.168.56.9', '192.168.56.19', '192.168.56.100'].sort(compareIpStrings)).toEqual(['192.168.56.100', '192.168.56.19', '192.168.56.9']);
  });
});
