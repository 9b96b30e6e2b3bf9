import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * `n` bytes from the OS CSPRNG, served from a 4 KB block drawn at once (one `randomBytes` call per ~100 IVs or tokens
 * instead of one each; as Node's own `randomUUID` does). Every byte is handed out once; a used block is never
 * refilled in place (slices already handed out keep their bytes). Over 256 bytes: drawn directly.
 *
 * @example
 * pooledRandomBytes(12) // Buffer(12): an AES-GCM IV
 */
export function pooledRandomBytes(n: number): Buffer {
  if (n > 256) return randomBytes(n);
  if (poolOffset + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}

/**
 * Uniformly random base62 string from the OS CSPRNG (rejection sampling, no modulo bias).
 *
 * @example
 * randomBase62(40) // 'q3ZbX...' (40 chars, ~238 bits)
 */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const bytes = pooledRandomBytes(Math.max(16, (length - out.length) * 2));
    for (const b of bytes) {
      if (b < 248) out += BASE62[b % 62]; // 248 = 62 * 4: unbiased
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * Hex SHA-256 of a UTF-8 string or bytes.
 *
 * @example
 * sha256Hex('kyc_live_abc') // '5e2b...'
 */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/**
 * Constant-time string comparison (false on different lengths, without early exit on content).
 *
 * @example
 * safeEqual(receivedSignature, expectedSignature)
 */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    // Compare against itself to spend similar time, then fail.
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/**
 * Short, time-sortable, unique id with a prefix: `<prefix>_<9 base36 time chars><12 base62 random>`.
 *
 * @example
 * newId('evt') // 'evt_0m3k2x1zqA3bC9dE8fG1h'
 */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomBase62(12)}`;
}

/** Random jitter helper: integer in [0, max). */
export function randomBelow(max: number): number {
  return max <= 1 ? 0 : randomInt(0, Math.floor(max));
}
