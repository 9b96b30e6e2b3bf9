import { ProvefyError } from '@provefy/core';
import { DEFAULT_SECRET_HASH_PARAMS, type SecretHashParams, hashSecret, isSecretHash, verifySecret } from '@provefy/server-adapter';

/** scrypt cost parameters (N = 2^logN): the shared secret-hash parameters of @provefy/server-adapter. */
export type PinHashParams = SecretHashParams;

/** Default cost: N = 2^15, r = 8, p = 1 (about 32 MiB and tens of milliseconds per check). */
export const DEFAULT_PIN_HASH_PARAMS: PinHashParams = DEFAULT_SECRET_HASH_PARAMS;

/** A PIN is 4 to 12 digits. */
export const PIN_PATTERN = /^\d{4,12}$/;

/**
 * Hashes an operator PIN with scrypt and a random salt in the one secret-hash format shared with the reference
 * server's dashboard (`$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, `hashSecret`). Throws `PROVEFY_ERR_INVALID_INPUT` unless
 * the PIN is 4-12 digits or for cost parameters out of range.
 *
 * @example
 * ```ts
 * const stored = await hashPin('482913'); // '$scrypt$ln=15,r=8,p=1$…$…'
 * ```
 */
export async function hashPin(pin: string, params: PinHashParams = DEFAULT_PIN_HASH_PARAMS): Promise<string> {
  if (typeof pin !== 'string' || !PIN_PATTERN.test(pin)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'The PIN must be 4 to 12 digits');
  try {
    return await hashSecret(pin, params);
  } catch (e) {
    if (e instanceof RangeError) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'scrypt parameters out of range');
    throw e;
  }
}

/**
 * True when `pin` matches a hash from {@link hashPin}, or one in the kiosk's former `scrypt$logN$r$p$salt$hash` format
 * (constant-time comparison). A malformed hash throws `PROVEFY_ERR_CONFIG`: it comes from configuration, not from the
 * person typing.
 *
 * @example
 * ```ts
 * await verifyPin('482913', stored); // true
 * ```
 */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  if (!isSecretHash(stored)) throw new ProvefyError('PROVEFY_ERR_CONFIG', 'The stored operator PIN hash is not a scrypt hash from hashPin()');
  if (typeof pin !== 'string' || pin.length > 64) return false;
  return verifySecret(pin, stored);
}

/**
 * True when a string looks like a hash from {@link hashPin} (or the former format).
 *
 * @example
 * ```ts
 * isPinHash('1234'); // false
 * ```
 */
export function isPinHash(value: unknown): value is string {
  return isSecretHash(value);
}
