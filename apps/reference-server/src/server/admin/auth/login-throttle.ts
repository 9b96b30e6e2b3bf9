import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Context, HttpError, type Store } from '@provefy/server-adapter';
import { sql } from 'kysely';
import { referenceDb } from '../../store/reference-tables.js';
import { readCookie } from './admin-guard.js';

/** Signs and checks values with a key every instance shares (the store's keyring: `keyring.blindIndex`). */
export interface DeviceSigner {
  /** Digest of `value` under the current key. */
  sign(value: string): string;
  /** Digests of `value` under every key of the keyring (to accept cookies signed before a key rotation). */
  signAll(value: string): string[];
}

export interface LoginThrottleOptions {
  store: () => Store;
  signer: DeviceSigner;
  /** Sign-in attempts per client IP and minute from browsers not known for the account (default 10). */
  perIpPerMinute?: number;
  /** Failed sign-ins of one account (or one known browser) in 15 minutes before each further try must wait (default 5). */
  freeFailures?: number;
  /** The longest wait between tries, in seconds (default 900: 15 minutes). */
  maxDelaySeconds?: number;
}

/** What a sign-in attempt is throttled as: a browser that signed in to this account before, or any other. */
export interface LoginAttempt {
  readonly username: string;
  /** The known-browser id from a valid device cookie for this account, else null. */
  readonly device: string | null;
}

export interface LoginThrottle {
  /** Throttles before the password is checked: 429 `PROVEFY_ERR_RATE_LIMITED` with `Retry-After` when it must wait. */
  begin(ctx: Context, username: string): Promise<LoginAttempt>;
  /** Counts a failed attempt against its browser (known) or its account (unknown browsers). */
  failed(attempt: LoginAttempt): Promise<void>;
  /** The `Set-Cookie` value that marks this browser as known for the account (a new id after every sign-in). */
  succeeded(ctx: Context, attempt: LoginAttempt): string;
}

const FAILURE_WINDOW_MS = 15 * 60_000;
const DEVICE_COOKIE = 'provefy_admin_device';
const DEVICE_MAX_AGE_S = 180 * 24 * 3600;

const accountKey = (username: string) => username.toLowerCase().slice(0, 64);

/**
 * Dashboard sign-in throttling that slows a password guesser down without ever locking the right password out of a
 * browser that signed in before (OWASP's device-cookie scheme):
 *
 * - After a successful sign-in the browser gets a signed, HttpOnly device cookie for that account.
 * - A **known browser** is throttled only by its own failures: after `freeFailures` failed tries in 15 minutes each
 *   further try waits 1 s, 2 s, 4 s, ... up to `maxDelaySeconds`. Nobody else's failures (a guesser spraying the
 *   account from a thousand addresses, or from the admin's own office NAT) slow it down.
 * - **Other browsers** share the account's failure count (with the same backoff) and the per-IP limit, so a guesser
 *   gets a handful of tries per 15 minutes per account, and the admin's known browser still signs in at once.
 *
 * Failures live in the database (`refserver_login_failures`, one row per account or known browser, counted over 15
 * minutes from the first failure) and the per-IP limit in the adapter's rate-limit rows, so the throttle holds across
 * instances.
 *
 * @example
 * ```ts
 * const throttle = createLoginThrottle({ store: () => store, signer });
 * const attempt = await throttle.begin(ctx, 'admin');
 * if (!ok) await throttle.failed(attempt); else setCookie(throttle.succeeded(ctx, attempt));
 * ```
 */
export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const perIp = options.perIpPerMinute ?? 10;
  const free = options.freeFailures ?? 5;
  const maxDelay = options.maxDelaySeconds ?? 900;

  const failureKey = (a: LoginAttempt) => (a.device ? `device:${a.device}` : `user:${accountKey(a.username)}`);

  /** Past `free` failures, each further try waits 1 s, 2 s, 4 s, ... after the last failure (up to `maxDelay`). */
  async function backoff(a: LoginAttempt): Promise<void> {
    const row = await referenceDb(options.store()).selectFrom('refserver_login_failures').selectAll().where('key', '=', failureKey(a)).executeTakeFirst();
    if (!row) return;
    const now = Date.now();
    if (now - Number(row.window_start) >= FAILURE_WINDOW_MS || row.failures < free) return;
    const delayMs = Math.min(maxDelay, 2 ** Math.min(30, row.failures - free)) * 1000;
    const waitMs = Number(row.last_failure_at) + delayMs - now;
    if (waitMs > 0) refuse(waitMs / 1000);
  }

  function deviceOf(ctx: Context, username: string): string | null {
    const raw = readCookie(ctx.request.headers.get('cookie'), DEVICE_COOKIE);
    const m = raw ? /^([A-Za-z0-9_-]{22})\.([0-9a-f]{64})$/.exec(raw) : null;
    if (!m) return null;
    const presented = Buffer.from(m[2]!, 'hex');
    const valid = options.signer.signAll(`${accountKey(username)}|${m[1]}`).some((d) => timingSafeEqual(Buffer.from(d, 'hex'), presented));
    return valid ? m[1]! : null;
  }

  return {
    async begin(ctx, username) {
      const attempt: LoginAttempt = { username, device: deviceOf(ctx, username) };
      if (!attempt.device) {
        const byIp = await options.store().rateLimits.hit(`admin-login:ip:${ctx.clientIp}`, perIp, { windowMs: 60_000 });
        if (!byIp.allowed) refuse(byIp.retryAfterSeconds);
      }
      await backoff(attempt);
      return attempt;
    },

    async failed(attempt) {
      const now = Date.now();
      const fresh = sql<boolean>`${now} - refserver_login_failures.window_start < ${FAILURE_WINDOW_MS}`;
      await referenceDb(options.store())
        .insertInto('refserver_login_failures')
        .values({ key: failureKey(attempt), failures: 1, window_start: now, last_failure_at: now })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures: sql<number>`case when ${fresh} then refserver_login_failures.failures + 1 else 1 end`,
            window_start: sql<number>`case when ${fresh} then refserver_login_failures.window_start else ${now} end`,
            last_failure_at: now,
          }),
        )
        .execute();
    },

    succeeded(ctx, attempt) {
      const id = randomBytes(16).toString('base64url');
      const value = `${id}.${options.signer.sign(`${accountKey(attempt.username)}|${id}`)}`;
      return `${DEVICE_COOKIE}=${value}; Path=/admin/api; HttpOnly; SameSite=Strict; Max-Age=${DEVICE_MAX_AGE_S}${ctx.https ? '; Secure' : ''}`;
    },
  };
}

function refuse(retryAfterSeconds: number): never {
  throw new HttpError('PROVEFY_ERR_RATE_LIMITED', 'Too many sign-in attempts, try again later', {
    headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
}

/**
 * Deletes failure rows whose 15-minute window has passed (the dashboard's housekeeping runs it every minute).
 *
 * @example
 * ```ts
 * await sweepLoginFailures(store);
 * ```
 */
export async function sweepLoginFailures(store: Store, now = Date.now()): Promise<number> {
  const r = await referenceDb(store).deleteFrom('refserver_login_failures').where('window_start', '<', now - FAILURE_WINDOW_MS).executeTakeFirst();
  return Number(r.numDeletedRows);
}
