/**
 * Several instances on one PostgreSQL, as the deployment guide (docs/deployment.md) runs them: three reference-server
 * processes (`npm start`'s entry) share one database schema and one encryption key. The test drives them concurrently
 * over real HTTP: sessions created on one instance and completed on another, idempotent creation raced across all
 * three, one rate limit shared by all, a review decision raced on two, webhooks, and one instance killed with SIGKILL
 * while it is analysing selfies. Afterwards nothing is lost (every session reaches a final result, every final result
 * reaches the webhook receiver) and nothing is done twice (one session per idempotency key, one review decision,
 * one terminal transition per session; webhooks are at-least-once, so only duplicates of the same event id are allowed).
 * Housekeeping runs on all three: sessions left alone past their lifetime expire once each (one `verification.expired`
 * event per session, whichever instance's job got there first).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { AdminClient, createSession, getSession } from '../../apps/reference-server/test/support/admin-client.js';
import { type ServerProcess, startServerProcess } from '../../apps/reference-server/test/support/server-process.js';
import { type WebhookReceiver, startWebhookReceiver } from '../helpers/e2e/webhook-receiver.js';
import { FIXTURES } from '../helpers/paths.js';
import { dropSchema, PG_URL, pgQuery, postgresRequirement } from '../helpers/postgres.js';

const pgOnly = await postgresRequirement();
const PASSWORD = 'three instances password 1';
const ENCRYPTION_KEY = 'ab'.repeat(32);
const SCHEMA = `multi_${process.pid}_${Date.now()}`;
const SELFIE = readFileSync(join(FIXTURES, 'kyc/faces/images/foam__photo_1.jpg'));

let servers: ServerProcess[] = [];
let receiver: WebhookReceiver;

/** Uploads a selfie through the flow endpoint of `base` (any instance serves any session's flow). */
async function uploadSelfie(base: string, verificationUrl: string): Promise<Response> {
  const token = verificationUrl.split('/verify/')[1]!;
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(SELFIE)], { type: 'image/jpeg' }), 'selfie.jpg');
  return fetch(`${base}/api/v1/flow/${token}/selfie`, { method: 'POST', body: form });
}

