/**
 * Offline queue against a real reference server process (apps/reference-server, SQLite): verifications finished
 * while the server is down are queued encrypted, and delivered in order once it is started, none lost and none
 * duplicated, even when answers are lost on the way back (a proxy drops the answer of requests the server has
 * already processed).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Kiosk, createKiosk } from '../../src/main/app/create-kiosk.js';
import { createCoreChecks } from '../../src/main/checks/core-checks.js';
import { resolveKioskConfig } from '../../src/main/config/kiosk-config.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { FIXTURES } from '../support/fixtures.js';
import { freePort } from '../support/free-port.js';
import { type RunningServer, startReferenceServer } from '../support/reference-server.js';

const FIX = FIXTURES;
const ages = JSON.parse(readFileSync(join(FIX, 'ages/labels.json'), 'utf8')) as { items: { file: string; age: number }[] };
// Adults well above the minimum age, taken from the labels (not chosen by file name).
const adults = ages.items.filter((i) => i.age >= 30 && i.age <= 50).slice(0, 2);
const docs = JSON.parse(readFileSync(join(FIX, 'documents/labels.json'), 'utf8')) as { items: { file: string; documentType: string | null; hasMrz: boolean }[] };
const passport = docs.items.find((i) => i.documentType === 'PASSPORT' && i.hasMrz)!;

const port = await freePort();
const upstream = `http://127.0.0.1:${port}`;
const serverData = mkdtempSync(join(tmpdir(), 'kiosk-ref-server-'));
const adminToken = `admin-${randomBytes(16).toString('hex')}`;
const encryptionKey = randomBytes(32).toString('base64');

let server: RunningServer | null = null;
let proxy: FaultProxy;
let kiosk: Kiosk;
let apiKey: string;
let dbFile: string;

interface Made {
  id: string;
  ref: string;
  local: string | null;
}
const made: Made[] = [];

async function listSessions(): Promise<{ id: string; externalRef: string | null; status: string; overallResult: string | null; metadata: Record<string, unknown> }[]> {
  const r = await fetch(`${upstream}/api/v1/verify?limit=100`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { sessions: never[] }).sessions;
}

beforeAll(async () => {
  // The server exists and knows the kiosk's API key…
  server = await startReferenceServer({ port, dataDir: serverData, adminToken, encryptionKey });
  const created = await fetch(`${upstream}/api/v1/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Branch 12 kiosk', enabledChecks: ['liveness', 'age_estimation', 'doc_verify', 'face_match'] }),
  });
  expect(created.status).toBe(201);
  apiKey = ((await created.json()) as { key: string }).key;
  // …then goes down before the branch opens.
  await server.stop();
  server = null;

  proxy = await startFaultProxy(upstream);
  const config = resolveKioskConfig(
    {
      kioskId: 'branch-12',
      dataDir: mkdtempSync(join(tmpdir(), 'kiosk-offline-')),
      server: { url: proxy.url, apiKey },
      checkRunner: 'in-process',
      attemptsPerCheck: 1,
      scanners: [{ type: 'camera', id: 'camera' }],
      sync: { startTimeoutMs: 1500, requestTimeoutMs: 60_000 },
    },
    { env: {} },
  );
  dbFile = join(config.dataDir, 'kiosk.db');
  kiosk = await createKiosk(config, { checks: createCoreChecks(), startSync: false, logger: { info: () => undefined, warn: console.warn, error: console.error } });
}, 180_000);

afterAll(async () => {
  await kiosk?.close();
  await proxy?.close();
  await server?.stop();
});

describe('offline queue with a real reference server', () => {
  it('finishes verifications while the server is down: results are local, captures queue encrypted', async () => {
    const v = kiosk.verification;
    // 1. age estimation from a selfie
    for (const [i, adult] of adults.entries()) {
      const ref = `kiosk-offline-${i}-${randomBytes(3).toString('hex')}`;
      await v.startWalkIn({ checks: ['age_estimation'], externalRef: ref });
      expect(kiosk.state.current!.remote.token).toBeNull(); // the server was unreachable at start
      v.begin();
      const step = await v.submitSelfie(new Uint8Array(readFileSync(join(FIX, 'ages', adult.file))));
      expect(step.next).toBeNull();
      made.push({ id: kiosk.state.current!.id, ref, local: kiosk.state.current!.session.overallResult });
      v.finish();
    }
    // 2. a passport through the camera driver
    const ref = `kiosk-offline-doc-${randomBytes(3).toString('hex')}`;
    await v.startWalkIn({ checks: ['doc_verify'], externalRef: ref });
    v.begin();
    const step = await v.cameraDocument('front', new Uint8Array(readFileSync(join(FIX, 'documents', passport.file))));
    if (step.next === 'document_back') await v.skipBack();
    expect(kiosk.state.current!.session.status).toBe('COMPLETED');
    made.push({ id: kiosk.state.current!.id, ref, local: kiosk.state.current!.session.overallResult });
    v.finish();

    expect(made.every((m) => m.local !== null)).toBe(true);
    await kiosk.sync.syncNow({ force: true });
    const pending = kiosk.queue.pending();
    expect(pending.map((p) => p.id)).toEqual(made.map((m) => m.id));
    // in order: the oldest item was tried and failed; the others wait behind it, untouched
    expect(pending[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(pending[0]!.lastError).toMatch(/POST \/api\/v1\/verify/);
    expect(pending.slice(1).every((p) => p.attempts === 0)).toBe(true);
    expect(kiosk.sync.status()).toMatchObject({ configured: true, online: false, pending: 3, delivered: 0 });

    // Nothing personal in clear on disk: no reference in any row, images encrypted.
    const raw = new Database(dbFile, { readonly: true });
    const rows = raw.prepare('SELECT * FROM outbox').all();
    const blobs = raw.prepare('SELECT data FROM outbox_blobs').all() as { data: Buffer }[];
    raw.close();
    const dump = JSON.stringify(rows);
    for (const m of made) expect(dump).not.toContain(m.ref);
    expect(dump).not.toContain('kiosk-offline');
    expect(blobs.length).toBe(3);
    // The images as the queue decrypts them for delivery: JPEGs. No 32-byte piece of any of them is on disk in clear
    // (a 3-byte search for the JPEG marker would also match ciphertext by chance: about 2 % of 300 kB blobs).
    const plain = made.flatMap((m) => {
      const item = kiosk.queue.load(m.id);
      return [item.selfie, item.documentFront, item.documentBack].filter((x): x is Uint8Array => x !== null);
    });
    expect(plain.length).toBe(3);
    for (const p of plain) expect(Buffer.from(p.subarray(0, 3)).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    for (const b of blobs) {
      expect(b.data.subarray(0, 3).toString('latin1')).toBe('PV1');
      for (const p of plain) {
        for (const at of [0, p.length >> 1, p.length - 32]) expect(b.data.includes(Buffer.from(p.subarray(at, at + 32)))).toBe(false);
      }
    }
  });

  it('delivers them in order once the server is started, exactly once despite lost answers', async () => {
    server = await startReferenceServer({ port, dataDir: serverData, adminToken, encryptionKey });
    // Lose the answer of the first session creation and of the first selfie upload: the server did the work.
    proxy.setRules([
      { method: 'POST', path: /^\/api\/v1\/verify$/, nth: 1 },
      { method: 'POST', path: /^\/api\/v1\/flow\/[^/]+\/selfie$/, nth: 1 },
    ]);
    for (let i = 0; i < 8 && kiosk.queue.pending().length > 0; i++) await kiosk.sync.syncNow({ force: true });
    expect(kiosk.queue.counts()).toEqual({ pending: 0, delivered: 3, rejected: 0 });

    // the faults happened, and the retried creation was answered from the server's idempotency store
    expect(proxy.log.filter((l) => l.dropped && l.status !== null).length).toBe(2);
    expect(proxy.log.some((l) => l.method === 'POST' && l.path === '/api/v1/verify' && l.replayed)).toBe(true);
    // the lost selfie answer was not followed by a second selfie upload for that session (the state said it was done)
    const selfies = proxy.log.filter((l) => l.method === 'POST' && l.path.endsWith('/selfie') && l.status !== null);
    expect(new Set(selfies.map((l) => l.path)).size).toBe(selfies.length);

    const sessions = await listSessions();
    // exactly one server session per queued verification: none lost, none duplicated
    expect(sessions).toHaveLength(made.length);
    const byRef = new Map(sessions.map((s) => [s.externalRef, s]));
    for (const m of made) {
      const s = byRef.get(m.ref)!;
      expect(s, `no server session for ${m.ref}`).toBeDefined();
      expect(s.status).toBe('COMPLETED');
      expect(s.metadata).toMatchObject({ source: 'provefy-kiosk', kioskId: 'branch-12', kioskVerificationId: m.id });
      // the server ran the same checks on the same captures and reached the same decision
      expect(s.overallResult).toBe(m.local);
      expect(kiosk.queue.get(m.id)).toMatchObject({ status: 'delivered', remoteSessionId: s.id, serverResult: { overallResult: m.local } });
    }
    // in order: the list is newest first
    expect(sessions.map((s) => s.externalRef).reverse()).toEqual(made.map((m) => m.ref));
  }, 240_000);

  it('syncing again sends nothing new, and delivered items keep no images or payload', async () => {
    const before = proxy.log.length;
    const report = await kiosk.sync.syncNow({ force: true });
    expect(report).toMatchObject({ delivered: [], rejected: [], blockedBy: null });
    expect(proxy.log.slice(before).every((l) => l.method === 'GET')).toBe(true);
    expect(await listSessions()).toHaveLength(made.length);
    const raw = new Database(dbFile, { readonly: true });
    expect((raw.prepare('SELECT COUNT(*) AS n FROM outbox_blobs').get() as { n: number }).n).toBe(0);
    expect(raw.prepare("SELECT payload, remote_token FROM outbox WHERE status = 'delivered'").all()).toEqual(made.map(() => ({ payload: '', remote_token: null })));
    raw.close();
    expect(kiosk.sync.status()).toMatchObject({ online: true, pending: 0, delivered: 3 });
  });

  it('online: a walk-in gets its server session (and challenges) at start; a backend session opens by its code', async () => {
    const v = kiosk.verification;
    const selfie = new Uint8Array(readFileSync(join(FIX, 'ages', adults[0]!.file)));
    // walk-in while the server is up
    await v.startWalkIn({ checks: ['liveness', 'age_estimation'], externalRef: 'kiosk-online-walk-in' });
    const walkIn = kiosk.state.current!;
    expect(walkIn.remote.token).not.toBeNull();
    expect(walkIn.remote.sessionId).not.toBeNull();
    // the server's own per-session challenges (look straight, then a blink and one turn), not the offline set
    expect(walkIn.challenges.map((c) => c.type)).toHaveLength(3);
    expect(walkIn.challenges[0]!.type).toBe('look_straight');
    v.cancel(); // the customer left: nothing is queued, the server session just stays PENDING

    // a session created by the integrator's backend, opened at the kiosk from its verification URL
    const created = await fetch(`${upstream}/api/v1/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ externalRef: 'backend-user-42', checks: ['age_estimation'] }),
    });
    const { sessionId, verificationUrl } = (await created.json()) as { sessionId: string; verificationUrl: string };
    await expect(v.openSession('https://elsewhere.example/not-a-code')).rejects.toMatchObject({ code: 'PROVEFY_ERR_INVALID_INPUT' });
    await v.openSession(verificationUrl);
    const opened = kiosk.state.current!;
    expect(opened).toMatchObject({ origin: 'server_session', checks: ['age_estimation'], remote: { sessionId } });
    v.begin();
    await v.submitSelfie(selfie);
    const local = opened.session.overallResult;
    v.finish();
    for (let i = 0; i < 5 && kiosk.queue.pending().length > 0; i++) await kiosk.sync.syncNow({ force: true });
    expect(kiosk.queue.counts()).toMatchObject({ pending: 0, delivered: 4, rejected: 0 });
    const r = await fetch(`${upstream}/api/v1/verify/${sessionId}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(await r.json()).toMatchObject({ id: sessionId, externalRef: 'backend-user-42', status: 'COMPLETED', overallResult: local });
    // no extra session was created for it: the 3 walk-ins, the cancelled walk-in's PENDING session and this one
    const sessions = await listSessions();
    expect(sessions).toHaveLength(5);
    expect(sessions.filter((s) => s.externalRef === 'kiosk-online-walk-in').map((s) => s.status)).toEqual(['PENDING']);
  });
});
