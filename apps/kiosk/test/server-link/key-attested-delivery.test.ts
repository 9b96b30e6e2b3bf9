/**
 * The kiosk's offline deliveries against a real server adapter over HTTP, on SQLite and PostgreSQL: the real offline
 * queue (encrypted SQLite), sync worker, deliver-item and HTTP client deliver liveness captures the kiosk made
 * against its own challenges, hours after the capture and again after a retryable FAIL, through the key-attested
 * upload (the kiosk's API key created the session, so no server attempt nonce is needed). The same upload without
 * the key and without a nonce is refused. Frames are real JPEGs cut from a fixture clip; the server runs core's
 * real checks.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Keyring, deriveKeyId } from '@provefy/server-adapter';
import { clipFrames } from '../../../../test/helpers/clip-frames.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { targets } from '../../../../packages/server-adapter/test/storage/targets.js';
import { type FlowServer, startFlowServer } from '../../../../packages/server-adapter/test/support/flow-server.js';
import { openKioskDb } from '../../src/main/db/open-kiosk-db.js';
import { OfflineQueue, type QueueItemInput } from '../../src/main/server-link/offline-queue.js';
import { ProvefyClient, sessionTokenOf } from '../../src/main/server-link/provefy-client.js';
import { SyncWorker } from '../../src/main/server-link/sync-worker.js';
import { FIXTURES } from '../support/fixtures.js';

const CLIP = join(FIXTURES, 'videos/clips/headturn_zub-real_webcam-yaw.webm');
const HOUR = 3_600_000;
const CAMERA = { label: 'HD Pro Webcam C920 (046d:082d)', settings: { width: 1280, height: 720, frameRate: 30, deviceIdHash: 'c0ffee' }, frameTimes: null };

let frames: Uint8Array[] = [];
beforeAll(() => {
  frames = clipFrames(CLIP, { fps: 3, width: 480, count: 12 });
  expect(frames.length).toBe(12);
});

/** Capture times as the kiosk's renderer records them: ms from the first frame, with timer jitter. */
const captureTimes = (n: number, step = 333) => Array.from({ length: n }, (_, i) => i * step + ((i * 5) % 7) * 0.417);

function ring(): Keyring {
  const key = randomBytes(32);
  return new Keyring([{ id: deriveKeyId(key), key }]);
}

