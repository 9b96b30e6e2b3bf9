import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ProvefyError } from '@provefy/core';

/** scrypt cost parameters (N = 2^logN). */
export interface PinHashParams {
  logN: number;
  r: number;
  p: number;
}

/** Default cost: N = 2^15, r = 8, p = 1 (about 32 MiB and tens of milliseconds per check). */
export const DEFAULT_PIN_HASH_PARAMS: PinHashParams = { logN: 15, r: 8, p: 1 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{40,64})$/;

/** A PIN is 4 to 12 digits. */
export const PIN_PATTERN = /^\d{4,12}$/;

function derive(pin: string, salt: Buffer, params: PinHashParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFKC'), salt, KEY_BYTES, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/**
 * Hashes an operator PIN with scrypt and a random salt: `scrypt$logN$r$p$salt$hash` (base64url parts). Throws
 * `PROVEFY_ERR_INVALID_INPUT` unless the PIN is 4-12 digits.
 *
 * @example
 * ```ts
 * const stored = await hashPin('482913'); // 'scrypt$15$8$1$…$…'
 * ```
 */
export async function hashPin(pin: string, params: PinHashParams = DEFAULT_PIN_HASH_PARAMS): Promise<string> {
  if (typeof pin !== 'string' || !PIN_PATTERN.test(pin)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'The PIN must be 4 to 12 digits');
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'scrypt parameters out of range');
  }
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pin, salt, params);
  return `scrypt$${params.logN}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * True when `pin` matches a hash from {@link hashPin} (constant-time comparison). A malformed hash throws
 * `PROVEFY_ERR_CONFIG`: it comes from configuration, not from the person typing.
 *
 * @example
 * ```ts
 * await verifyPin('482913', stored); // true
 * ```
 */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) throw new ProvefyError('PROVEFY_ERR_CONFIG', 'The stored operator PIN hash is not a scrypt hash from hashPin()');
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.logN < 10 || params.logN > 20) throw new ProvefyError('PROVEFY_ERR_CONFIG', 'The stored operator PIN hash has an invalid cost');
  const expected = Buffer.from(m[5]!, 'base64url');
  if (typeof pin !== 'string' || pin.length > 64) return false;
  const actual = await derive(pin, Buffer.from(m[4]!, 'base64url'), params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * True when a string looks like a hash from {@link hashPin}.
 *
 * @example
 * ```ts
 * isPinHash('1234'); // false
 * ```
 */
export function isPinHash(value: unknown): value is string {
  return typeof value === 'string' && FORMAT.test(value);
}
