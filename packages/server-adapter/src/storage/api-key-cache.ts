import type { ApiKey } from './types.js';

/** Entries kept at most (least recently verified dropped first): only valid keys are cached, so this bounds memory. */
const MAX_ENTRIES = 1000;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/**
 * The API keys one store instance has verified, by the SHA-256 digest of the presented token (the same digest the
 * database's unique index is searched by: no comparison ever runs over the secret itself), for at most `ttlMs`.
 * Only valid, unrevoked keys are cached (a flood of wrong tokens cannot fill it). Every write to a key on this
 * instance (revoke, update, webhook-secret rotation) clears it at once; a write made by another instance takes
 * effect here within `ttlMs`. A lookup that started before a clear never fills the cache afterwards (generation
 * check), so a revocation cannot be undone by a read already in flight.
 *
 * @example
 * ```ts
 * const cache = new ApiKeyCache(5_000, Date.now);
 * const gen = cache.generation;
 * const key = cache.get(digest) ?? (await findByHash(digest));
 * if (key) cache.set(digest, key, gen);
 * ```
 */
export class ApiKeyCache {
  readonly #entries = new Map<string, { key: ApiKey; expiresAt: number }>();
  #generation = 0;

  constructor(
    readonly ttlMs: number,
    readonly now: () => number,
  ) {}

  /** Bumped by every {@link clear}; pass the value read before a lookup to {@link set}. */
  get generation(): number {
    return this.#generation;
  }

  /** The cached key for a token digest (frozen: shared by the requests that present it), or undefined. */
  get(digest: string): ApiKey | undefined {
    if (this.ttlMs <= 0) return undefined;
    const e = this.#entries.get(digest);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.#entries.delete(digest);
      return undefined;
    }
    return e.key;
  }

  /** Caches a verified key unless the cache was cleared since `generation` was read; returns the (frozen) key. */
  set(digest: string, key: ApiKey, generation: number): ApiKey {
    const frozen = deepFreeze(key);
    if (this.ttlMs <= 0 || generation !== this.#generation || key.revokedAt !== null) return frozen;
    this.#entries.delete(digest);
    this.#entries.set(digest, { key: frozen, expiresAt: this.now() + this.ttlMs });
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
    return frozen;
  }

  /** Forgets every cached key (after any write to a key). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** Number of cached keys (tests). */
  get size(): number {
    return this.#entries.size;
  }
}
