/**
 * password_hash: SHA-crypt ($5$ sha256, $6$ sha512; Drepper's specification, what glibc's
 * crypt(3) and /etc/shadow use), implemented over node:crypto. Without a salt a random one is
 * drawn, as Ansible does. Default rounds are glibc's 5000; Ansible with passlib would use 535000
 * or 656000, which is slow in a per-host loop. Pass `rounds=` for that.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ExprError } from '../errors.js';
import type { FilterFn } from '../registry.js';
import { arg, strArg } from '../registry.js';
import { pyStr } from '../values.js';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

interface Scheme {
  id: '5' | '6';
  algo: 'sha256' | 'sha512';
  /** Byte triples of the final digest, in the order the encoding takes them. */
  order: number[][];
  tail: number[];
}

const SHA256: Scheme = {
  id: '5',
  algo: 'sha256',
  order: [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]],
  tail: [-1, 31, 30],
};
const SHA512: Scheme = {
  id: '6',
  algo: 'sha512',
  order: [
    [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51],
    [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60],
    [40, 61, 19], [62, 20, 41],
  ],
  tail: [-1, -1, 63],
};

function b64(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < n; i++, w >>= 6) out += ITOA64[w & 0x3f];
  return out;
}

/** `n` bytes of `digest` repeated (the P and S sequences of the specification). */
function repeatTo(digest: Buffer, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = digest[i % digest.length] as number;
  return out;
}

export function shaCrypt(password: string, salt: string, rounds: number, s: Scheme): string {
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt.slice(0, 16), 'utf8');
  const H = (...parts: Buffer[]): Buffer => {
    const h = createHash(s.algo);
    for (const p of parts) h.update(p);
    return h.digest();
  };
  const B = H(P, S, P);
  const a = createHash(s.algo).update(P).update(S);
  a.update(repeatTo(B, P.length));
  for (let n = P.length; n > 0; n >>= 1) a.update(n & 1 ? B : P);
  let C = a.digest();
  const dp = createHash(s.algo);
  for (let i = 0; i < P.length; i++) dp.update(P);
  const Pseq = repeatTo(dp.digest(), P.length);
  const ds = createHash(s.algo);
  for (let i = 0; i < 16 + (C[0] as number); i++) ds.update(S);
  const Sseq = repeatTo(ds.digest(), S.length);
  for (let i = 0; i < rounds; i++) {
    const h = createHash(s.algo);
    h.update(i & 1 ? Pseq : C);
    if (i % 3) h.update(Sseq);
    if (i % 7) h.update(Pseq);
    h.update(i & 1 ? C : Pseq);
    C = h.digest();
  }
  let enc = s.order.map(([x, y, z]) => b64(C[x as number] as number, C[y as number] as number, C[z as number] as number, 4)).join('');
  const [t2, t1, t0] = s.tail.map((i) => (i < 0 ? 0 : (C[i] as number)));
  enc += b64(t2 as number, t1 as number, t0 as number, s.id === '5' ? 3 : 2);
  return `$${s.id}$${rounds === 5000 ? '' : `rounds=${rounds}$`}${salt.slice(0, 16)}$${enc}`;
}

function randomSalt(n: number): string {
  return Array.from(randomBytes(n), (b) => ITOA64[b & 0x3f]).join('');
}

export const CRYPT_FILTERS: [string, FilterFn][] = [
  ['password_hash', (v, a) => {
    const type = strArg(a, 0, 'hashtype', 'sha512');
    const scheme = type === 'sha512' || type === 'sha512_crypt' ? SHA512 : type === 'sha256' || type === 'sha256_crypt' ? SHA256 : undefined;
    if (!scheme) throw new ExprError(`password_hash: unsupported hash type '${type}' (use sha512 or sha256)`);
    const saltArg = arg(a, 1, 'salt', null);
    const salt = saltArg === null ? randomSalt(16) : pyStr(saltArg);
    if (!/^[./0-9A-Za-z]*$/.test(salt)) throw new ExprError('password_hash: the salt may contain only ./0-9A-Za-z');
    const rounds = Number(arg(a, 3, 'rounds', 5000));
    if (!Number.isInteger(rounds) || rounds < 1000 || rounds > 999_999_999) throw new ExprError('password_hash: rounds must be an integer from 1000 to 999999999');
    return shaCrypt(pyStr(v), salt, rounds, scheme);
  }],
];
