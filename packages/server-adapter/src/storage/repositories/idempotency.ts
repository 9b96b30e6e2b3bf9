import { sha256Hex } from '../../crypto/random.js';
import { aad } from '../aad.js';
import { type StoreContext, ms, parseJson } from '../context.js';
import type { IdempotencyBegin, IdempotencyRepository } from '../types.js';

const table = 'provefy_idempotency_keys' as const;
/** Default lifetime of an idempotency key (24 h). */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A reservation still `in_progress` after this long is considered abandoned (crashed request) and can be taken over. */
export const IDEMPOTENCY_STALE_MS = 60_000;

const bodyAad = aad.idempotencyBody;

/**
 * Idempotency keys: `(apiKeyId, sha256(Idempotency-Key))` is reserved atomically with
 * `INSERT ... ON CONFLICT DO NOTHING`, so of two concurrent identical requests exactly one runs.
 */
export function idempotencyRepository(ctx: StoreContext): IdempotencyRepository {
  return {
    async begin({ apiKeyId, key, fingerprint, ttlMs = DEFAULT_IDEMPOTENCY_TTL_MS }): Promise<IdempotencyBegin> {
      const keyHash = sha256Hex(key);
      for (let i = 0; i < 5; i++) {
        const now = ctx.now();
        const inserted = await ctx.db
          .insertInto(table)
          .values({
            api_key_id: apiKeyId,
            key_hash: keyHash,
            fingerprint,
            state: 'in_progress',
            response_status: null,
            response_body_enc: null,
            response_headers: null,
            created_at: now,
            expires_at: now + ttlMs,
          })
          .onConflict((oc) => oc.columns(['api_key_id', 'key_hash']).doNothing())
          .returning('key_hash')
          .execute();
        if (inserted.length === 1) return { state: 'new' };

        const row = await ctx.db.selectFrom(table).selectAll().where('api_key_id', '=', apiKeyId).where('key_hash', '=', keyHash).executeTakeFirst();
        if (!row) continue; // released or swept meanwhile: try to reserve again
        if (ms(row.expires_at) <= now) {
          await ctx.db
            .deleteFrom(table)
            .where('api_key_id', '=', apiKeyId)
            .where('key_hash', '=', keyHash)
            .where('expires_at', '=', row.expires_at)
            .execute();
          continue;
        }
        if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
        if (row.state === 'done' && row.response_status !== null && row.response_body_enc !== null) {
          return {
            state: 'replay',
            status: Number(row.response_status),
            body: ctx.keyring.decryptString(row.response_body_enc, bodyAad(apiKeyId, keyHash)),
            headers: parseJson<Record<string, string>>(row.response_headers, {}),
          };
        }
        if (ms(row.created_at) <= now - IDEMPOTENCY_STALE_MS) {
          const r = await ctx.db
            .updateTable(table)
            .set({ created_at: now, expires_at: now + ttlMs })
            .where('api_key_id', '=', apiKeyId)
            .where('key_hash', '=', keyHash)
            .where('state', '=', 'in_progress')
            .where('created_at', '=', row.created_at)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) === 1) return { state: 'new' };
          continue;
        }
        return { state: 'in_progress' };
      }
      return { state: 'in_progress' };
    },

    async complete({ apiKeyId, key, status, body, headers = {} }): Promise<void> {
      const keyHash = sha256Hex(key);
      await ctx.db
        .updateTable(table)
        .set({
          state: 'done',
          response_status: status,
          response_body_enc: ctx.keyring.encryptString(body, bodyAad(apiKeyId, keyHash)),
          response_headers: JSON.stringify(headers),
        })
        .where('api_key_id', '=', apiKeyId)
        .where('key_hash', '=', keyHash)
        .execute();
    },

    async release({ apiKeyId, key }): Promise<void> {
      await ctx.db.deleteFrom(table).where('api_key_id', '=', apiKeyId).where('key_hash', '=', sha256Hex(key)).where('state', '=', 'in_progress').execute();
    },

    async sweep(now = new Date(ctx.now())): Promise<number> {
      const r = await ctx.db.deleteFrom(table).where('expires_at', '<=', now.getTime()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
