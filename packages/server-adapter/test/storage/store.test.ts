/**
 * The storage suite, run unchanged against SQLite (temp file) and PostgreSQL (unique schema).
 */
import { readFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, isProvefyError, toSessionJson } from '@provefy/core';
import { type KyselyStore, type SessionRecord, createHousekeeping, createSweeper, hashApiKey, reencryptAll } from '../../src/index.js';
import { type TestDatabase, TEST_KEY, targets } from './targets.js';

// PII used throughout: none of these strings may appear in raw database rows.
const PII = {
  firstName: 'Wilhelmina',
  lastName: 'Oyelaran-Castellanos',
  documentNumber: 'X9R4T7Q21',
  dateOfBirth: '1987-11-23',
  address: '4417 Quillfeather Lane, Duluth',
  externalRef: 'crm-user-7730415',
};

function sessionDoc(extra: Record<string, unknown> = {}) {
  return {
    status: 'PENDING',
    checks: ['liveness', 'doc_verify', 'face_match'],
    metadata: { plan: 'premium', customerNote: PII.address },
    results: {
      documentVerification: {
        fields: { firstName: PII.firstName, lastName: PII.lastName, documentNumber: PII.documentNumber, dateOfBirth: PII.dateOfBirth },
      },
    },
    ...extra,
  };
}

