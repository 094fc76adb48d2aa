/**
 * Access codes, session tokens and the admin secret.
 *
 * Access codes and session tokens are 128 and 256 random bits from crypto.randomBytes, stored only as
 * their sha256. A fast hash is right for them, unlike for passwords: a password is guessable, so it needs
 * a slow salted hash (scrypt) to make trying guesses against a stolen hash expensive; a 128-bit random
 * code has 2^128 possibilities, so even at a billion sha256 guesses a second a stolen table cannot be
 * searched, and a lookup by hash (a UNIQUE index) finds the pupil in one step, which a per-row salt
 * would prevent.
 *
 * The admin secret is chosen by a person and may be weak, so it is stored only as scrypt (N=2^15, r=8,
 * p=1, 16-byte salt, 32-byte key), written as `scrypt$N$r$p$salt-base64$key-base64`, and compared in
 * constant time.
 *
 * A code is written in Crockford's base32 (digits and letters without I, L, O, U), 26 characters
 * (130 bits, the top two always 0, so the first is 0 to 7) in groups of 5-5-5-5-6 with hyphens: "1QH4K-2MXAB-...". Reading it back ignores case,
 * spaces and hyphens and reads I and L as 1 and O as 0, so a code typed from paper still matches.
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const CODE_BITS = 128;
const CODE_CHARS = Math.ceil(CODE_BITS / 5); // 26

/** A new one-time access code (128 random bits), for printing. */
export function newAccessCode(): string {
  const bytes = randomBytes(CODE_BITS / 8);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let text = '';
  for (let i = 0; i < CODE_CHARS; i++) {
    text = ALPHABET[Number(bits & 31n)] + text;
    bits >>= 5n;
  }
  // Five groups for reading off a slip: 5-5-5-5-6 characters.
  return [text.slice(0, 5), text.slice(5, 10), text.slice(10, 15), text.slice(15, 20), text.slice(20)].join('-');
}

/** The code as stored and looked up: upper case, no separators, I/L read as 1 and O as 0. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** True when `typed` could be a code at all (right length and alphabet), before any database lookup. */
export function looksLikeCode(typed: string): boolean {
  const n = normaliseCode(typed);
  return n.length === CODE_CHARS && [...n].every((c) => ALPHABET.includes(c));
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function codeHash(typed: string): Buffer {
  return sha256(`code:${normaliseCode(typed)}`);
}

/** A new session token for the cookie (256 random bits, base64url). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return sha256(`session:${token}`);
}

/** A new public round id: 16 random bytes in hex, so ids reveal nothing and cannot be guessed. */
export function newRoundId(): string {
  return randomBytes(16).toString('hex');
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };
// scrypt needs 128 * N * r bytes; Node's default maxmem (32 MB) is exactly that at N=2^15, r=8, so allow more.
const MAXMEM = 64 * 1024 * 1024;

export function hashAdminSecret(secret: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: MAXMEM });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Asynchronous (libuv's thread pool): one scrypt takes 150-190 ms here, which must not stop the server
 * answering pupils while a staff request is checked.
 */
export function verifyAdminSecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return Promise.resolve(false);
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const want = Buffer.from(parts[5], 'base64');
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, want.length, { N, r, p, maxmem: MAXMEM }, (err, got) => (err ? reject(err) : resolve(timingSafeEqual(got, want))));
  });
}
