/**
 * Ansible Vault's AES256 cipher with Node's crypto (docs/architecture.md §8): PBKDF2-SHA256 with
 * 10000 iterations over a 32-byte salt gives 80 bytes: the AES key, the HMAC key and the counter
 * IV. The plaintext is PKCS#7-padded to 16 bytes, encrypted with AES-256-CTR, and the ciphertext
 * signed with HMAC-SHA256.
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

const ITERATIONS = 10000;
const KEY = 32;
const IV = 16;
const BLOCK = 16;

export interface Sealed {
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

function keys(password: Buffer, salt: Buffer): { aes: Buffer; mac: Buffer; iv: Buffer } {
  const d = pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY + IV, 'sha256');
  return { aes: d.subarray(0, KEY), mac: d.subarray(KEY, 2 * KEY), iv: d.subarray(2 * KEY) };
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer | undefined {
  const n = data.at(-1);
  if (n === undefined || n < 1 || n > BLOCK || n > data.length) return undefined;
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) return undefined;
  return data.subarray(0, data.length - n);
}

/** Encrypts `plaintext` with `password` (a fresh random salt unless one is given, for tests). */
export function seal(plaintext: Buffer, password: Buffer, salt: Buffer = randomBytes(32)): Sealed {
  const k = keys(password, salt);
  const c = createCipheriv('aes-256-ctr', k.aes, k.iv);
  const ciphertext = Buffer.concat([c.update(pad(plaintext)), c.final()]);
  const hmac = createHmac('sha256', k.mac).update(ciphertext).digest();
  return { salt, hmac, ciphertext };
}

/** The plaintext, or undefined when `password` is not the one it was sealed with (HMAC mismatch). */
export function open(sealed: Sealed, password: Buffer): Buffer | undefined {
  const k = keys(password, sealed.salt);
  const mac = createHmac('sha256', k.mac).update(sealed.ciphertext).digest();
  if (mac.length !== sealed.hmac.length || !timingSafeEqual(mac, sealed.hmac)) return undefined;
  const d = createDecipheriv('aes-256-ctr', k.aes, k.iv);
  return unpad(Buffer.concat([d.update(sealed.ciphertext), d.final()]));
}