for (const target of targets) {
  target.describe(`store on ${target.name}`, () => {
    let db: TestDatabase;
    let store: KyselyStore;
    let keyId: string;

    beforeAll(async () => {
      db = target.database();
      store = await db.open();
      keyId = (await store.apiKeys.create({ name: 'Suite key', webhookUrl: 'https://hooks.example.com/kyc' })).apiKey.id;
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it('migrates idempotently (a second migrate and a second instance are no-ops)', async () => {
      await store.migrate();
      const other = await db.open();
      expect((await other.apiKeys.get(keyId))?.name).toBe('Suite key');
    });

    describe('api keys', () => {
      it('creates kyc_live_/kyc_test_ keys with >= 32 base62 chars, stores only a hash, shows the key once', async () => {
        const live = await store.apiKeys.create({ name: 'Live' });
        const test = await store.apiKeys.create({ name: 'Test', mode: 'test' });
        expect(live.key).toMatch(/^kyc_live_[A-Za-z0-9]{32,}$/);
        expect(test.key).toMatch(/^kyc_test_[A-Za-z0-9]{32,}$/);
        expect(live.webhookSecret).toMatch(/^whsec_/);
        expect(live.apiKey.prefix).toBe(live.key.slice(0, 13));
        expect(live.apiKey).not.toHaveProperty('key');
        expect(JSON.stringify(live.apiKey)).not.toContain(live.key);
        expect(JSON.stringify(live.apiKey)).not.toContain(live.webhookSecret);
        const raw = await db.rawDump();
        expect(raw).not.toContain(live.key);
        expect(raw).not.toContain(live.key.slice(13)); // not even the random part
        expect(raw).not.toContain(live.webhookSecret);
        expect(raw).toContain(hashApiKey(live.key));
      });

      it('has the documented defaults', async () => {
        const { apiKey } = await store.apiKeys.create({ name: 'Defaults' });
        expect(apiKey.mode).toBe('live');
        expect(apiKey.enabledChecks).toEqual(['liveness', 'age_estimation', 'doc_verify', 'face_match']);
        expect(apiKey.thresholds).toEqual({ liveness: 0.85, minAge: 18, faceMatch: { arcface_r50: 0.57 } });
        expect(apiKey.rateLimitPerMinute).toBe(100);
        expect(apiKey.allowPrivateCallbacks).toBe(false);
        expect(apiKey.revokedAt).toBeNull();
      });

      it('authenticates, lists without secrets, updates, rotates the webhook secret, revokes', async () => {
        const created = await store.apiKeys.create({ name: 'Lifecycle', enabledChecks: ['liveness'], branding: { name: 'Acme', primaryColor: '#112233' } });
        const id = created.apiKey.id;
        expect((await store.apiKeys.authenticate(created.key))?.id).toBe(id);
        expect(await store.apiKeys.authenticate(`${created.key}x`)).toBeNull();
        expect(await store.apiKeys.authenticate('kyc_live_short')).toBeNull();
        expect(await store.apiKeys.authenticate('')).toBeNull();

        const listed = await store.apiKeys.list();
        expect(listed.some((k) => k.id === id)).toBe(true);
        expect(JSON.stringify(listed)).not.toContain(created.webhookSecret);

        const updated = await store.apiKeys.update(id, { thresholds: { liveness: 0.9, faceMatch: { arcface_mbf: 0.5 } }, rateLimitPerMinute: 7, allowedRedirectOrigins: ['https://app.example.com'] });
        expect(updated?.thresholds).toEqual({ liveness: 0.9, minAge: 18, faceMatch: { arcface_r50: 0.57, arcface_mbf: 0.5 } });
        expect(updated?.rateLimitPerMinute).toBe(7);
        expect(updated?.branding).toEqual({ name: 'Acme', primaryColor: '#112233', accentColor: null, logoUrl: null });
        expect(updated?.allowedRedirectOrigins).toEqual(['https://app.example.com']);

        expect(await store.apiKeys.getWebhookSecret(id)).toBe(created.webhookSecret);
        const rotated = await store.apiKeys.rotateWebhookSecret(id);
        expect(rotated?.webhookSecret).toMatch(/^whsec_/);
        expect(rotated?.webhookSecret).not.toBe(created.webhookSecret);
        expect(await store.apiKeys.getWebhookSecret(id)).toBe(rotated?.webhookSecret);

        const revoked = await store.apiKeys.revoke(id);
        expect(revoked?.revokedAt).toBeInstanceOf(Date);
        expect(await store.apiKeys.authenticate(created.key)).toBeNull();
        expect((await store.apiKeys.findByToken(created.key))?.revokedAt).toBeInstanceOf(Date);
        expect((await store.apiKeys.list()).some((k) => k.id === id)).toBe(false);
        expect((await store.apiKeys.list({ includeRevoked: true })).some((k) => k.id === id)).toBe(true);
      });

      it('rejects invalid key settings with a typed error naming the field', async () => {
        const bad = [
          { name: '' },
          { name: 'x', enabledChecks: ['telepathy'] },
          { name: 'x', thresholds: { liveness: 1.5 } },
          { name: 'x', rateLimitPerMinute: 0 },
          { name: 'x', webhookUrl: 'ftp://example.com' },
          { name: 'x', apiKey: 'kyc_live_tooShort' },
        ];
        for (const input of bad) {
          const e = await store.apiKeys.create(input as never).catch((err) => err);
          expect(isProvefyError(e, 'PROVEFY_ERR_INVALID_INPUT'), JSON.stringify(input)).toBe(true);
          expect(e.details.field).toBeTypeOf('string');
        }
      });
    });

    describe('sessions', () => {
      it('creates, reads (scoped to its key) and finds by verification token', async () => {
        const { session, verificationToken } = await store.sessions.create({
          apiKeyId: keyId,
          externalRef: PII.externalRef,
          expiresAt: new Date(Date.now() + 30 * 60_000),
          document: sessionDoc(),
        });
        expect(session.version).toBe(1);
        expect(session.status).toBe('PENDING');
        expect(session.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(verificationToken).toMatch(/^[A-Za-z0-9]{43}$/);
        const got = await store.sessions.get(session.id, { apiKeyId: keyId });
        expect(got?.document).toEqual(sessionDoc());
        expect(got?.externalRef).toBe(PII.externalRef);
        expect(await store.sessions.get(session.id, { apiKeyId: 'key_other' })).toBeNull();
        expect((await store.sessions.findByVerificationToken(verificationToken))?.id).toBe(session.id);
        expect(await store.sessions.findByVerificationToken(`${verificationToken}x`)).toBeNull();
      });

      it('creates and reads 60 sessions concurrently (PostgreSQL shares the statements): each its own, a duplicate id fails only itself', async () => {
        const expiresAt = new Date(Date.now() + 30 * 60_000);
        const ids = Array.from({ length: 60 }, (_, i) => `concurrent-${target.name}-${i}`);
        ids[37] = ids[12]!; // one id twice, in the same burst
        const settled = await Promise.allSettled(
          ids.map((id, i) => store.sessions.create({ id, apiKeyId: keyId, externalRef: `ref-${i}`, expiresAt, document: sessionDoc() })),
        );
        const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [i] : []));
        expect(failed).toEqual([37]);
        for (const [i, s] of settled.entries()) {
          if (s.status !== 'fulfilled') continue;
          const got = await store.sessions.get(ids[i]!, { apiKeyId: keyId });
          expect(got?.externalRef).toBe(`ref-${i}`);
          expect((await store.sessions.findByVerificationToken(s.value.verificationToken))?.id).toBe(ids[i]);
        }
        // Concurrent reads (PostgreSQL shares them per key): each gets its own session, nothing of another key, and
        // null for an id that does not exist.
        const reads = await Promise.all([
          ...ids.map((id) => store.sessions.get(id, { apiKeyId: keyId })),
          ...ids.slice(0, 10).map((id) => store.sessions.get(id, { apiKeyId: 'key_other' })),
          store.sessions.get(`concurrent-${target.name}-missing`, { apiKeyId: keyId }),
        ]);
        // ids[37] is ids[12]: that read gets the session created as number 12.
        expect(reads.slice(0, ids.length).map((r) => r?.externalRef)).toEqual(ids.map((_, i) => `ref-${i === 37 ? 12 : i}`));
        expect(reads.slice(ids.length)).toEqual(Array.from({ length: 11 }, () => null));
      });

      it('updates with optimistic concurrency: a stale version is a typed conflict; mutate() retries', async () => {
        const { session } = await store.sessions.create({ apiKeyId: keyId, expiresAt: new Date(Date.now() + 60_000), document: { n: 0 } });
        const v2 = await store.sessions.update(session.id, 1, { status: 'IN_PROGRESS', document: { n: 1 } });
        expect(v2.version).toBe(2);
        const stale = await store.sessions.update(session.id, 1, { status: 'CANCELLED' }).catch((e) => e);
        expect(isProvefyError(stale, 'PROVEFY_ERR_STORE_CONFLICT')).toBe(true);
        const missing = await store.sessions.update('no-such-session', 1, { status: 'CANCELLED' }).catch((e) => e);
        expect(isProvefyError(missing, 'PROVEFY_ERR_NOT_FOUND')).toBe(true);

        // 10 concurrent read-modify-write increments: none lost.
        await Promise.all(
          Array.from({ length: 10 }, () =>
            store.sessions.mutate<{ n: number }>(session.id, (cur) => ({ document: { n: cur.document.n + 1 } }), { retries: 50 }),
          ),
        );
        const final = await store.sessions.get<{ n: number }>(session.id);
        expect(final?.document.n).toBe(11);
        expect(final?.version).toBe(12);
      });

      it('lists with status/externalRef filters and pagination, scoped to the key', async () => {
        const { apiKey } = await store.apiKeys.create({ name: 'Lister' });
        for (let i = 0; i < 7; i++) {
          const { session } = await store.sessions.create({
            apiKeyId: apiKey.id,
            externalRef: i < 3 ? 'ref-A' : `ref-${i}`,
            expiresAt: new Date(Date.now() + 60_000),
            document: { i },
          });
          if (i % 2 === 0) await store.sessions.update(session.id, 1, { status: 'COMPLETED', overallResult: 'APPROVED', completedAt: new Date() });
        }
        const all = await store.sessions.list({ apiKeyId: apiKey.id, limit: 5 });
        expect(all.total).toBe(7);
        expect(all.items).toHaveLength(5);
        const page2 = await store.sessions.list({ apiKeyId: apiKey.id, limit: 5, page: 2 });
        expect(page2.items).toHaveLength(2);
        expect(new Set([...all.items, ...page2.items].map((s) => s.id)).size).toBe(7);
        expect((await store.sessions.list({ apiKeyId: apiKey.id, status: 'COMPLETED' })).total).toBe(4);
        const byRef = await store.sessions.list({ apiKeyId: apiKey.id, externalRef: 'ref-A' });
        expect(byRef.total).toBe(3);
        expect(byRef.items.every((s) => s.externalRef === 'ref-A')).toBe(true);
        expect((await store.sessions.list({ apiKeyId: keyId, externalRef: 'ref-A' })).total).toBe(0);
      });

      it('redacts: PII, token, images and delivered payloads gone; the skeleton and audit remain', async () => {
        const { session, verificationToken } = await store.sessions.create({
          apiKeyId: keyId,
          externalRef: 'redact-me',
          expiresAt: new Date(Date.now() + 60_000),
          document: sessionDoc(),
        });
        await store.blobs.put({ sessionId: session.id, kind: 'selfie', contentType: 'image/jpeg', data: randomBytes(64), retainUntil: new Date(Date.now() + 3600_000) });
        const r = await store.sessions.redact(session.id, { apiKeyId: keyId, skeleton: { status: 'COMPLETED', redacted: true } });
        expect(r?.document).toEqual({ status: 'COMPLETED', redacted: true });
        expect(r?.externalRef).toBeNull();
        expect(r?.redactedAt).toBeInstanceOf(Date);
        expect(await store.sessions.findByVerificationToken(verificationToken)).toBeNull();
        expect(await store.blobs.listForSession(session.id)).toHaveLength(0);
        expect((await store.sessions.list({ apiKeyId: keyId, externalRef: 'redact-me' })).total).toBe(0);
        expect((await store.audit.list({ sessionId: session.id })).map((a) => a.action)).toContain('session.redacted');
        expect(await store.sessions.redact(session.id, { apiKeyId: 'key_other' })).toBeNull();
      });
    });

    describe('transactions', () => {
      it('commits a session update and its outbox row together, and rolls both back on error', async () => {
        const { session } = await store.sessions.create({ apiKeyId: keyId, expiresAt: new Date(Date.now() + 60_000), document: { s: 1 } });
        const boom = await store
          .transaction(async (tx) => {
            await tx.sessions.update(session.id, 1, { status: 'COMPLETED', overallResult: 'APPROVED', completedAt: new Date() });
            await tx.webhooks.enqueue({ apiKeyId: keyId, sessionId: session.id, type: 'verification.completed', url: 'https://hooks.example.com/a', payload: { x: 1 } });
            throw new Error('boom');
          })
          .catch((e) => e);
        expect(boom.message).toBe('boom');
        expect((await store.sessions.get(session.id))?.status).toBe('PENDING');
        expect(await store.webhooks.list({ sessionId: session.id })).toHaveLength(0);

        let notified = 0;
        const off = store.onWebhookEnqueued(() => notified++);
        await store.transaction(async (tx) => {
          await tx.sessions.update(session.id, 1, { status: 'COMPLETED', overallResult: 'APPROVED', completedAt: new Date() });
          await tx.webhooks.enqueue({ apiKeyId: keyId, sessionId: session.id, type: 'verification.completed', url: 'https://hooks.example.com/a', payload: { x: 1 } });
          expect(notified).toBe(0); // not before commit
        });
        off();
        expect(notified).toBe(1);
        expect((await store.sessions.get(session.id))?.status).toBe('COMPLETED');
        const events = await store.webhooks.list({ sessionId: session.id });
        expect(events).toHaveLength(1);
        expect(events[0]?.body).toBe(JSON.stringify({ x: 1 }));
      });
    });

    describe('webhook outbox', () => {
      it('leases an event to one claimer at a time, records attempts, reschedules, dies, retries manually', async () => {
        const { apiKey } = await store.apiKeys.create({ name: 'Outbox' });
        const ev = await store.webhooks.enqueue({ apiKeyId: apiKey.id, sessionId: null, type: 'verification.cancelled', url: 'https://hooks.example.com/b', payload: { n: 1 } });
        const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store.webhooks.claim(`w${i}`, { limit: 5, leaseMs: 60_000 })));
        const winners = claims.filter((c) => c.some((e) => e.id === ev.id));
        expect(winners).toHaveLength(1);
        const claimed = winners[0]!.find((e) => e.id === ev.id)!;
        expect(claimed.attempts).toBe(1);
        const owner = claimed.leaseOwner!;
        expect(await store.webhooks.markDelivered(ev.id, 'not-the-owner')).toBe(false);
        await store.webhooks.recordAttempt({ eventId: ev.id, attempt: 1, startedAt: new Date(), statusCode: 503, latencyMs: 12, error: 'HTTP 503', success: false });
        expect(await store.webhooks.reschedule(ev.id, owner, new Date(Date.now() - 1), 'HTTP 503')).toBe(true);
        const again = (await store.webhooks.claim('w9', { limit: 100, leaseMs: 60_000 })).find((e) => e.id === ev.id)!;
        expect(again.attempts).toBe(2);
        expect(await store.webhooks.reschedule(ev.id, 'w9', null, 'gave up')).toBe(true);
        expect((await store.webhooks.get(ev.id))?.status).toBe('dead');
        expect((await store.webhooks.retry(ev.id))?.status).toBe('pending');
        const attempts = await store.webhooks.attempts(ev.id);
        expect(attempts.map((a) => [a.attempt, a.statusCode, a.success])).toEqual([[1, 503, false]]);
      });
    });

    describe('idempotency keys', () => {
      it('reserves a key once under concurrency, replays the stored response, detects a different request', async () => {
        const begins = await Promise.all(Array.from({ length: 10 }, () => store.idempotency.begin({ apiKeyId: keyId, key: 'idem-1', fingerprint: 'fp-A' })));
        expect(begins.filter((b) => b.state === 'new')).toHaveLength(1);
        expect(begins.filter((b) => b.state === 'in_progress')).toHaveLength(9);
        const body = JSON.stringify({ sessionId: 's1', verificationUrl: 'https://verify.example/verify/secrettoken123' });
        await store.idempotency.complete({ apiKeyId: keyId, key: 'idem-1', status: 201, body, headers: { 'content-type': 'application/json' } });
        expect(await store.idempotency.begin({ apiKeyId: keyId, key: 'idem-1', fingerprint: 'fp-A' })).toEqual({
          state: 'replay',
          status: 201,
          body,
          headers: { 'content-type': 'application/json' },
        });
        expect((await store.idempotency.begin({ apiKeyId: keyId, key: 'idem-1', fingerprint: 'fp-B' })).state).toBe('mismatch');
        // Same header value under another API key is independent.
        expect((await store.idempotency.begin({ apiKeyId: 'key_other', key: 'idem-1', fingerprint: 'fp-A' })).state).toBe('new');
        // Released reservations can be taken again.
        await store.idempotency.begin({ apiKeyId: keyId, key: 'idem-2', fingerprint: 'fp' });
        await store.idempotency.release({ apiKeyId: keyId, key: 'idem-2' });
        expect((await store.idempotency.begin({ apiKeyId: keyId, key: 'idem-2', fingerprint: 'fp' })).state).toBe('new');
        expect(await db.rawDump()).not.toContain('secrettoken123');
      });
    });

    describe('blobs and retention', () => {
      it('stores images encrypted and the sweeper deletes them after retention', async () => {
        const img = Buffer.concat([Buffer.from('JFIF-marker-'), randomBytes(256)]);
        const keep = await store.blobs.put({ sessionId: null, kind: 'selfie', contentType: 'image/jpeg', data: img, retainUntil: new Date(Date.now() + 3600_000) });
        const gone = await store.blobs.put({ sessionId: null, kind: 'selfie', contentType: 'image/jpeg', data: img, retainUntil: new Date(Date.now() - 1) });
        expect(Buffer.from((await store.blobs.get(keep.id))!.data).equals(img)).toBe(true);
        expect(await db.rawDump()).not.toContain('JFIF-marker-');
        const report = await createSweeper(store).runOnce();
        expect(report.deletedBlobs).toBeGreaterThanOrEqual(1);
        expect(await store.blobs.get(gone.id)).toBeNull();
        expect(await store.blobs.get(keep.id)).not.toBeNull();
      });
    });

    describe('housekeeping', () => {
      it('expires overdue sessions through the state machine once across instances, with the contract webhook', async () => {
        const { apiKey } = await store.apiKeys.create({ name: 'Sweep', webhookUrl: 'https://hooks.example.com/key-level' });
        const created = new Date(Date.now() - 120_000);
        const overdueSession = createSession(
          { checks: ['liveness', 'age_estimation'], externalRef: 'exp-1', callbackUrl: 'https://hooks.example.com/session-level', metadata: { plan: 'basic' }, config: { expiresInMs: 60_000 } },
          { now: created },
        );
        const overdue = await store.sessions.create({
          id: overdueSession.id,
          apiKeyId: apiKey.id,
          externalRef: 'exp-1',
          expiresAt: overdueSession.expiresAt,
          document: toSessionJson(overdueSession) as unknown as Record<string, unknown>,
        });
        const freshSession = createSession({ checks: ['liveness'] }, { now: new Date() });
        const fresh = await store.sessions.create({
          id: freshSession.id,
          apiKeyId: apiKey.id,
          expiresAt: freshSession.expiresAt,
          document: toSessionJson(freshSession) as unknown as Record<string, unknown>,
        });
        // A second instance on the same database (PostgreSQL; SQLite is one process's file).
        const other = target.name === 'postgres' ? await db.open() : store;
        try {
          const reports = await Promise.all([createHousekeeping(store).runOnce(), createHousekeeping(other).runOnce(), createSweeper(store).runOnce()]);
          expect(reports.reduce((n, r) => n + r.expiredSessions, 0)).toBe(1);
        } finally {
          if (other !== store) await other.close();
        }
        const s = (await store.sessions.get(overdue.session.id)) as SessionRecord;
        expect(s.status).toBe('EXPIRED');
        expect((s.document as { status?: string }).status).toBe('EXPIRED');
        expect((await store.sessions.get(fresh.session.id))?.status).toBe('PENDING');
        const events = await store.webhooks.list({ sessionId: overdue.session.id });
        expect(events).toHaveLength(1);
        expect(events[0]?.type).toBe('verification.expired');
        expect(events[0]?.url).toBe('https://hooks.example.com/session-level');
        // The same payload shape as every other terminal webhook (toWebhookPayload), completedAt = expiresAt.
        const payload = JSON.parse(events[0]!.body!);
        expect(payload).toEqual({
          event: 'verification.expired',
          sessionId: overdue.session.id,
          externalRef: 'exp-1',
          overallResult: null,
          completedAt: overdueSession.expiresAt.toISOString(),
          checks: {
            liveness: { result: null, livenessScore: null },
            ageEstimation: { result: null, estimatedAge: null, meetsMinAge: null },
          },
          metadata: { plan: 'basic' },
        });
      });

      it('redacts finished sessions after the configured retention', async () => {
        let now = Date.now();
        const clocked = await db.open({ now: () => now });
        const { session } = await clocked.sessions.create({ apiKeyId: keyId, externalRef: 'old-ref', expiresAt: new Date(now + 60_000), document: sessionDoc() });
        await clocked.sessions.update(session.id, 1, { status: 'COMPLETED', overallResult: 'REJECTED', completedAt: new Date(now) });
        now += 2 * 86_400_000;
        const report = await createSweeper(clocked, { sessionRetentionMs: 86_400_000 }).runOnce();
        expect(report.redactedSessions).toBeGreaterThanOrEqual(1);
        const s = await clocked.sessions.get(session.id);
        expect(s?.redactedAt).toBeInstanceOf(Date);
        expect(s?.status).toBe('COMPLETED');
        expect(s?.overallResult).toBe('REJECTED');
        expect(s?.externalRef).toBeNull();
      });
    });

    describe('PII at rest', () => {
      it('raw rows contain no plaintext name, document number, date of birth, address or externalRef', async () => {
        const { session } = await store.sessions.create({ apiKeyId: keyId, externalRef: PII.externalRef, expiresAt: new Date(Date.now() + 60_000), document: sessionDoc() });
        await store.sessions.update(session.id, 1, { status: 'COMPLETED', overallResult: 'APPROVED', completedAt: new Date(), document: sessionDoc({ status: 'COMPLETED' }) });
        await store.transaction((tx) =>
          tx.webhooks.enqueue({
            apiKeyId: keyId,
            sessionId: session.id,
            type: 'verification.completed',
            url: 'https://hooks.example.com/kyc',
            payload: { event: 'verification.completed', sessionId: session.id, externalRef: PII.externalRef, metadata: { name: PII.firstName } },
          }),
        );
        await store.idempotency.begin({ apiKeyId: keyId, key: 'pii-idem', fingerprint: 'x' });
        await store.idempotency.complete({ apiKeyId: keyId, key: 'pii-idem', status: 201, body: JSON.stringify({ externalRef: PII.externalRef }) });
        // The store itself reads it back...
        expect((await store.sessions.get(session.id))?.externalRef).toBe(PII.externalRef);
        // ...but the rows do not contain it.
        const raw = await db.rawDump();
        expect(raw).toContain(session.id); // sanity: the dump does contain the rows
        for (const [field, value] of Object.entries(PII)) {
          expect(raw.includes(value), `${field} in plaintext`).toBe(false);
          expect(raw.includes(Buffer.from(value).toString('base64')), `${field} in base64`).toBe(false);
        }
        expect(raw).toMatch(/v1\.[0-9a-f]{8}\./); // envelopes with key ids
        if (target.name === 'sqlite') {
          // Belt and braces: the database file and its WAL contain no plaintext either.
          const bytes = Buffer.concat([db.location, `${db.location}-wal`].filter(existsSync).map((f) => readFileSync(f)));
          for (const value of Object.values(PII)) expect(bytes.includes(Buffer.from(value))).toBe(false);
        }
      });

      it('keeps working after key rotation (old key kept for decryption, search by externalRef still finds old rows)', async () => {
        const { session } = await store.sessions.create({ apiKeyId: keyId, externalRef: 'rotate-ref', expiresAt: new Date(Date.now() + 60_000), document: { secret: 'before-rotation' } });
        const newKey = randomBytes(32).toString('base64');
        const rotated = await db.open({ encryption: { key: newKey, previousKeys: [{ key: TEST_KEY }] } });
        expect(rotated.keyring.current.id).not.toBe(store.keyring.current.id);
        expect((await rotated.sessions.get(session.id))?.document).toEqual({ secret: 'before-rotation' });
        expect((await rotated.sessions.list({ apiKeyId: keyId, externalRef: 'rotate-ref' })).total).toBe(1);
        const updated = await rotated.sessions.update(session.id, 1, { document: { secret: 'after-rotation' } });
        expect(updated.document).toEqual({ secret: 'after-rotation' });
        // A store without the new key cannot read the re-encrypted row: typed error, not garbage.
        const e = await store.sessions.get(session.id).catch((err) => err);
        expect(isProvefyError(e, 'PROVEFY_ERR_DECRYPT')).toBe(true);
      });

      it('reencryptAll moves every value to the current key, after which the old key can be dropped', async () => {
        const own = target.database(); // a fresh database: every row is ours
        try {
          const st = await own.open();
          const k = await st.apiKeys.create({ name: 'Reencrypt' });
          const { session } = await st.sessions.create({ apiKeyId: k.apiKey.id, externalRef: 'reenc-ref', expiresAt: new Date(Date.now() + 60_000), document: { v: 1 } });
          const blob = await st.blobs.put({ sessionId: session.id, kind: 'selfie', contentType: 'image/jpeg', data: Buffer.from('img-bytes'), retainUntil: new Date(Date.now() + 3600_000) });
          const ev = await st.webhooks.enqueue({ apiKeyId: k.apiKey.id, sessionId: session.id, type: 'verification.completed', url: 'https://hooks.example.com/r', payload: { r: 1 } });
          await st.idempotency.begin({ apiKeyId: k.apiKey.id, key: 'i', fingerprint: 'f' });
          await st.idempotency.complete({ apiKeyId: k.apiKey.id, key: 'i', status: 201, body: '{"ok":true}' });
          const newKey = randomBytes(32);
          const rotated = await own.open({ encryption: { key: newKey, previousKeys: [{ key: TEST_KEY }] } });
          expect(await reencryptAll(rotated)).toEqual({ sessions: 1, apiKeys: 1, webhookEvents: 1, idempotencyKeys: 1, blobs: 1, undecryptable: 0 });
          expect(await reencryptAll(rotated)).toEqual({ sessions: 0, apiKeys: 0, webhookEvents: 0, idempotencyKeys: 0, blobs: 0, undecryptable: 0 });
          const onlyNew = await own.open({ encryption: { key: newKey } });
          expect((await onlyNew.sessions.get(session.id))?.document).toEqual({ v: 1 });
          expect((await onlyNew.sessions.list({ apiKeyId: k.apiKey.id, externalRef: 'reenc-ref' })).items.map((x) => x.id)).toEqual([session.id]);
          expect(Buffer.from((await onlyNew.blobs.get(blob.id))!.data).toString()).toBe('img-bytes');
          expect((await onlyNew.webhooks.get(ev.id))?.body).toBe('{"r":1}');
          expect(await onlyNew.apiKeys.getWebhookSecret(k.apiKey.id)).toBe(k.webhookSecret);
          expect(await onlyNew.idempotency.begin({ apiKeyId: k.apiKey.id, key: 'i', fingerprint: 'f' })).toMatchObject({ state: 'replay', body: '{"ok":true}' });
          const raw = await own.rawDump();
          expect(raw).toContain(`v1.${rotated.keyring.current.id}.`);
          expect(raw).not.toContain(`v1.${st.keyring.current.id}.`);
        } finally {
          await own.cleanup();
        }
      });
    });
  });
}
