/**
 * Review decisions through the adapter's service (SQLite and PostgreSQL): the same transaction and conflict retry as
 * every other transition; racing reviewers (two instances on PostgreSQL) give one decision, one webhook, one audit entry.
 */
import { createSession, recordCheckResult, startCapture, toSessionJson } from '@provefy/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HttpError, type KyselyStore, type Store, resolveSessionReview } from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';

async function sessionInReview(store: Store, apiKeyId: string): Promise<string> {
  const now = new Date();
  let s = createSession({ checks: ['liveness'], externalRef: 'rev-1', callbackUrl: 'https://hooks.example.com/review' }, { now });
  s = startCapture(s, { now });
  s = recordCheckResult(s, { check: 'liveness', result: 'REVIEW', livenessScore: 0.8, reasons: [{ code: 'LIVENESS_BORDERLINE', message: 'Close to the threshold' }] }, { now });
  const created = await store.sessions.create({ id: s.id, apiKeyId, externalRef: s.externalRef, expiresAt: s.expiresAt, document: toSessionJson(s) as unknown as Record<string, unknown> });
  await store.sessions.update(s.id, created.session.version, { status: s.status, overallResult: s.overallResult, completedAt: s.completedAt, document: toSessionJson(s) as unknown as Record<string, unknown> });
  return s.id;
}

for (const target of targets) {
  target.describe(`review decisions on ${target.name}`, () => {
    let db: TestDatabase;
    let store: KyselyStore;
    let other: KyselyStore;
    let apiKeyId: string;

    beforeAll(async () => {
      db = target.database();
      store = await db.open();
      other = target.name === 'postgres' ? await db.open() : store;
      apiKeyId = (await store.apiKeys.create({ name: 'review' })).apiKey.id;
    });

    afterAll(async () => {
      if (other !== store) await other?.close();
      await store?.close();
      await db?.cleanup();
    });

    it('decides once: the racing decision gets 409 CONFLICT, one webhook and one audit entry', async () => {
      const id = await sessionInReview(store, apiKeyId);
      const results = await Promise.allSettled([
        resolveSessionReview(store, id, { decision: 'APPROVED', reviewer: 'alice', note: 'Looked at the selfie' }),
        resolveSessionReview(other, id, { decision: 'REJECTED', reviewer: 'bob', note: 'Not convinced' }),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(HttpError);
      expect((refused[0]!.reason as HttpError).status).toBe(409);
      expect((refused[0]!.reason as HttpError).code).toBe('PROVEFY_ERR_NOT_AWAITING_REVIEW');
      const outcome = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof resolveSessionReview>>>).value;
      const record = await store.sessions.get(id);
      expect(record?.overallResult).toBe(outcome.session.overallResult);
      const hooks = await store.webhooks.list({ sessionId: id });
      expect(hooks).toHaveLength(1);
      expect(hooks[0]!.id).toBe(outcome.webhookEventId);
      expect(JSON.parse(hooks[0]!.body!)).toMatchObject({ event: 'verification.completed', overallResult: outcome.session.overallResult });
      const audit = (await store.audit.list({ sessionId: id })).filter((e) => e.action === 'session.review_resolved');
      expect(audit).toHaveLength(1);
    });

    it('404 for an unknown session', async () => {
      await expect(resolveSessionReview(store, 'nope', { decision: 'APPROVED', reviewer: 'a', note: 'n' })).rejects.toMatchObject({ status: 404, code: 'PROVEFY_ERR_SESSION_NOT_FOUND' });
    });
  });
}
