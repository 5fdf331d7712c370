/**
 * SHA-crypt ($5$ sha256, $6$ sha512; Drepper's specification, what glibc's crypt(3) and
 * /etc/shadow use), over node:crypto: the `password_hash` filter and the OS user's password
 * hash for the deploy both use it, so no password is ever handed to an `openssl` process.
 */
import { createHash, randomBytes } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** One SHA-crypt variant. */
export interface Scheme {
  id: '5' | '6';
  algo: 'sha256' | 'sha512';
  /** Byte triples of the final digest, in the order the encoding takes them. */
  order: number[][];
  tail: number[];
}

export const SHA256: Scheme = {
  id: '5',
  algo: 'sha256',
  order: [
    [0, 10, 20],
    [21, 1, 11],
    [12, 22, 2],
    [3, 13, 23],
    [24, 4, 14],
    [15, 25, 5],
    [6, 16, 26],
    [27, 7, 17],
    [18, 28, 8],
    [9, 19, 29],
  ],
  tail: [-1, 31, 30],
};
export const SHA512: Scheme = {
  id: '6',
  algo: 'sha512',
  order: [
    [0, 21, 42],
    [22, 43, 1],
    [44, 2, 23],
    [3, 24, 45],
    [25, 46, 4],
    [47, 5, 26],
    [6, 27, 48],
    [28, 49, 7],
    [50, 8, 29],
    [9, 30, 51],
    [31, 52, 10],
    [53, 11, 32],
    [12, 33, 54],
    [34, 55, 13],
    [56, 14, 35],
    [15, 36, 57],
    [37, 58, 16],
    [59, 17, 38],
    [18, 39, 60],
    [40, 61, 19],
    [62, 20, 41],
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

/**
 * The crypt(3) string of `password` with `salt` (at most 16 characters of ./0-9A-Za-z are used)
 * and `rounds` (glibc's default 5000 is left out of the string, as glibc does).
 */
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

/** `n` random salt characters. */
export function randomSalt(n: number): string {
  return Array.from(randomBytes(n), (b) => ITOA64[b & 0x3f]).join('');
}

/** `$6$<random salt>$...`: what `openssl passwd -6` and glibc's crypt give for a new password. */
export function sha512Crypt(password: string, salt = randomSalt(16)): string {
  return shaCrypt(password, salt, 5000, SHA512);
}
