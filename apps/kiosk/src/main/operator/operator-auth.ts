import { ProvefyError } from '@provefy/core';
import type { OperatorView } from '../../shared/kiosk-view.js';
import type { KioskKv } from '../db/open-kiosk-db.js';
import { PIN_PATTERN, type PinHashParams, hashPin, isPinHash, verifyPin } from './pin-hash.js';

export interface OperatorAuthOptions {
  /** Where failures, lockouts and a changed PIN hash persist (so a restart does not reset a lockout). */
  kv: KioskKv;
  /** The PIN hash from the configuration (`hashPin` output); a PIN changed on the kiosk overrides it. */
  configPinHash: string | null;
  /** Consecutive wrong PINs before a lockout (default 5). */
  maxFailures?: number;
  /** First lockout length; each further lockout doubles it, up to 1 hour (default 5 minutes). */
  lockoutMs?: number;
  /** A signed-in operator is signed out after this long without activity (default 15 minutes). */
  sessionMs?: number;
  now?: () => number;
  /** scrypt cost of PINs changed on the kiosk. */
  hashParams?: PinHashParams;
}

const K_FAILURES = 'operator.failures';
const K_LOCKOUTS = 'operator.lockouts';
const K_LOCKED_UNTIL = 'operator.lockedUntil';
const K_PIN_HASH = 'operator.pinHash';
const MAX_LOCKOUT_MS = 3_600_000;

/**
 * Operator sign-in with a PIN: the PIN is stored only as a scrypt hash; after `maxFailures` wrong PINs in a row the
 * login locks for `lockoutMs` (doubling with each further lockout, at most an hour), and the counters persist in
 * the kiosk database. Attempts are serialised, so parallel guesses cannot slip past the counter.
 *
 * @example
 * ```ts
 * const auth = new OperatorAuth({ kv, configPinHash: await hashPin('482913') });
 * await auth.login('482913');
 * auth.isSignedIn(); // true
 * ```
 */
export class OperatorAuth {
  readonly #kv: KioskKv;
  readonly #configPinHash: string | null;
  readonly #maxFailures: number;
  readonly #lockoutMs: number;
  readonly #sessionMs: number;
  readonly #now: () => number;
  readonly #hashParams: PinHashParams | undefined;
  #signedInUntil = 0;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(opts: OperatorAuthOptions) {
    if (opts.configPinHash !== null && !isPinHash(opts.configPinHash)) {
      throw new ProvefyError('PROVEFY_ERR_CONFIG', 'operatorPinHash must be a hash made by `provefy-kiosk hash-pin` ($scrypt$ln=...)');
    }
    this.#kv = opts.kv;
    this.#configPinHash = opts.configPinHash;
    this.#maxFailures = opts.maxFailures ?? 5;
    this.#lockoutMs = opts.lockoutMs ?? 5 * 60_000;
    this.#sessionMs = opts.sessionMs ?? 15 * 60_000;
    this.#now = opts.now ?? Date.now;
    this.#hashParams = opts.hashParams;
  }

  #pinHash(): string | null {
    return this.#kv.get(K_PIN_HASH) ?? this.#configPinHash;
  }

  #num(key: string): number {
    return Number(this.#kv.get(key) ?? 0) || 0;
  }

  #lockedUntil(): number | null {
    const until = this.#num(K_LOCKED_UNTIL);
    return until > this.#now() ? until : null;
  }

  /** The operator part of the kiosk view. */
  status(): OperatorView {
    return {
      loggedIn: this.isSignedIn(),
      lockedUntil: this.#lockedUntil(),
      failuresLeft: Math.max(0, this.#maxFailures - this.#num(K_FAILURES)),
      pinConfigured: this.#pinHash() !== null,
    };
  }

  isSignedIn(): boolean {
    return this.#signedInUntil > this.#now();
  }

  /** Extends the signed-in period after operator activity. */
  touch(): void {
    if (this.isSignedIn()) this.#signedInUntil = this.#now() + this.#sessionMs;
  }

  /** Throws `PROVEFY_ERR_OPERATOR_AUTH` unless an operator is signed in. */
  requireSignedIn(): void {
    if (!this.isSignedIn()) throw new ProvefyError('PROVEFY_ERR_OPERATOR_AUTH', 'The operator is not signed in', { reason: 'signed_out' });
  }

  /**
   * Checks a PIN. Wrong PIN: `PROVEFY_ERR_OPERATOR_AUTH` with `failuresLeft`; locked: `PROVEFY_ERR_OPERATOR_LOCKED`
   * with `lockedUntil` (the PIN is not even checked then).
   */
  login(pin: string): Promise<OperatorView> {
    const run = this.#chain.then(() => this.#login(pin));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #login(pin: string): Promise<OperatorView> {
    const lockedUntil = this.#lockedUntil();
    if (lockedUntil !== null) {
      throw new ProvefyError('PROVEFY_ERR_OPERATOR_LOCKED', undefined, { lockedUntil, retryAfterMs: lockedUntil - this.#now() });
    }
    const stored = this.#pinHash();
    if (stored === null) throw new ProvefyError('PROVEFY_ERR_OPERATOR_AUTH', 'No operator PIN is configured on this kiosk', { reason: 'no_pin' });
    const ok = typeof pin === 'string' && PIN_PATTERN.test(pin) && (await verifyPin(pin, stored));
    if (ok) {
      this.#kv.set(K_FAILURES, '0');
      this.#kv.set(K_LOCKOUTS, '0');
      this.#kv.delete(K_LOCKED_UNTIL);
      this.#signedInUntil = this.#now() + this.#sessionMs;
      return this.status();
    }
    const failures = this.#num(K_FAILURES) + 1;
    if (failures >= this.#maxFailures) {
      const lockouts = this.#num(K_LOCKOUTS) + 1;
      const until = this.#now() + Math.min(MAX_LOCKOUT_MS, this.#lockoutMs * 2 ** (lockouts - 1));
      this.#kv.set(K_LOCKOUTS, String(lockouts));
      this.#kv.set(K_LOCKED_UNTIL, String(until));
      this.#kv.set(K_FAILURES, '0');
      throw new ProvefyError('PROVEFY_ERR_OPERATOR_LOCKED', undefined, { lockedUntil: until, retryAfterMs: until - this.#now() });
    }
    this.#kv.set(K_FAILURES, String(failures));
    throw new ProvefyError('PROVEFY_ERR_OPERATOR_AUTH', 'Wrong PIN', { reason: 'wrong_pin', failuresLeft: this.#maxFailures - failures });
  }

  logout(): void {
    this.#signedInUntil = 0;
  }

  /** Changes the PIN (the signed-in operator confirms the current one); the new hash is stored in the kiosk database. */
  async changePin(currentPin: string, newPin: string): Promise<OperatorView> {
    this.requireSignedIn();
    if (typeof newPin !== 'string' || !PIN_PATTERN.test(newPin)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'The new PIN must be 4 to 12 digits');
    await this.login(currentPin);
    this.#kv.set(K_PIN_HASH, await hashPin(newPin, this.#hashParams));
    return this.status();
  }
}
