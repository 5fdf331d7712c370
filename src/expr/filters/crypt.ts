/**
 * password_hash: SHA-crypt ($5$ sha256, $6$ sha512, computed by src/text/sha-crypt.ts).
 * Without a salt a random one is drawn, as Ansible does. Default rounds are glibc's 5000; Ansible with passlib would use 535000
 * or 656000, which is slow in a per-host loop. Pass `rounds=` for that.
 */
import { randomSalt, SHA256, SHA512, shaCrypt } from '../../text/sha-crypt.js';
import { ExprError } from '../errors.js';
import type { FilterFn } from '../registry.js';
import { arg, strArg } from '../registry.js';
import { pyStr } from '../values.js';

export const CRYPT_FILTERS: [string, FilterFn][] = [
  [
    'password_hash',
    (v, a) => {
      const type = strArg(a, 0, 'hashtype', 'sha512');
      const scheme = type === 'sha512' || type === 'sha512_crypt' ? SHA512 : type === 'sha256' || type === 'sha256_crypt' ? SHA256 : undefined;
      if (!scheme) throw new ExprError(`password_hash: unsupported hash type '${type}' (use sha512 or sha256)`);
      const saltArg = arg(a, 1, 'salt', null);
      const salt = saltArg === null ? randomSalt(16) : pyStr(saltArg);
      if (!/^[./0-9A-Za-z]*$/.test(salt)) throw new ExprError('password_hash: the salt may contain only ./0-9A-Za-z');
      const rounds = Number(arg(a, 3, 'rounds', 5000));
      if (!Number.isInteger(rounds) || rounds < 1000 || rounds > 999_999_999)
        throw new ExprError('password_hash: rounds must be an integer from 1000 to 999999999');
      return shaCrypt(pyStr(v), salt, rounds, scheme);
    },
  ],
];
