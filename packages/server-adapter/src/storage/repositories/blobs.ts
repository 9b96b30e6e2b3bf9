import { newId } from '../../crypto/random.js';
import { aad } from '../aad.js';
import { type StoreContext, dateOf } from '../context.js';
import type { BlobsTable } from '../schema.js';
import type { BlobMeta, BlobRepository } from '../types.js';

const table = 'provefy_blobs' as const;
const blobAad = aad.blob;
const META = ['id', 'session_id', 'kind', 'content_type', 'size', 'created_at', 'retain_until'] as const;

function toMeta(row: Omit<BlobsTable, 'data_enc'>): BlobMeta {
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind,
    contentType: row.content_type,
    size: Number(row.size),
    createdAt: dateOf(row.created_at),
    retainUntil: dateOf(row.retain_until),
  };
}

/** Encrypted image/blob storage with a retention deadline per blob. */
export function blobRepository(ctx: StoreContext): BlobRepository {
  return {
    async put({ sessionId, kind, contentType, data, retainUntil }): Promise<BlobMeta> {
      const id = newId('blob');
      const row: BlobsTable = {
        id,
        session_id: sessionId,
        kind,
        content_type: contentType,
        size: data.byteLength,
        data_enc: ctx.keyring.encryptBytes(data, blobAad(id)),
        created_at: ctx.now(),
        retain_until: retainUntil.getTime(),
      };
      await ctx.db.insertInto(table).values(row).execute();
      return toMeta(row);
    },

    async get(id: string) {
      const row = await ctx.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      return { meta: toMeta(row), data: ctx.keyring.decryptBytes(row.data_enc, blobAad(id)) };
    },

    async listForSession(sessionId: string): Promise<BlobMeta[]> {
      const rows = await ctx.db.selectFrom(table).select(META).where('session_id', '=', sessionId).orderBy('created_at').execute();
      return rows.map(toMeta);
    },

    async deleteForSession(sessionId: string, kind?: string): Promise<number> {
      let q = ctx.db.deleteFrom(table).where('session_id', '=', sessionId);
      if (kind !== undefined) q = q.where('kind', '=', kind);
      const r = await q.executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async sweepExpired(now = new Date(ctx.now())): Promise<number> {
      const r = await ctx.db.deleteFrom(table).where('retain_until', '<=', now.getTime()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