async function verifyPost(base: string, key: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/v1/verify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

pgOnly.describe('three instances on one PostgreSQL', () => {
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const env = {
      DATABASE_URL: PG_URL,
      PROVEFY_DATABASE_SCHEMA: SCHEMA,
      PROVEFY_ENCRYPTION_KEY: ENCRYPTION_KEY,
      PROVEFY_ADMIN_PASSWORD: PASSWORD,
      PROVEFY_IMAGE_RETENTION_HOURS: '0',
    };
    // Started together: migrations and the first-start account race on one empty schema. Instance B gives its sessions
    // a one-minute lifetime (the shortest there is), for the sessions this test leaves alone to expire.
    servers = await Promise.all([0, 1, 2].map((i) => startServerProcess({ env: { ...env, ...(i === 1 ? { PROVEFY_SESSION_TTL_MINUTES: '1' } : {}) }, timeoutMs: 120_000 })));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop().catch(() => null)));
    await receiver?.close();
    await dropSchema(SCHEMA).catch(() => undefined);
  });

  pgOnly.it(
    'sessions move between instances, one is killed mid-run, and nothing is lost or done twice',
    async () => {
      const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess];
      const admin = await AdminClient.login(a.url, PASSWORD);
      const shop = await admin.createKey({ name: 'Three instances', enabledChecks: ['age_estimation'], webhookUrl: receiver.url, allowPrivateCallbacks: true, rateLimitPerMinute: 10_000 });

      // 1. Idempotent creation raced on all three instances: one session.
      const raced = await Promise.all(servers.map((s) => verifyPost(s.url, shop.key, { checks: ['age_estimation'], externalRef: 'idem-1' }, 'idem-key-1')));
      const created = raced.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const r of raced) expect([201, 409]).toContain(r.status); // 409: the first request was still running
      expect(new Set(created.map((r) => r.body.sessionId)).size).toBe(1);
      const replay = await verifyPost(c.url, shop.key, { checks: ['age_estimation'], externalRef: 'idem-1' }, 'idem-key-1');
      expect(replay.status).toBe(201);
      expect(replay.body.sessionId).toBe(created[0]!.body.sessionId);
      const idemRows = await pgQuery<{ n: string }>(`select count(*) as n from "${SCHEMA}".provefy_sessions where api_key_id = $1`, [shop.apiKey.id]);
      expect(Number(idemRows[0]!.n)).toBe(1);
      // Left alone: they expire a minute later, while the rest of the test runs.
      const abandoned = await Promise.all([0, 1, 2].map((i) => createSession(b.url, shop.key, { checks: ['age_estimation'], externalRef: `abandoned-${i}` })));

      // 2. Twelve sessions created on A and C (B's sessions live one minute), each completed on the next instance; C dies
      // while analysing its share.
      const creator = (i: number) => (i % 2 === 0 ? a : c);
      const via = (i: number) => (i % 2 === 0 ? (i % 4 === 0 ? b : c) : i % 4 === 1 ? a : b);
      const sessions = await Promise.all(Array.from({ length: 12 }, (_, i) => createSession(creator(i).url, shop.key, { checks: ['age_estimation'], externalRef: `user-${i}` })));
      const uploads = sessions.map((s, i) => ({ session: s, via: via(i), res: uploadSelfie(via(i).url, s.verificationUrl).then((r) => r, (e: Error) => e) }));
      // Kill C once its first upload is being analysed (the selfie requests to C are in flight).
      await new Promise((r) => setTimeout(r, 400));
      const killed = await c.stop('SIGKILL');
      expect(killed).toBeNull(); // killed by the signal, no exit code
      const outcomes = await Promise.all(uploads.map((u) => u.res));
      // The kill did cut work off: some of C's requests never got an answer.
      const cutOff = uploads.filter((u, i) => u.via === c && outcomes[i] instanceof Error);
      expect(cutOff.length).toBeGreaterThan(0);
      // The client retries what did not get a 200 on a surviving instance, as the hosted page does.
      for (const [i, u] of uploads.entries()) {
        const o = outcomes[i]!;
        if (!(o instanceof Error) && o.status === 200) continue;
        const retry = await uploadSelfie(a.url, u.session.verificationUrl);
        // 409: C had finished and stored the selfie's result before it died; the session is final already.
        expect([200, 409], `retry of ${u.session.sessionId}`).toContain(retry.status);
      }
      const finals = await Promise.all(sessions.map((s) => getSession(b.url, shop.key, s.sessionId)));
      for (const f of finals) {
        expect(f.status).toBe('COMPLETED');
        expect(['APPROVED', 'REJECTED', 'REVIEW']).toContain(f.overallResult);
      }

      // 3. Every final result reaches the receiver (C's leased deliveries are taken over after their lease expires).
      for (const s of sessions) {
        await receiver.waitFor((w) => w.body?.sessionId === s.sessionId && w.body?.event === 'verification.completed', 120_000);
      }
      const completedHooks = receiver.received.filter((w) => w.body?.event === 'verification.completed' && sessions.some((s) => s.sessionId === w.body.sessionId));
      // At-least-once: a repeat is the same event (same id), never a second, different completion.
      const perSession = new Map<string, Set<string>>();
      for (const w of completedHooks) {
        const ids = perSession.get(w.body.sessionId) ?? new Set<string>();
        ids.add(String(w.headers['x-kyc-event-id']));
        perSession.set(w.body.sessionId, ids);
      }
      for (const [id, ids] of perSession) expect(ids.size, `distinct completion events of ${id}`).toBe(1);
      const transitions = await pgQuery<{ session_id: string; n: string }>(
        `select session_id, count(*) as n from "${SCHEMA}".provefy_webhook_events where type = 'verification.completed' group by session_id`,
      );
      for (const s of sessions) expect(Number(transitions.find((t) => t.session_id === s.sessionId)?.n ?? 0), s.sessionId).toBe(1);

      // 4. One rate limit across the two survivors: 60 concurrent reads on a key with limit 20 -> exactly 20 pass.
      const limited = await admin.createKey({ name: 'Limited', enabledChecks: ['age_estimation'], rateLimitPerMinute: 20 });
      const reads = await Promise.all(
        Array.from({ length: 60 }, (_, i) => fetch(`${(i % 2 ? a : b).url}/api/v1/verify/${sessions[0]!.sessionId}`, { headers: { authorization: `Bearer ${limited.key}` } }).then((r) => r.status)),
      );
      // The session belongs to another key, so allowed reads answer 404; refused ones 429.
      expect(reads.filter((s) => s === 429)).toHaveLength(40);
      expect(reads.filter((s) => s !== 429).every((s) => s === 404)).toBe(true);

      // 5. A review decision raced on both survivors: exactly one wins, one webhook for it.
      const probe = finals[0]!;
      const estimate = probe.checks.ageEstimation.estimatedAge as number;
      const patched = await admin.request('PATCH', `/keys/${shop.apiKey.id}`, { thresholds: { minAge: Math.round(estimate) } });
      expect(patched.status).toBe(200);
      const borderline = await createSession(a.url, shop.key, { checks: ['age_estimation'], externalRef: 'review-me' });
      expect((await uploadSelfie(b.url, borderline.verificationUrl)).status).toBe(200);
      expect((await getSession(a.url, shop.key, borderline.sessionId)).overallResult).toBe('REVIEW');
      const adminB = await AdminClient.login(b.url, PASSWORD);
      const decisions = await Promise.all([
        admin.request('POST', `/sessions/${borderline.sessionId}/review`, { decision: 'APPROVED', note: 'instance a' }),
        adminB.request('POST', `/sessions/${borderline.sessionId}/review`, { decision: 'REJECTED', note: 'instance b' }),
      ]);
      expect(decisions.map((d) => d.status).sort()).toEqual([200, 409]);
      const winner = decisions.find((d) => d.status === 200)!;
      const decided = await getSession(b.url, shop.key, borderline.sessionId);
      expect(decided.overallResult).toBe(winner.json.contract.overallResult);
      expect(['APPROVED', 'REJECTED']).toContain(decided.overallResult);
      await receiver.waitFor((w) => w.body?.sessionId === borderline.sessionId && w.body?.overallResult === decided.overallResult, 60_000);
      // Two events for this session: its REVIEW completion and the one decision (the losing request queued nothing).
      const events = await pgQuery<{ n: string }>(`select count(*) as n from "${SCHEMA}".provefy_webhook_events where session_id = $1`, [borderline.sessionId]);
      expect(Number(events[0]!.n)).toBe(2);

      // 6. Housekeeping on the survivors (and on C before it died) expires the abandoned sessions exactly once each.
      for (const s of abandoned) {
        await receiver.waitFor((w) => w.body?.sessionId === s.sessionId && w.body?.event === 'verification.expired', 150_000);
        expect((await getSession(a.url, shop.key, s.sessionId)).status).toBe('EXPIRED');
      }
      const expiredEvents = await pgQuery<{ session_id: string; n: string }>(
        `select session_id, count(*) as n from "${SCHEMA}".provefy_webhook_events where type = 'verification.expired' group by session_id`,
      );
      for (const s of abandoned) expect(Number(expiredEvents.find((e) => e.session_id === s.sessionId)?.n ?? 0), s.sessionId).toBe(1);
      // A finished session never expires.
      for (const s of [...sessions, borderline]) expect(expiredEvents.some((e) => e.session_id === s.sessionId), s.sessionId).toBe(false);
    },
    600_000,
  );
});