for (const target of targets) {
  target.describe(`kiosk deliveries to a server adapter (${target.name})`, () => {
    let server: FlowServer;
    let clock = Date.now();
    let client: ProvefyClient;
    let queue: OfflineQueue;
    let sync: SyncWorker;

    beforeAll(async () => {
      clock = Date.now();
      // Sessions last a day here, so a session created at the counter can still take captures delivered hours later.
      server = await startFlowServer(target, { sessionTtlMs: 24 * HOUR }, { name: 'Branch 7 kiosk', enabledChecks: ['liveness', 'age_estimation'] }, { now: () => clock });
      client = new ProvefyClient({ baseUrl: server.baseUrl, apiKey: server.key, timeoutMs: 240_000 });
      queue = new OfflineQueue(openKioskDb(':memory:'), ring());
      sync = new SyncWorker({ queue, client, now: () => clock, backoffBaseMs: 1 });
    });
    afterAll(async () => {
      await sync?.stop();
      await client?.close();
      await server?.close();
    });

    function item(id: string, over: Partial<QueueItemInput> = {}): QueueItemInput {
      return {
        id,
        kind: 'walk_in',
        createBody: { externalRef: `kiosk-${id}`, checks: ['liveness'], metadata: { source: 'provefy-kiosk', kioskVerificationId: id } },
        remote: null,
        liveness: { frames, timestamps: captureTimes(frames.length), mirrored: false, challenges: ['look_straight', 'turn_left', 'turn_right'], source: CAMERA },
        selfie: null,
        documentFront: null,
        documentBack: null,
        localResult: { status: 'COMPLETED', overallResult: 'APPROVED', checks: { liveness: { result: 'PASS', final: true, reasons: [] } } },
        createdAt: clock,
        ...over,
      };
    }

    async function deliverAll(): Promise<void> {
      for (let pass = 0; pass < 6 && queue.pending().length > 0; pass++) await sync.syncNow({ force: true });
    }

    async function serverSession(id: string) {
      const r = await server.api.request<Record<string, any>>('GET', `/api/v1/verify/${id}`, { key: server.key });
      expect(r.status).toBe(200);
      return r.body;
    }
    async function livenessAttempts(id: string): Promise<{ attempts: number; reasons: string[] }> {
      const rec = (await server.store.sessions.get(id))!;
      const l = (rec.document as { checks: { liveness: { attempts: number; reasons: { code: string }[] } } }).checks.liveness;
      return { attempts: l.attempts, reasons: l.reasons.map((r) => r.code) };
    }

    it('captured offline at the counter, delivered six hours later: the key attests the capture and the server reaches a final result', { timeout: 600_000 }, async () => {
      const id = `walk-${randomBytes(3).toString('hex')}`;
      queue.enqueue(item(id)); // captured now, with the server unreachable…
      clock += 6 * HOUR; // …and delivered six hours later
      await deliverAll();
      const q = queue.get(id)!;
      expect(q.status, q.lastError ?? '').toBe('delivered');
      const s = await serverSession(q.remoteSessionId!);
      expect(s.status).toBe('COMPLETED');
      expect(['APPROVED', 'REJECTED', 'REVIEW']).toContain(s.overallResult);
      expect(s.checks.liveness.result).toMatch(/^(PASS|FAIL|REVIEW)$/);
      expect(s.checks.liveness.livenessScore).toBeGreaterThan(0.5); // the real checks ran on the real frames
      const l = await livenessAttempts(q.remoteSessionId!);
      // A retryable FAIL was redelivered with the same captures until final; none was refused for a missing or spent nonce.
      if (s.checks.liveness.result === 'FAIL') expect(l.attempts).toBe(3);
      expect(l.reasons.some((r) => r.startsWith('NONCE'))).toBe(false);
      expect(q.serverResult).toMatchObject({ status: 'COMPLETED', overallResult: s.overallResult });
      console.log(`[kiosk delivery ${target.name}] 6 h after capture: liveness ${s.checks.liveness.result} after ${l.attempts} upload(s), reasons ${l.reasons.join(',') || '-'}`);
    });

    it('a retryable FAIL is redelivered with the same captures until it is final; a session opened at the counter takes a capture delivered 3 hours later', { timeout: 300_000 }, async () => {
      // A session created online at the counter (its token known at capture time)…
      const created = await client.createSession({ externalRef: 'kiosk-online', checks: ['liveness'] }, `kiosk:test:${randomBytes(4).toString('hex')}:g0`);
      const token = sessionTokenOf(created.verificationUrl)!;
      // …whose capture has a 16 s gap between two frames (the customer walked away mid-challenge): FRAME_GAP, retryable.
      const gapped = [...captureTimes(6), ...captureTimes(6).map((t) => t + 16_000 + 5 * 333)];
      const id = `online-${randomBytes(3).toString('hex')}`;
      queue.enqueue(item(id, { kind: 'server_session', createBody: null, remote: { sessionId: created.sessionId, token }, liveness: { frames, timestamps: gapped, mirrored: false, challenges: ['look_straight', 'blink'], source: CAMERA } }));
      clock += 3 * HOUR; // long past any attempt's 10 minutes
      await deliverAll();
      const q = queue.get(id)!;
      expect(q.status, q.lastError ?? '').toBe('delivered');
      const s = await serverSession(created.sessionId);
      expect(s.status).toBe('COMPLETED');
      expect(s.overallResult).toBe('REJECTED');
      const l = await livenessAttempts(created.sessionId);
      expect(l.attempts).toBe(3); // delivered three times, each one recorded
      expect(l.reasons).toEqual(['FRAME_GAP']);
      expect(q.serverResult?.checks.liveness).toMatchObject({ result: 'FAIL', final: true, reasons: ['FRAME_GAP'] });
    });

    it('a session created with another API key cannot take the kiosk\'s attested capture: the item is parked, the next one is delivered', { timeout: 300_000 }, async () => {
      const other = (await server.store.apiKeys.create({ name: 'backend', enabledChecks: ['liveness'] })).key;
      const created = await server.api.request<Record<string, any>>('POST', '/api/v1/verify', { key: other, json: { checks: ['liveness'] } });
      const foreign = `foreign-${randomBytes(3).toString('hex')}`;
      queue.enqueue(item(foreign, { kind: 'server_session', createBody: null, remote: { sessionId: created.body.sessionId, token: sessionTokenOf(created.body.verificationUrl)! } }));
      const after = `after-${randomBytes(3).toString('hex')}`;
      queue.enqueue(item(after, { liveness: { frames: frames.slice(0, 3), timestamps: [0, 100, 16_500], mirrored: false, challenges: ['look_straight'], source: CAMERA } }));
      await deliverAll();
      expect(queue.get(foreign)).toMatchObject({ status: 'rejected' });
      expect(queue.get(foreign)!.lastError).toMatch(/did not create the session/);
      expect(queue.get(after)).toMatchObject({ status: 'delivered' });
    });

    it('the same upload without the key and without a nonce is refused, and another key cannot attest it', async () => {
      const created = await client.createSession({ checks: ['liveness'] }, `kiosk:test:${randomBytes(4).toString('hex')}:g0`);
      const token = sessionTokenOf(created.verificationUrl)!;
      const form = () => {
        const f = new FormData();
        f.append('timestamps', JSON.stringify(captureTimes(frames.length)));
        f.append('challenges', JSON.stringify(['look_straight', 'blink']));
        f.append('captureSource', JSON.stringify(CAMERA));
        for (const [i, b] of frames.entries()) f.append('frames', new Blob([b as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), `f${i}.jpg`);
        return f;
      };
      const before = (await server.store.sessions.get(created.sessionId))!.version;
      const bare = await server.api.request<Record<string, any>>('POST', `/api/v1/flow/${token}/liveness`, { body: form() });
      expect(bare.status).toBe(400);
      expect(bare.body.code).toBe('PROVEFY_ERR_NONCE_MISSING');
      const other = (await server.store.apiKeys.create({ name: 'someone else' })).key;
      const wrong = await server.api.request<Record<string, any>>('POST', `/api/v1/flow/${token}/liveness`, { body: form(), key: other });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('PROVEFY_ERR_NOT_SESSION_KEY');
      expect((await server.store.sessions.get(created.sessionId))!.version).toBe(before);
    });
  });
}
