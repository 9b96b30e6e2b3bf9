import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters (N = 2^logN). */
export interface SecretHashParams {
  logN: number;
  r: number;
  p: number;
}

/** Default cost: N = 2^15, r = 8, p = 1 (32 MiB and tens of milliseconds per hash). */
export const DEFAULT_SECRET_HASH_PARAMS: SecretHashParams = { logN: 15, r: 8, p: 1 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** The one format (PHC string format): `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, standard base64 without padding. */
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,86})\$([A-Za-z0-9+/]{43})$/;
/**
 * The two formats written before (still verified): `scrypt$<N>$r$p$salt$hash` (the reference server's dashboard, N
 * itself, e.g. 16384) and `scrypt$<logN>$r$p$salt$hash` (the kiosk's operator PIN, e.g. 15); base64url parts.
 */
const LEGACY = /^scrypt\$(\d{1,7})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{11,86})\$([A-Za-z0-9_-]{43})$/;

interface ParsedHash {
  params: SecretHashParams;
  salt: Buffer;
  hash: Buffer;
}

function validParams({ logN, r, p }: SecretHashParams): boolean {
  return Number.isInteger(logN) && logN >= 10 && logN <= 20 && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16;
}

function parse(stored: unknown): ParsedHash | null {
  if (typeof stored !== 'string' || stored.length > 300) return null;
  let m = PHC.exec(stored);
  if (m) {
    const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
    return validParams(params) ? { params, salt: Buffer.from(m[4]!, 'base64'), hash: Buffer.from(m[5]!, 'base64') } : null;
  }
  m = LEGACY.exec(stored);
  if (!m) return null;
  const first = Number(m[1]);
  // logN is at most 20; N is at least 1024 and a power of two.
  const logN = first <= 31 ? first : Number.isInteger(Math.log2(first)) ? Math.log2(first) : -1;
  const params = { logN, r: Number(m[2]), p: Number(m[3]) };
  return validParams(params) ? { params, salt: Buffer.from(m[4]!, 'base64url'), hash: Buffer.from(m[5]!, 'base64url') } : null;
}

function derive(secret: string, salt: Buffer, { logN, r, p }: SecretHashParams): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFKC'), salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hashes a password or PIN with scrypt and a random 16-byte salt, in the PHC string format
 * `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`: the one format of the dashboard password and the kiosk's operator PIN.
 * Throws a `RangeError` for parameters out of range (logN 10-20, r 1-32, p 1-16).
 *
 * @example
 * ```ts
 * const stored = await hashSecret('correct horse battery staple'); // '$scrypt$ln=15,r=8,p=1$…$…'
 * await verifySecret('correct horse battery staple', stored); // true
 * ```
 */
export async function hashSecret(secret: string, params: SecretHashParams = DEFAULT_SECRET_HASH_PARAMS): Promise<string> {
  if (typeof secret !== 'string') throw new TypeError('The secret must be a string');
  if (!validParams(params)) throw new RangeError('scrypt parameters out of range (logN 10-20, r 1-32, p 1-16)');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString('base64').replace(/=+$/, '')}$${key.toString('base64').replace(/=+$/, '')}`;
}

/**
 * True when `secret` matches `stored` (constant-time comparison): a {@link hashSecret} hash, or one in the formats
 * written before (the dashboard's `scrypt$16384$8$1$…` and the kiosk's `scrypt$15$8$1$…`). False for a malformed
 * hash or a secret that is not a string; check {@link isSecretHash} first where a malformed hash is a configuration error.
 *
 * @example
 * ```ts
 * await verifySecret('wrong', stored); // false
 * ```
 */
export async function verifySecret(secret: unknown, stored: unknown): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || typeof secret !== 'string' || secret.length > 1024) return false;
  const actual = await derive(secret, parsed.salt, parsed.params);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

/**
 * True when `value` is a hash {@link verifySecret} can check (the current or a former format, with valid costs).
 *
 * @example
 * ```ts
 * isSecretHash('1234'); // false
 * ```
 */
export function isSecretHash(value: unknown): value is string {
  return parse(value) !== null;
}

/**
 * True when a stored hash is in a former format or below `params` cost, so it should be re-hashed after a successful
 * verification.
 *
 * @example
 * ```ts
 * if (await verifySecret(pw, stored) && secretHashNeedsUpgrade(stored)) save(await hashSecret(pw));
 * ```
 */
export function secretHashNeedsUpgrade(stored: string, params: SecretHashParams = DEFAULT_SECRET_HASH_PARAMS): boolean {
  const parsed = parse(stored);
  if (!parsed || !stored.startsWith('$scrypt$')) return true;
  return parsed.params.logN < params.logN || parsed.params.r < params.r || parsed.params.p < params.p;
}
