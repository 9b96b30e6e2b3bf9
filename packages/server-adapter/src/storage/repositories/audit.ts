import { newId } from '../../crypto/random.js';
import { type StoreContext, dateOf, parseJson } from '../context.js';
import type { AuditLogTable } from '../schema.js';
import type { AuditEntry, AuditRepository } from '../types.js';

const table = 'provefy_audit_log' as const;

function toEntry(row: AuditLogTable): AuditEntry {
  return {
    id: row.id,
    at: dateOf(row.at),
    action: row.action,
    apiKeyId: row.api_key_id,
    sessionId: row.session_id,
    actor: row.actor,
    details: parseJson<Record<string, unknown>>(row.details, {}),
  };
}

/** Append-only audit log (ids are time-sortable). Details must never contain PII. */
export function auditRepository(ctx: StoreContext): AuditRepository {
  return {
    async append(entry): Promise<AuditEntry> {
      const row: AuditLogTable = {
        id: newId('aud'),
        at: ctx.now(),
        action: entry.action,
        api_key_id: entry.apiKeyId ?? null,
        session_id: entry.sessionId ?? null,
        actor: entry.actor ?? null,
        details: JSON.stringify(entry.details ?? {}),
      };
      await ctx.db.insertInto(table).values(row).execute();
      return toEntry(row);
    },

    async list(query): Promise<AuditEntry[]> {
      let q = ctx.db.selectFrom(table).selectAll();
      if (query.sessionId !== undefined) q = q.where('session_id', '=', query.sessionId);
      if (query.apiKeyId !== undefined) q = q.where('api_key_id', '=', query.apiKeyId);
      const rows = await q
        .orderBy('at')
        .orderBy('id')
        .limit(Math.min(1000, Math.max(1, query.limit ?? 100)))
        .execute();
      return rows.map(toEntry);
    },
  };
}
