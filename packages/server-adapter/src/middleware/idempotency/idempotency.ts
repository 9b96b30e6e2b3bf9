import { createHash } from 'node:crypto';
import type { Context, Middleware } from '../../http/context.js';
import { HttpError, errorResponse } from '../../http/http-error.js';
import type { IdempotencyRepository } from '../../storage/types.js';

export interface IdempotencyOptions {
  repo: Pick<IdempotencyRepository, 'begin' | 'complete' | 'release'>;
  /** The owner of the key space (the API key id), or null to skip. */
  scope: (ctx: Context) => string | null;
  /** Body limit used to read the request for its fingerprint (default 1 MiB). */
  bodyLimit?: number;
  /** How long a key is remembered (default 24 h). */
  ttlMs?: number;
}

/** Response headers that are stored and replayed with the body. */
const REPLAYED_HEADERS = ['content-type', 'location'];
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on POST: the first response (status, body and content headers) is stored per API key, and a retry
 * with the same key and the same request gets it again, marked `Idempotent-Replayed: true`. The same key with a
 * different method, path or body answers 422; while the first request still runs, 409. Responses with a 5xx status
 * are not stored, so a retry runs again.
 *
 * @example
 * ```ts
 * const mw = idempotency({ repo: store.idempotency, scope: (ctx) => ctx.vars.apiKey?.id ?? null });
 * ```
 */
export function idempotency(options: IdempotencyOptions): Middleware {
  const { repo, scope, bodyLimit = 1024 * 1024, ttlMs = 24 * 3600_000 } = options;
  return async (ctx, next) => {
    const key = ctx.request.headers.get('idempotency-key');
    if (ctx.method !== 'POST' || key === null) return next();
    const owner = scope(ctx);
    if (owner === null) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new HttpError('PROVEFY_ERR_VALIDATION', "Invalid header 'Idempotency-Key': must be 1-255 visible ASCII characters", { field: 'Idempotency-Key' });
    }
    const body = await ctx.bodyBytes(bodyLimit);
    const fingerprint = createHash('sha256').update(`${ctx.method}\n${ctx.url.pathname}\n`).update(body).digest('hex');
    const begun = await repo.begin({ apiKeyId: owner, key, fingerprint, ttlMs });
    if (begun.state === 'replay') {
      const headers = new Headers(begun.headers);
      headers.set('idempotent-replayed', 'true');
      return new Response(begun.body, { status: begun.status, headers });
    }
    if (begun.state === 'in_progress') throw new HttpError('PROVEFY_ERR_IDEMPOTENCY_IN_PROGRESS');
    if (begun.state === 'mismatch') throw new HttpError('PROVEFY_ERR_IDEMPOTENCY_MISMATCH');

    let res: Response;
    try {
      res = await next();
    } catch (e) {
      res = errorResponse(e);
    }
    if (res.status >= 500) {
      await repo.release({ apiKeyId: owner, key });
      return res;
    }
    const text = await res.text();
    const stored: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const v = res.headers.get(name);
      if (v !== null) stored[name] = v;
    }
    try {
      await repo.complete({ apiKeyId: owner, key, status: res.status, body: text, headers: stored });
    } catch {
      await repo.release({ apiKeyId: owner, key }).catch(() => {});
    }
    return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
