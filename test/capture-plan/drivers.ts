/**
 * Three ways to run the same capture sequence: core's capture plan directly, the adapter's flow over real HTTP on a
 * real SQLite store, and the kiosk's verification service as a plain module (its SQLite database real). Each answers
 * the same observation after every step, so a test can assert they reach the same states and next steps.
 */
import { randomUUID } from 'node:crypto';
import {
  type CaptureChecks,
  type CaptureContext,
  type CaptureImageKind,
  type CheckName,
  type Session,
  captureDocument,
  captureSelfie,
  createSession,
  isProvefyError,
  nextCaptures,
  recordInMemory,
  startCapture,
} from '@provefy/core';
import { type KyselyStore, type Provefy, createProvefy } from '../../packages/server-adapter/src/index.js';
import { client } from '../../packages/server-adapter/test/contract/contract-client.js';
import { type TestDatabase, targets } from '../../packages/server-adapter/test/storage/targets.js';
import { type Listening, listen } from '../../packages/server-adapter/test/support/mounts.js';
import { type Kiosk, createKiosk } from '../../apps/kiosk/src/main/app/create-kiosk.js';
import { testConfig } from '../../apps/kiosk/test/support/test-config.js';

/** One capture: which step, with which image. */
export interface Upload {
  step: 'selfie' | 'document_front' | 'document_back';
  image: Uint8Array;
  label: string;
}

/** What a driver shows after a step (no scores: the flow state every host can show). */
export interface Observed {
  status: string;
  overallResult: string | null;
  checks: Record<string, { result: string | null; final: boolean; attemptsLeft: number }>;
  next: string[];
}

/** An upload's answer: accepted, or refused with an error code. */
export type UploadAnswer = { ok: true } | { ok: false; code: string };

export interface Driver {
  readonly name: string;
  start(checks: CheckName[]): Promise<void>;
  upload(u: Upload): Promise<UploadAnswer>;
  observe(): Promise<Observed>;
  close(): Promise<void>;
}

function observeSession(s: Session, next: string[]): Observed {
  const checks: Observed['checks'] = {};
  for (const name of s.requestedChecks) {
    const c = s.checks[name]!;
    checks[name] = { result: c.result, final: c.final, attemptsLeft: c.final ? 0 : Math.max(0, s.config.maxAttempts - c.attempts) };
  }
  return { status: s.status, overallResult: s.overallResult, checks, next };
}

/** Core's capture plan on an in-memory session and image map. */
export function coreDriver(checks: CaptureChecks): Driver {
  let session: Session;
  const images = new Map<CaptureImageKind, Uint8Array>();
  let awaitingBack = false;
  const ctx = (): CaptureContext => ({
    session,
    checks,
    images: {
      get: async (k) => images.get(k) ?? null,
      put: async (k, b) => {
        if (k === 'document_front') images.delete('document_back');
        images.set(k, b);
      },
      drop: async (k) => {
        images.delete(k);
      },
      held: async () => ({ selfie: images.has('selfie'), documentFront: images.has('document_front'), awaitingBack }),
    },
    record: recordInMemory('user', () => new Date()),
    challenges: [],
  });
  return {
    name: 'core',
    async start(names) {
      images.clear();
      awaitingBack = false;
      const now = new Date();
      session = startCapture(createSession({ checks: names, config: { maxAttempts: 3 } }, { now, id: randomUUID() }), { now });
    },
    async upload(u) {
      try {
        const out = u.step === 'selfie' ? await captureSelfie(ctx(), u.image, 'image/jpeg') : await captureDocument(ctx(), u.step === 'document_front' ? 'front' : 'back', u.image, 'image/jpeg');
        session = out.session;
        awaitingBack = out.awaitingBack;
        return { ok: true };
      } catch (e) {
        if (isProvefyError(e)) return { ok: false, code: e.code };
        throw e;
      }
    },
    async observe() {
      return observeSession(session, nextCaptures(session, { selfie: images.has('selfie'), documentFront: images.has('document_front'), awaitingBack }));
    },
    async close() {},
  };
}

