/** global_pkg_mirror: the original's URL prefix (+ /openeuler), afo's earlier host name, bad values. */
import { describe, expect, it } from 'vitest';
import { mirrorEdit } from '../../../src/opengauss/mirror.js';
import { UserError } from '../../../src/errors.js';

// What the replace module does with the edit (Python regex = JS here: no backreferences).
const apply = (value: string, line: string) => {
  const e = mirrorEdit(value);
  return line.replace(new RegExp(e.regexp, 'g'), e.replace);
};
const BASE = 'baseurl=http://repo.openeuler.org/openEuler-20.03-LTS/OS/$basearch/';
const GPG = 'gpgkey=https://repo.openeuler.org/openEuler-22.03-LTS/OS/$basearch/RPM-GPG-KEY-openEuler';

describe('global_pkg_mirror', () => {
  it("a URL is the original's prefix: http(s)://repo.openeuler.org -> <url>/openeuler", () => {
    expect(apply('https://mirrors.tuna.tsinghua.edu.cn', BASE)).toBe(
      'baseurl=https://mirrors.tuna.tsinghua.edu.cn/openeuler/openEuler-20.03-LTS/OS/$basearch/',
    );
    expect(apply('http://10.0.0.5:8080/', GPG)).toBe('gpgkey=http://10.0.0.5:8080/openeuler/openEuler-22.03-LTS/OS/$basearch/RPM-GPG-KEY-openEuler');
    expect(apply('https://repo.example.org/pub', BASE)).toBe('baseurl=https://repo.example.org/pub/openeuler/openEuler-20.03-LTS/OS/$basearch/');
  });

  it('a URL that already ends in /openeuler gets no second one', () => {
    expect(apply('https://mirrors.huaweicloud.com/openeuler/', BASE)).toBe(
      'baseurl=https://mirrors.huaweicloud.com/openeuler/openEuler-20.03-LTS/OS/$basearch/',
    );
  });

  it("a bare host name keeps afo's earlier meaning: only the host changes", () => {
    expect(apply('mirror.local:8080', BASE)).toBe('baseurl=http://mirror.local:8080/openEuler-20.03-LTS/OS/$basearch/');
  });

  it('anything else is an input error naming the variable and both spellings', () => {
    for (const v of ['ftp://mirror', 'mirror local', 'https://', 'https://a b/x', 'https://x/\\1']) {
      expect(() => mirrorEdit(v), v).toThrow(UserError);
      expect(() => mirrorEdit(v), v).toThrow(/global_pkg_mirror .*URL .*host name/);
    }
  });
});
