/**
 * Delivery behaviour against a real local node:http receiver, on both databases: retries with
 * backoff, attempt log, no redirects, timeouts, SSRF refusal, dead letters, manual retry,
 * graceful stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type KyselyStore,
  assertCallbackUrlAllowed,
  backoffDelay,
  createWebhookWorker,
  isPrivateAddress,
  nextAttemptAt,
} from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Receiver, startReceiver, waitFor } from './receiver.js';

const FAST = { baseMs: 30, factor: 2, maxDelayMs: 200, jitter: 0 };

for (const target of targets) {
  target.describe(`webhook delivery on ${target.name}`, () => {
    let db: TestDatabase;
    let store: KyselyStore;
    let keyId: string;
    let receiver: Receiver;

    beforeAll(async () => {
      db = target.database();
      store = await db.open();
      keyId = (await store.apiKeys.create({ name: 'Delivery', allowPrivateCallbacks: true })).apiKey.id;
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await receiver?.close();
      await db?.cleanup();
    });

    async function enqueue(url = receiver.url, payload: Record<string, unknown> = { event: 'verification.completed', n: Math.random() }, apiKeyId = keyId) {
      return store.transaction((tx) => tx.webhooks.enqueue({ apiKeyId, sessionId: null, type: 'verification.completed', url, payload }));
    }

    it('a receiver that fails twice then succeeds gets the event exactly once more: 3 attempts, 1 success', async () => {
      receiver.requests.length = 0;
      receiver.setResponder((_r, i) => (i === 0 ? 500 : i === 1 ? 503 : 200));
      const worker = createWebhookWorker(store, { backoff: FAST, pollIntervalMs: 20 });
      worker.start();
      const ev = await enqueue();
      await waitFor(async () => (await store.webhooks.get(ev.id))?.status === 'delivered');
      // Keep the worker running a little longer: nothing more may be sent.
      await new Promise((r) => setTimeout(r, 300));
      await worker.stop();
      expect(receiver.requests.map((r) => r.status)).toEqual([500, 503, 200]);
      expect(new Set(receiver.requests.map((r) => r.rawBody.toString())).size).toBe(1); // same exact body each time
      expect(receiver.requests.map((r) => r.headers['x-kyc-delivery-attempt'])).toEqual(['1', '2', '3']);
      const attempts = await store.webhooks.attempts(ev.id);
      expect(attempts.map((a) => [a.attempt, a.statusCode, a.success, a.error])).toEqual([
        [1, 500, false, 'HTTP 500'],
        [2, 503, false, 'HTTP 503'],
        [3, 200, true, null],
      ]);
      for (const a of attempts) expect(a.latencyMs).toBeGreaterThanOrEqual(0);
      const final = await store.webhooks.get(ev.id);
      expect(final).toMatchObject({ status: 'delivered', attempts: 3, leaseOwner: null });
    });

    it('does not follow redirects (a 3xx is a failed attempt)', async () => {
      receiver.requests.length = 0;
      receiver.setResponder(() => 302);
      const ev = await enqueue();
      await createWebhookWorker(store, { backoff: FAST }).runOnce();
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]!.path).toBe('/webhook/kyc');
      expect((await store.webhooks.attempts(ev.id)).map((a) => [a.statusCode, a.success])).toEqual([[302, false]]);
      expect((await store.webhooks.get(ev.id))?.status).toBe('pending');
    });

    it('times out a receiver that never answers and reschedules', async () => {
      receiver.requests.length = 0;
      receiver.setResponder(() => 'hang');
      const ev = await enqueue();
      await createWebhookWorker(store, { timeoutMs: 300, backoff: FAST }).runOnce();
      const [a] = await store.webhooks.attempts(ev.id);
      expect(a).toMatchObject({ statusCode: null, success: false });
      expect(a!.error).toMatch(/timeout/i);
      expect((await store.webhooks.get(ev.id))?.status).toBe('pending');
      receiver.setResponder(() => 200);
    });

    it('refuses loopback/private callback URLs unless allowed, without sending anything', async () => {
      receiver.requests.length = 0;
      receiver.setResponder(() => 200);
      const { apiKey } = await store.apiKeys.create({ name: 'No private' });
      const byIp = await enqueue(receiver.url, { n: 1 }, apiKey.id);
      const byName = await enqueue(receiver.url.replace('127.0.0.1', 'localhost'), { n: 2 }, apiKey.id);
      const worker = createWebhookWorker(store, { backoff: FAST });
      await worker.drain();
      // (Earlier tests' rescheduled events may reach the receiver; none of these two may.)
      const sentIds = receiver.requests.map((r) => r.headers['x-kyc-event-id']);
      expect(sentIds).not.toContain(byIp.id);
      expect(sentIds).not.toContain(byName.id);
      const [ipAttempt] = await store.webhooks.attempts(byIp.id);
      expect(ipAttempt!.error).toMatch(/refused/);
      expect((await store.webhooks.get(byIp.id))?.status).toBe('dead'); // policy refusal: no point retrying
      const [nameAttempt] = await store.webhooks.attempts(byName.id);
      expect(nameAttempt!.error).toMatch(/refused|private/i);
      expect((await store.audit.list({ apiKeyId: apiKey.id })).map((e) => e.action)).toContain('webhook.dead');

      // The global option allows them (tests, intranet receivers).
      const allowed = createWebhookWorker(store, { allowPrivateCallbacks: true });
      await store.webhooks.retry(byIp.id);
      await allowed.runOnce();
      expect((await store.webhooks.get(byIp.id))?.status).toBe('delivered');
    });

    it('gives up after maxAge (dead, audited) and a manual retry delivers it', async () => {
      receiver.requests.length = 0;
      receiver.setResponder(() => 500);
      const ev = await enqueue();
      const worker = createWebhookWorker(store, { backoff: { ...FAST, maxAgeMs: 0 } });
      await worker.runOnce();
      expect((await store.webhooks.get(ev.id))?.status).toBe('dead');
      expect((await store.audit.list({ apiKeyId: keyId })).some((e) => e.action === 'webhook.dead' && e.details.eventId === ev.id)).toBe(true);
      receiver.setResponder(() => 200);
      await store.webhooks.retry(ev.id);
      await worker.runOnce();
      expect((await store.webhooks.get(ev.id))?.status).toBe('delivered');
      expect((await store.webhooks.attempts(ev.id)).map((a) => a.statusCode)).toEqual([500, 200]);
    });

    it('stop() waits for in-flight deliveries (graceful drain)', async () => {
      receiver.requests.length = 0;
      receiver.setResponder(() => new Promise((r) => setTimeout(() => r(200), 250)));
      const worker = createWebhookWorker(store, { pollIntervalMs: 20 });
      const ev = await enqueue();
      worker.start();
      // Earlier tests' rescheduled events may be delivered too: wait for this event's own request.
      await waitFor(async () => receiver.requests.some((r) => r.headers['x-kyc-event-id'] === ev.id));
      await worker.stop();
      expect((await store.webhooks.get(ev.id))?.status).toBe('delivered');
      receiver.setResponder(() => 200);
    });

    it('stop() past its timeout aborts and hands the event back at once', async () => {
      receiver.requests.length = 0;
      receiver.setResponder(() => 'hang');
      const worker = createWebhookWorker(store, { pollIntervalMs: 20, timeoutMs: 30_000 });
      const ev = await enqueue();
      worker.start();
      await waitFor(async () => receiver.requests.some((r) => r.headers['x-kyc-event-id'] === ev.id));
      await worker.stop({ timeoutMs: 100 });
      const after = await store.webhooks.get(ev.id);
      expect(after).toMatchObject({ status: 'pending', leaseOwner: null });
      expect((await store.webhooks.attempts(ev.id))[0]!.error).toMatch(/shutting down/);
      receiver.setResponder(() => 200);
      await createWebhookWorker(store).drain();
      expect((await store.webhooks.get(ev.id))?.status).toBe('delivered');
    });
  });
}

describe('SSRF guard', () => {
  it('classifies private, loopback, link-local, CGNAT and IPv6 ULA/link-local/mapped addresses', () => {
    const privateOnes = [
      '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '100.127.255.254',
      '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd12:3456::1', 'fc00::1', '::ffff:127.0.0.1',
      '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '2002:c0a8:0101::1', 'ff02::1', 'not-an-ip',
    ];
    const publicOnes = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8'];
    for (const ip of privateOnes) expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of publicOnes) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('validates callback URLs (scheme, credentials, resolved addresses)', async () => {
    const refused = async (url: string, allowPrivate = false) => {
      const e = await assertCallbackUrlAllowed(url, { allowPrivate }).then(() => null, (err) => err);
      return e?.code;
    };
    expect(await refused('http://127.0.0.1:8080/hook')).toBe('PROVEFY_ERR_CALLBACK_URL_REFUSED');
    expect(await refused('http://[::1]/hook')).toBe('PROVEFY_ERR_CALLBACK_URL_REFUSED');
    expect(await refused('http://169.254.169.254/latest/meta-data')).toBe('PROVEFY_ERR_CALLBACK_URL_REFUSED');
    expect(await refused('http://localhost:3000/hook')).toBe('PROVEFY_ERR_CALLBACK_URL_REFUSED');
    expect(await refused('ftp://example.com/hook')).toBe('PROVEFY_ERR_CALLBACK_URL_REFUSED');
    expect(await refused('https://user:pass@example.com/hook')).toBe('PROVEFY_ERR_CALLBACK_URL_REFUSED');
    expect(await refused('not a url')).toBe('PROVEFY_ERR_CALLBACK_URL_REFUSED');
    expect(await refused('https://93.184.216.34/hook')).toBeUndefined();
    expect(await refused('http://127.0.0.1:8080/hook', true)).toBeUndefined();
  });
});

describe('backoff schedule', () => {
  it('grows exponentially with a cap and jitter, and gives up after ~24 h', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 8, 20].map((n) => backoffDelay(n, { random: mid }))).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
    expect(backoffDelay(1, { random: () => 0 })).toBe(24_000);
    expect(backoffDelay(1, { random: () => 0.999999 })).toBeLessThanOrEqual(36_000);
    // Simulate a receiver that is down forever: count attempts until dead.
    const created = new Date(0);
    let now = 0;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt(created, attempts, now, { random: mid });
      if (!next) break;
      now = next.getTime();
      attempts++;
    }
    expect(now).toBeLessThanOrEqual(24 * 3600_000);
    expect(now).toBeGreaterThan(23 * 3600_000);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });
});