/** The adapter's flow over real HTTP (node:http) on a real SQLite (or PostgreSQL) store. */
export function adapterDriver(checks: CaptureChecks, target: 'sqlite' | 'postgres' = 'sqlite'): Driver & { store(): KyselyStore; token(): string; sessionId(): string; baseUrl(): string } {
  let db: TestDatabase | null = null;
  let store: KyselyStore;
  let provefy: Provefy;
  let server: Listening;
  let api: ReturnType<typeof client>;
  let key = '';
  let token = '';
  let sessionId = '';
  return {
    name: `adapter (${target})`,
    store: () => store,
    baseUrl: () => server.baseUrl,
    token: () => token,
    sessionId: () => sessionId,
    async start(names) {
      if (!db) {
        db = targets.find((t) => t.name === target)!.database();
        store = await db.open();
        provefy = createProvefy({ store, webhooks: false, sweepIntervalMs: 0, checks });
        await provefy.ready();
        server = await listen('node-http', provefy.fetch);
        api = client(server.baseUrl);
        key = (await store.apiKeys.create({ name: 'capture-plan' })).key;
      }
      const res = await api.request('POST', '/api/v1/verify', { key, json: { checks: names } });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
      sessionId = res.body.sessionId as string;
      token = (res.body.verificationUrl as string).split('/').pop()!;
      const started = await api.request('POST', `/api/v1/flow/${token}/start`, { json: {} });
      if (started.status !== 200) throw new Error(`start: ${started.status} ${started.text}`);
    },
    async upload(u) {
      const path = u.step === 'selfie' ? 'selfie' : u.step === 'document_front' ? 'document/front' : 'document/back';
      const res = await api.request('POST', `/api/v1/flow/${token}/${path}`, { body: new Uint8Array(u.image), headers: { 'content-type': 'image/jpeg' } });
      if (res.status === 200) return { ok: true };
      const body = res.body as { code?: string; error?: { code?: string } };
      return { ok: false, code: body?.error?.code ?? body?.code ?? String(res.status) };
    },
    async observe() {
      const res = await api.request<{ state: { status: string; overallResult: string | null; checks: Record<string, Observed['checks'][string]>; next: string[] } }>('GET', `/api/v1/flow/${token}`);
      const st = res.body.state;
      const checks: Observed['checks'] = {};
      for (const [name, c] of Object.entries(st.checks)) checks[name] = { result: c.result, final: c.final, attemptsLeft: c.attemptsLeft };
      return { status: st.status, overallResult: st.overallResult, checks, next: st.next };
    },
    async close() {
      await server?.close();
      await provefy?.close();
      await db?.cleanup();
    },
  };
}

/** The kiosk's verification service (walk-in, offline), in-process checks, its SQLite database in a temp folder. */
export function kioskDriver(checks: CaptureChecks): Driver {
  let kiosk: Kiosk | null = null;
  return {
    name: 'kiosk',
    async start(names) {
      if (!kiosk) {
        const config = testConfig({ attemptsPerCheck: 3, scanners: [{ type: 'camera', id: 'camera' }] });
        kiosk = await createKiosk(config, {
          checks: { ...checks, previewFace: async () => ({ faceFound: false, faceCount: 0, hints: [] }), close: async () => {} },
          startSync: false,
          logger: { info() {}, warn() {}, error() {} },
        });
      }
      if (kiosk.verification.current) {
        if (kiosk.verification.current.session.status === 'COMPLETED') kiosk.verification.finish();
        else kiosk.verification.cancel();
      }
      await kiosk.verification.startWalkIn({ checks: names });
      kiosk.verification.begin();
    },
    async upload(u) {
      const v = kiosk!.verification;
      const image = new Uint8Array(u.image); // the kiosk zeroes the bytes it no longer needs
      try {
        if (u.step === 'selfie') await v.submitSelfie(image);
        else await v.cameraDocument(u.step === 'document_front' ? 'front' : 'back', image);
      } catch (e) {
        if (isProvefyError(e)) return { ok: false, code: e.code };
        throw e;
      }
      const notice = v.view(false)?.notice;
      // The kiosk turns a refused capture into a notice and offers the step again.
      if (notice?.code.startsWith('PROVEFY_ERR_')) return { ok: false, code: notice.code };
      return { ok: true };
    },
    async observe() {
      const view = kiosk!.verification.view(false)!;
      const checks: Observed['checks'] = {};
      for (const r of view.results) checks[r.check] = { result: r.result, final: r.final, attemptsLeft: r.attemptsLeft };
      return { status: view.status, overallResult: view.overallResult, checks, next: [...view.next] };
    },
    async close() {
      await kiosk?.close();
    },
  };
}
