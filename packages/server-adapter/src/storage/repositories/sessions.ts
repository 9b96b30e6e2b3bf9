import { randomUUID } from 'node:crypto';
import { ProvefyError, isProvefyError, retry } from '@provefy/core';
import { newId, randomBase62, sha256Hex } from '../../crypto/random.js';
import { EXTERNAL_REF_INDEX, aad } from '../aad.js';
import { type StoreContext, dateOf, dateOrNull } from '../context.js';
import { CoalescedStatements, sharesStatements } from '../coalesced-statements.js';
import { runPrepared } from '../prepared-query.js';
import type { SessionsTable } from '../schema.js';
import {
  type OverallResult,
  SESSION_STATUSES,
  type SessionCreateInput,
  type SessionCreated,
  type SessionDocument,
  type SessionListQuery,
  type SessionListResult,
  type SessionPatch,
  type SessionRecord,
  type SessionRepository,
  type SessionStatus,
} from '../types.js';

const table = 'provefy_sessions' as const;
const OVERALL: readonly OverallResult[] = ['APPROVED', 'REJECTED', 'REVIEW'];
/** Length of generated verification tokens (43 base62 chars ≈ 256 bits). */
export const VERIFICATION_TOKEN_CHARS = 43;

const docAad = aad.sessionDocument;
const refAad = aad.sessionExternalRef;

/**
 * Hash under which a verification token is stored (hex SHA-256).
 *
 * @example
 * hashVerificationToken(token) // 'e3b0c4…'
 */
export function hashVerificationToken(token: string): string {
  return sha256Hex(`vt:${token}`);
}

function invalid(field: string, message: string): never {
  throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `${field}: ${message}`, { field });
}

function checkStatus(s: unknown): SessionStatus {
  if (!SESSION_STATUSES.includes(s as SessionStatus)) invalid('status', `must be one of ${SESSION_STATUSES.join(', ')}`);
  return s as SessionStatus;
}

function checkOverall(r: unknown): OverallResult | null {
  if (r === null) return null;
  if (!OVERALL.includes(r as OverallResult)) invalid('overallResult', `must be one of ${OVERALL.join(', ')} or null`);
  return r as OverallResult;
}

function checkDate(d: unknown, field: string): number {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) invalid(field, 'must be a valid Date');
  return d.getTime();
}

function checkDocument(d: unknown): SessionDocument {
  if (d === null || typeof d !== 'object' || Array.isArray(d)) invalid('document', 'must be a JSON object');
  return d as SessionDocument;
}

/**
 * The columns a record is made of (not the two lookup digests), named in the hot reads rather than `select *`: a
 * prepared statement's result type must not change when a later migration adds a column (PostgreSQL refuses that).
 */
const RECORD_COLUMNS = [
  'id',
  'api_key_id',
  'status',
  'overall_result',
  'external_ref_enc',
  'document_enc',
  'version',
  'created_at',
  'updated_at',
  'expires_at',
  'completed_at',
  'redacted_at',
] as const satisfies readonly (keyof SessionsTable)[];

/** A session row as far as a record needs it. */
type RecordRow = Pick<SessionsTable, (typeof RECORD_COLUMNS)[number]>;

/** The clear columns of a session row (everything but the encrypted external reference and document). */
function toRecordColumns(row: RecordRow): Omit<SessionRecord, 'externalRef' | 'document'> {
  return {
    id: row.id,
    apiKeyId: row.api_key_id,
    status: row.status as SessionStatus,
    overallResult: (row.overall_result as OverallResult | null) ?? null,
    createdAt: dateOf(row.created_at),
    updatedAt: dateOf(row.updated_at),
    expiresAt: dateOf(row.expires_at),
    completedAt: dateOrNull(row.completed_at),
    redactedAt: dateOrNull(row.redacted_at),
    version: Number(row.version),
  };
}

