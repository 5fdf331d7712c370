/**
 * `global_pkg_mirror` (docs/opengauss.md §3.6): which text of the openEuler repository file is
 * replaced with what. Two spellings, told apart by the scheme:
 *
 * - a URL (`https://mirrors.example.org`, the Ansible original's meaning): a prefix that replaces
 *   `http://repo.openeuler.org` and `https://repo.openeuler.org`, with `/openeuler` appended
 *   (the path mirrors serve openEuler under); a URL already ending in `/openeuler` is used as is;
 * - a bare host name (`mirrors.example.org[:port]`, afo's earlier meaning): replaces only the host
 *   `repo.openeuler.org`, keeping scheme and path.
 */
import { UserError } from '../errors.js';

export interface MirrorEdit {
  /** Python-style regular expression for the `replace` module. */
  regexp: string;
  replace: string;
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/;

export function mirrorEdit(value: string): MirrorEdit {
  const v = value.trim();
  const url = /^(https?):\/\/([^/\s]+)(\/[^\s]*)?$/.exec(v);
  if (url) {
    if (!HOST.test(url[2]!)) throw bad(value);
    const path = (url[3] ?? '').replace(/\/+$/, '');
    const prefix = `${url[1]}://${url[2]}${path.endsWith('/openeuler') ? path : `${path}/openeuler`}`;
    if (/[\\]/.test(prefix)) throw bad(value);
    return { regexp: 'https?://repo\\.openeuler\\.org', replace: prefix };
  }
  if (HOST.test(v)) return { regexp: 'repo\\.openeuler\\.org', replace: v };
  throw bad(value);
}

function bad(value: string): UserError {
  return new UserError(
    `global_pkg_mirror ${JSON.stringify(value)} is neither a URL (https://mirrors.example.org: replaces http(s)://repo.openeuler.org, ` +
      "'/openeuler' is appended, as the Ansible original) nor a host name (mirrors.example.org: replaces only the host); fix it in group_vars or -e",
  );
}
