import { describe, expect, it } from 'vitest';
import { expandHostPattern, expandRanges, HostPatternError, parseAddress } from '../../../src/inventory/ranges.js';

describe('host ranges', () => {
  it('expands numeric ranges, inclusive', () => {
    expect(expandRanges('192.168.56.[11:15]')).toEqual(['192.168.56.11', '192.168.56.12', '192.168.56.13', '192.168.56.14', '192.168.56.15']);
  });
  it('keeps zero padding', () => {
    expect(expandRanges('db[01:03]')).toEqual(['db01', 'db02', 'db03']);
    expect(expandRanges('n[008:010]')).toEqual(['n008', 'n009', 'n010']);
  });
  it('expands letters, steps, and several ranges in one name', () => {
    expect(expandRanges('h[a:c]')).toEqual(['ha', 'hb', 'hc']);
    expect(expandRanges('w[1:10:3]')).toEqual(['w1', 'w4', 'w7', 'w10']);
    expect(expandRanges('v[a:e:2]')).toEqual(['va', 'vc', 've']);
    expect(expandRanges('r[1:2]-u[a:b]')).toEqual(['r1-ua', 'r1-ub', 'r2-ua', 'r2-ub']);
  });
  it('an empty begin means 0', () => {
    expect(expandRanges('x[:2]')).toEqual(['x0', 'x1', 'x2']);
  });
  it.each([
    ['db[1:2:3:4]', /begin:end/],
    ['db[1:]', /no end/],
    ['db[01:100]', /equal length/],
    ['db[5:1]', /begins after it ends/],
    ['db[c:a]', /begins after it ends/],
    ['db[1:5:0]', /step/],
    ['db[a:5]', /single letter/],
    ['db[1:x]', /numbers or single letters/],
    ['db[1:2', /closing/],
  ])('%s is an error', (pattern, message) => {
    expect(() => expandRanges(pattern)).toThrow(message);
  });
});

describe('host patterns with ports', () => {
  it('splits host:port and keeps the range', () => {
    expect(expandHostPattern('web[1:2]:2222')).toEqual({ hosts: ['web1', 'web2'], port: 2222 });
    expect(expandHostPattern('10.0.0.1:22')).toEqual({ hosts: ['10.0.0.1'], port: 22 });
    expect(expandHostPattern('[2001:db8::1]:2200')).toEqual({ hosts: ['2001:db8::1'], port: 2200 });
    expect(expandHostPattern('2001:db8::1')).toEqual({ hosts: ['2001:db8::1'] });
    expect(expandHostPattern('plain')).toEqual({ hosts: ['plain'] });
  });
  it('refuses names Ansible would take silently but are mistakes', () => {
    expect(() => expandHostPattern('web:')).toThrow(/ends in ':'/);
    expect(() => expandHostPattern('db:x')).toThrow(HostPatternError);
    expect(() => expandHostPattern('web-')).toThrow(/not a valid host name/);
    expect(() => expandHostPattern('a b')).toThrow(HostPatternError);
    expect(() => expandHostPattern('---')).toThrow(/YAML/);
  });
  it('parseAddress validates IPv4 parts', () => {
    expect(parseAddress('192.168.56.255').host).toBe('192.168.56.255');
    // 256 is not an IPv4 part, but a dotted all-digit name is still a valid DNS-style label list
    expect(parseAddress('256.1.1.1').host).toBe('256.1.1.1');
  });
});