/** Sessions: the serialized session document is encrypted as a whole; only non-PII index columns are in clear. */
export function sessionRepository(ctx: StoreContext): SessionRepository {
  /** Inserts `rows` in one statement (one named statement per row count). */
  async function insertRows(rows: readonly SessionsTable[]): Promise<void[]> {
    const columns = Object.keys(rows[0]!) as (keyof SessionsTable)[];
    await runPrepared(
      ctx.db,
      ctx.preparedQueries,
      `sessions.create:${columns.join(',')}:${rows.length}`,
      (db, p) =>
        db
          .insertInto(table)
          .values(rows.map((_, r) => Object.fromEntries(columns.map((c, i) => [c, p(r * columns.length + i)])) as unknown as SessionsTable)),
      rows.flatMap((row) => columns.map((c) => row[c])),
    );
    return rows.map(() => undefined);
  }
  // PostgreSQL outside a transaction: sessions created while an insert is running go in the next one, a multi-row
  // insert with one commit (a failed batch is retried row by row, so a bad row fails only its own caller).
  const inserts =
    sharesStatements(ctx)
      ? new CoalescedStatements<SessionsTable, void>((_key, rows) => insertRows(rows), { maxBatch: 32, retrySingly: true })
      : undefined;
  // PostgreSQL outside a transaction: reads of one key's sessions that arrive while one is running go in the next
  // statement together (`id in (…)`); a read never gets a row from a statement that started before it was asked for.
  const readsForKey =
    sharesStatements(ctx)
      ? new CoalescedStatements<string, RecordRow | undefined>(
          async (apiKeyId, ids) => {
            const distinct = [...new Set(ids)];
            const rows = await runPrepared(
              ctx.db,
              ctx.preparedQueries,
              `sessions.getForKey:${distinct.length}`,
              (db, p) =>
                db
                  .selectFrom(table)
                  .select(RECORD_COLUMNS)
                  .where('api_key_id', '=', p(0))
                  .where(
                    'id',
                    'in',
                    distinct.map((_, i) => p(i + 1)),
                  ),
              [apiKeyId, ...distinct],
            );
            const byId = new Map(rows.map((r) => [r.id, r]));
            return ids.map((id) => byId.get(id));
          },
          { maxBatch: 32 },
        )
      : undefined;
  function toRecord<D extends SessionDocument>(row: RecordRow): SessionRecord<D> {
    return {
      ...toRecordColumns(row),
      externalRef: row.external_ref_enc ? ctx.keyring.decryptString(row.external_ref_enc, refAad(row.id)) : null,
      document: ctx.keyring.decryptJson<D>(row.document_enc, docAad(row.id)),
    };
  }

  async function get<D extends SessionDocument>(id: string, opts: { apiKeyId?: string } = {}): Promise<SessionRecord<D> | null> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 128) return null;
    const [row] =
      opts.apiKeyId === undefined
        ? await runPrepared(ctx.db, ctx.preparedQueries, 'sessions.get', (db, p) => db.selectFrom(table).select(RECORD_COLUMNS).where('id', '=', p(0)), [id])
        : readsForKey
          ? [await readsForKey.submit(opts.apiKeyId, id)]
          : await runPrepared(
            ctx.db,
            ctx.preparedQueries,
            'sessions.getForKey',
            (db, p) => db.selectFrom(table).select(RECORD_COLUMNS).where('id', '=', p(0)).where('api_key_id', '=', p(1)),
            [id, opts.apiKeyId],
          );
    return row ? toRecord<D>(row) : null;
  }

  async function update<D extends SessionDocument>(id: string, expectedVersion: number, patch: SessionPatch<D>): Promise<SessionRecord<D>> {
    const set: Partial<SessionsTable> = { updated_at: ctx.now(), version: expectedVersion + 1 };
    if (patch.status !== undefined) set.status = checkStatus(patch.status);
    if (patch.overallResult !== undefined) set.overall_result = checkOverall(patch.overallResult);
    if (patch.completedAt !== undefined) set.completed_at = patch.completedAt === null ? null : checkDate(patch.completedAt, 'completedAt');
    if (patch.expiresAt !== undefined) set.expires_at = checkDate(patch.expiresAt, 'expiresAt');
    if (patch.document !== undefined) set.document_enc = ctx.keyring.encryptJson(checkDocument(patch.document), docAad(id));
    const rows = await ctx.db
      .updateTable(table)
      .set(set)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .execute();
    if (rows.length === 1) return toRecord<D>(rows[0]!);
    const exists = await ctx.db.selectFrom(table).select(['version']).where('id', '=', id).executeTakeFirst();
    if (!exists) throw new ProvefyError('PROVEFY_ERR_NOT_FOUND', 'Session not found', { sessionId: id });
    throw new ProvefyError('PROVEFY_ERR_STORE_CONFLICT', 'The session was modified concurrently', {
      sessionId: id,
      expectedVersion,
      actualVersion: Number(exists.version),
    });
  }

  return {
    async create<D extends SessionDocument>(input: SessionCreateInput<D>): Promise<SessionCreated<D>> {
      if (!input || typeof input !== 'object') invalid('session', 'input must be an object');
      const id = input.id ?? randomUUID();
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(id)) invalid('id', 'must be 1..128 chars of [A-Za-z0-9_-]');
      if (typeof input.apiKeyId !== 'string' || input.apiKeyId === '') invalid('apiKeyId', 'is required');
      const token = input.verificationToken ?? randomBase62(VERIFICATION_TOKEN_CHARS);
      if (typeof token !== 'string' || token.length < 20 || token.length > 256) invalid('verificationToken', 'must be 20..256 chars');
      const externalRef = input.externalRef ?? null;
      if (externalRef !== null && typeof externalRef !== 'string') invalid('externalRef', 'must be a string');
      const now = ctx.now();
      const documentJson = JSON.stringify(checkDocument(input.document));
      const row: SessionsTable = {
        id,
        api_key_id: input.apiKeyId,
        status: checkStatus(input.status ?? 'PENDING'),
        overall_result: null,
        external_ref_hash: externalRef === null ? null : ctx.keyring.blindIndex(externalRef, EXTERNAL_REF_INDEX),
        external_ref_enc: externalRef === null ? null : ctx.keyring.encryptString(externalRef, refAad(id)),
        token_hash: hashVerificationToken(token),
        document_enc: ctx.keyring.encryptString(documentJson, docAad(id)),
        version: 1,
        created_at: now,
        updated_at: now,
        expires_at: checkDate(input.expiresAt, 'expiresAt'),
        completed_at: null,
        redacted_at: null,
      };
      if (inserts) await inserts.submit('', row);
      else await insertRows([row]);
      // The record from what was just written (no decryption of it): the document as its JSON round trip, like a read.
      const session: SessionRecord<D> = { ...toRecordColumns(row), externalRef, document: JSON.parse(documentJson) as D };
      return { session, verificationToken: token };
    },

    get,

    async findByVerificationToken<D extends SessionDocument>(token: string): Promise<SessionRecord<D> | null> {
      if (typeof token !== 'string' || token.length < 20 || token.length > 256) return null;
      const row = await ctx.db.selectFrom(table).selectAll().where('token_hash', '=', hashVerificationToken(token)).executeTakeFirst();
      return row ? toRecord<D>(row) : null;
    },

    update,

    async mutate<D extends SessionDocument>(
      id: string,
      fn: (current: SessionRecord<D>) => SessionPatch<D> | null | Promise<SessionPatch<D> | null>,
      opts: { apiKeyId?: string; retries?: number } = {},
    ): Promise<SessionRecord<D> | null> {
      return retry(
        async () => {
          const current = await get<D>(id, opts);
          if (!current) return null;
          const patch = await fn(current);
          if (patch === null) return current;
          return update<D>(id, current.version, patch);
        },
        { retries: opts.retries ?? 5, shouldRetry: (e) => isProvefyError(e, 'PROVEFY_ERR_STORE_CONFLICT') },
      );
    },

    async list<D extends SessionDocument>(query: SessionListQuery): Promise<SessionListResult<D>> {
      const page = Math.max(1, Math.floor(Number(query.page ?? 1)) || 1);
      const limit = Math.min(100, Math.max(1, Math.floor(Number(query.limit ?? 20)) || 20));
      let base = ctx.db.selectFrom(table).where('api_key_id', '=', query.apiKeyId);
      if (query.status !== undefined) base = base.where('status', '=', checkStatus(query.status));
      if (query.externalRef !== undefined) {
        base = base.where('external_ref_hash', 'in', ctx.keyring.blindIndex(String(query.externalRef), EXTERNAL_REF_INDEX, true));
      }
      const [countRow, rows] = await Promise.all([
        base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
        base
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .offset((page - 1) * limit)
          .execute(),
      ]);
      return { items: rows.map((r) => toRecord<D>(r)), total: Number(countRow?.n ?? 0), page, limit };
    },

    async redact<D extends SessionDocument>(id: string, opts: { apiKeyId?: string; skeleton?: D } = {}): Promise<SessionRecord<D> | null> {
      return ctx.transaction(async (tx) => {
        let q = tx.db.selectFrom(table).select(['id', 'version', 'api_key_id']).where('id', '=', id);
        if (opts.apiKeyId !== undefined) q = q.where('api_key_id', '=', opts.apiKeyId);
        const cur = await q.executeTakeFirst();
        if (!cur) return null;
        const now = tx.now();
        const skeleton = checkDocument(opts.skeleton ?? { redacted: true });
        const rows = await tx.db
          .updateTable(table)
          .set({
            document_enc: tx.keyring.encryptJson(skeleton, docAad(id)),
            external_ref_enc: null,
            external_ref_hash: null,
            token_hash: null,
            redacted_at: now,
            updated_at: now,
            version: Number(cur.version) + 1,
          })
          .where('id', '=', id)
          .returningAll()
          .execute();
        await tx.db.deleteFrom('provefy_blobs').where('session_id', '=', id).execute();
        await tx.db.deleteFrom('provefy_liveness_attempts').where('session_id', '=', id).execute();
        await tx.db.updateTable('provefy_webhook_events').set({ body_enc: null }).where('session_id', '=', id).where('status', '!=', 'pending').execute();
        await tx.db
          .insertInto('provefy_audit_log')
          .values({ id: newId('aud'), at: now, action: 'session.redacted', api_key_id: cur.api_key_id, session_id: id, actor: null, details: '{}' })
          .execute();
        return toRecord<D>(rows[0]!);
      });
    },

    async listExpired(now: Date, limit = 100): Promise<SessionRecord[]> {
      const rows = await ctx.db
        .selectFrom(table)
        .selectAll()
        .where('status', 'in', ['PENDING', 'IN_PROGRESS'])
        .where('expires_at', '<=', now.getTime())
        .orderBy('expires_at')
        .limit(limit)
        .execute();
      return rows.map((r) => toRecord(r));
    },

    async listFinishedBefore(before: Date, limit = 100): Promise<SessionRecord[]> {
      const rows = await ctx.db
        .selectFrom(table)
        .selectAll()
        .where('status', 'in', ['COMPLETED', 'EXPIRED', 'CANCELLED'])
        .where('redacted_at', 'is', null)
        .where('updated_at', '<=', before.getTime())
        .orderBy('updated_at')
        .limit(limit)
        .execute();
      return rows.map((r) => toRecord(r));
    },
  };
}

