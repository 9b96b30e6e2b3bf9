import { createHash } from 'node:crypto';
import { newId } from '../../crypto/random.js';
import { type StoreContext, changed, dateOf, dateOrNull, parseJson } from '../context.js';
import type { LivenessAttemptsTable } from '../schema.js';
import type { LivenessAttempt, LivenessAttemptRepository } from '../types.js';

const table = 'provefy_liveness_attempts' as const;

/**
 * The stored form of an attempt nonce (SHA-256 hex): the nonce itself is never stored.
 *
 * @example
 * ```ts
 * hashNonce('4f1c…').length; // 64
 * ```
 */
export function hashNonce(nonce: string): string {
  return createHash('sha256').update(`provefy-liveness-nonce:${nonce}`).digest('hex');
}

function toAttempt(row: LivenessAttemptsTable): LivenessAttempt {
  return {
    id: row.id,
    sessionId: row.session_id,
    challenges: parseJson<string[]>(row.challenges, []),
    createdAt: dateOf(row.created_at),
    expiresAt: dateOf(row.expires_at),
    spentAt: dateOrNull(row.spent_at),
  };
}

/** Server-issued liveness attempts: a nonce (stored hashed), its challenges, validity and whether it was spent. */
export function livenessAttemptRepository(ctx: StoreContext): LivenessAttemptRepository {
  return {
    async create({ sessionId, nonce, challenges, expiresAt }): Promise<LivenessAttempt> {
      const row: LivenessAttemptsTable = {
        id: newId('att'),
        session_id: sessionId,
        nonce_hash: hashNonce(nonce),
        challenges: JSON.stringify(challenges),
        created_at: ctx.now(),
        expires_at: expiresAt.getTime(),
        spent_at: null,
        frame_hashes: null,
      };
      await ctx.db.insertInto(table).values(row).execute();
      return toAttempt(row);
    },

    async findByNonce(sessionId: string, nonce: string): Promise<LivenessAttempt | null> {
      const row = await ctx.db.selectFrom(table).selectAll().where('nonce_hash', '=', hashNonce(nonce)).where('session_id', '=', sessionId).executeTakeFirst();
      return row ? toAttempt(row) : null;
    },

    async spend(id: string, frameHashes: readonly string[]): Promise<boolean> {
      const r = await ctx.db.updateTable(table).set({ spent_at: ctx.now(), frame_hashes: JSON.stringify(frameHashes) }).where('id', '=', id).where('spent_at', 'is', null).executeTakeFirst();
      return changed(r) === 1;
    },

    async spentFrameHashes(sessionId: string): Promise<Set<string>> {
      const rows = await ctx.db.selectFrom(table).select('frame_hashes').where('session_id', '=', sessionId).where('spent_at', 'is not', null).execute();
      return new Set(rows.flatMap((r) => parseJson<string[]>(r.frame_hashes, [])));
    },

    async deleteForSession(sessionId: string): Promise<number> {
      return changed(await ctx.db.deleteFrom(table).where('session_id', '=', sessionId).executeTakeFirst());
    },
  };
}
