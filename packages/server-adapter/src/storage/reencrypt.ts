import { sql } from 'kysely';
import { isProvefyError } from '@provefy/core';
import { EXTERNAL_REF_INDEX, aad } from './aad.js';
import type { KyselyStore } from './create-store.js';

export interface ReencryptReport {
  sessions: number;
  apiKeys: number;
  webhookEvents: number;
  idempotencyKeys: number;
  blobs: number;
  /** Rows that no key in the keyring can decrypt (left unchanged; investigate before dropping keys). */
  undecryptable: number;
}


/**
 * After a key rotation (new `encryption.key`, old one in `previousKeys`), re-encrypts every value
 * still under an old key with the current key and recomputes the externalRef search index, in
 * batches (each row its own small write, so it can run while the server is live). When it
 * reports zero remaining rows, the old key can be removed from `previousKeys`.
 *
 * @example
 * const store = createStore(conn, { encryption: { key: NEW, previousKeys: [{ key: OLD }] } });
 * await reencryptAll(store); // { sessions: 1200, apiKeys: 3, … }
 */
export async function reencryptAll(store: KyselyStore, opts: { batchSize?: number } = {}): Promise<ReencryptReport> {
  const ring = store.keyring;
  const prefix = `v1.${ring.current.id}.`;
  const batch = opts.batchSize ?? 200;
  const db = store.db;
  const stale = (column: string) => sql<boolean>`(${sql.ref(column)} is not null and ${sql.ref(column)} not like ${`${prefix}%`})`;
  const report: ReencryptReport = { sessions: 0, apiKeys: 0, webhookEvents: 0, idempotencyKeys: 0, blobs: 0, undecryptable: 0 };
  /** Runs one row's re-encryption; a value no key can open is counted and skipped. */
  async function row(kind: Exclude<keyof ReencryptReport, 'undecryptable'>, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      report[kind]++;
    } catch (e) {
      if (!isProvefyError(e, 'PROVEFY_ERR_DECRYPT')) throw e;
      report.undecryptable++;
    }
  }

  for (let after = ''; ; ) {
    const rows = await db
      .selectFrom('provefy_sessions')
      .select(['id', 'document_enc', 'external_ref_enc'])
      .where('id', '>', after)
      .where((eb) => eb.or([stale('document_enc'), stale('external_ref_enc')]))
      .orderBy('id')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      await row('sessions', async () => {
        const ref = r.external_ref_enc === null ? null : ring.decryptString(r.external_ref_enc, aad.sessionExternalRef(r.id));
        const doc = ring.decryptString(r.document_enc, aad.sessionDocument(r.id));
        await db
          .updateTable('provefy_sessions')
          .set({
            document_enc: ring.encryptString(doc, aad.sessionDocument(r.id)),
            external_ref_enc: ref === null ? null : ring.encryptString(ref, aad.sessionExternalRef(r.id)),
            external_ref_hash: ref === null ? null : ring.blindIndex(ref, EXTERNAL_REF_INDEX),
          })
          .where('id', '=', r.id)
          .where('document_enc', '=', r.document_enc) // a row changed meanwhile was re-encrypted by that write
          .execute();
      });
    }
    after = rows[rows.length - 1]!.id;
  }

  const keys = await db.selectFrom('provefy_api_keys').select(['id', 'webhook_secret_enc']).where(stale('webhook_secret_enc')).execute();
  for (const r of keys) {
    await row('apiKeys', async () => {
      const a = aad.webhookSecret(r.id);
      await db
        .updateTable('provefy_api_keys')
        .set({ webhook_secret_enc: ring.encryptString(ring.decryptString(r.webhook_secret_enc!, a), a) })
        .where('id', '=', r.id)
        .where('webhook_secret_enc', '=', r.webhook_secret_enc)
        .execute();
    });
  }

  for (let after = ''; ; ) {
    const rows = await db.selectFrom('provefy_webhook_events').select(['id', 'body_enc']).where('id', '>', after).where(stale('body_enc')).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      await row('webhookEvents', async () => {
        const a = aad.webhookBody(r.id);
        await db.updateTable('provefy_webhook_events').set({ body_enc: ring.encryptString(ring.decryptString(r.body_enc!, a), a) }).where('id', '=', r.id).execute();
      });
    }
    after = rows[rows.length - 1]!.id;
  }

  const idem = await db.selectFrom('provefy_idempotency_keys').select(['api_key_id', 'key_hash', 'response_body_enc']).where(stale('response_body_enc')).execute();
  for (const r of idem) {
    await row('idempotencyKeys', async () => {
      const a = aad.idempotencyBody(r.api_key_id, r.key_hash);
      await db
        .updateTable('provefy_idempotency_keys')
        .set({ response_body_enc: ring.encryptString(ring.decryptString(r.response_body_enc!, a), a) })
        .where('api_key_id', '=', r.api_key_id)
        .where('key_hash', '=', r.key_hash)
        .execute();
    });
  }

  // Blobs are binary envelopes (`PV1 | kidLen | kid | …`): check the key id in the header.
  for (let after = ''; ; ) {
    const rows = await db.selectFrom('provefy_blobs').select(['id', 'data_enc']).where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const buf = Buffer.from(r.data_enc);
      if (buf.subarray(4, 4 + (buf[3] ?? 0)).toString('ascii') === ring.current.id) continue;
      await row('blobs', async () => {
        const a = aad.blob(r.id);
        await db.updateTable('provefy_blobs').set({ data_enc: ring.encryptBytes(ring.decryptBytes(buf, a), a) }).where('id', '=', r.id).execute();
      });
    }
    after = rows[rows.length - 1]!.id;
  }
  return report;
}
