import { afterEach, describe, expect, it } from 'vitest';
import { passwordHash } from '../../../src/opengauss/deploy/keys.js';
import { sha512Crypt } from '../../../src/text/sha-crypt.js';

const PATH = process.env.PATH;
afterEach(() => {
  process.env.PATH = PATH;
});

describe('sha512Crypt', () => {
  it("gives the specification's test vector", () => {
    expect(sha512Crypt('Hello world!', 'saltstring')).toBe(
      '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
    );
  });
});

describe("the deploy's OS user password hash", () => {
  it('is SHA-512 crypt computed in-process: it works with no openssl on PATH', () => {
    process.env.PATH = '/nonexistent';
    const hash = passwordHash('Gauss@123');
    expect(hash).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    expect(sha512Crypt('Gauss@123', hash.split('$')[2])).toBe(hash);
  });
});
