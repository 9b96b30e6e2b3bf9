/**
 * Server-issued liveness attempts over real HTTP (node:http mount) on SQLite and PostgreSQL: `POST /start` with
 * `{"check":"liveness"}` hands out a nonce and a random challenge list; the liveness upload must carry the nonce
 * (NONCE_MISSING / NONCE_UNKNOWN / NONCE_REUSED / NONCE_EXPIRED, the session unchanged), or the API key that created
 * the session (key-attested, the kiosk). Frames that arrive duplicated, re-ordered, too fast, with a gap, outside
 * the attempt's window, without timestamps or replayed from an earlier attempt FAIL with their own reason, before
 * any model runs. Frames are real JPEGs cut from a fixture clip.
 */
import { join } from 'node:path';
import { clipFrames } from '../../../../test/helpers/clip-frames.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES } from '../../../../test/helpers/paths.js';
import { targets } from '../storage/targets.js';
import { type FlowServer, startFlowServer } from '../support/flow-server.js';

const CLIP = join(FIXTURES, 'videos/clips/headturn_zub-real_webcam-yaw.webm');
const HONEST_SOURCE = JSON.stringify({ label: 'HD Pro Webcam C920 (046d:082d)', settings: { width: 640, height: 480, frameRate: 30, deviceIdHash: 'ab12' } });

let frames: Uint8Array[] = [];
beforeAll(() => {
  frames = clipFrames(CLIP, { fps: 4, width: 160, count: 16 });
  expect(new Set(frames.map((f) => Buffer.from(f).toString('base64'))).size).toBe(frames.length);
});

/** Honest capture times: ~100 ms apart with jitter, starting `start` ms after the attempt. */
const times = (n: number, start = 20) => Array.from({ length: n }, (_, i) => start + i * 100 + ((i * 7) % 5) * 0.613);

function form(list: Uint8Array[], fields: Record<string, unknown>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) f.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  for (const [i, b] of list.entries()) f.append('frames', new Blob([b as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), `f${i}.jpg`);
  return f;
}

for (const target of targets) {
  target.describe(`liveness attempts (${target.name})`, () => {
    let flow: FlowServer;
    let clock = Date.now();
    let otherKey = '';

    beforeAll(async () => {
      clock = Date.now();
      flow = await startFlowServer(target, {}, { name: 'attempts' }, { now: () => clock });
      otherKey = (await flow.store.apiKeys.create({ name: 'other' })).key;
    });
    afterAll(async () => {
      await flow?.close();
    });

    async function session(checks = ['liveness']) {
      const res = await flow.api.request('POST', '/api/v1/verify', { key: flow.key, json: { checks } });
      expect(res.status, res.text).toBe(201);
      return { id: res.body.sessionId as string, token: (res.body.verificationUrl as string).split('/').pop()! };
    }
    async function attempt(token: string) {
      const res = await flow.api.request<{ attempt: { nonce: string; challenges: string[]; issuedAt: string; expiresAt: string } }>('POST', `/api/v1/flow/${token}/start`, {
        json: { check: 'liveness' },
      });
      expect(res.status, res.text).toBe(200);
      return res.body.attempt;
    }
    const upload = (token: string, body: FormData, key?: string) => flow.api.request<Record<string, any>>('POST', `/api/v1/flow/${token}/liveness`, { body, ...(key ? { key } : {}) });
    async function snapshot(id: string) {
      const rec = (await flow.store.sessions.get(id))!;
      return { version: rec.version, status: rec.status, document: JSON.stringify(rec.document) };
    }
    const livenessOf = (res: { body: Record<string, any> }) => (res.body.results as { check: string; result: string; final: boolean; attemptsLeft: number; reasons: { code: string }[] }[]).find((r) => r.check === 'liveness')!;

    it('hands out a 128-bit nonce and a random challenge subset in random order, valid 10 minutes', async () => {
      const { token } = await session();
      const seen = new Set<string>();
      for (let i = 0; i < 24; i++) {
        const a = await attempt(token);
        expect(a.nonce).toMatch(/^[0-9a-f]{32}$/);
        expect(a.challenges[0]).toBe('look_straight');
        expect(a.challenges).toHaveLength(3);
        expect(new Set(a.challenges).size).toBe(3);
        expect(new Date(a.expiresAt).getTime() - new Date(a.issuedAt).getTime()).toBe(10 * 60 * 1000);
        seen.add(a.challenges.join(','));
      }
      // 6 possible lists (2 of 3 in order); 24 draws from a CSPRNG show several of them
      expect(seen.size).toBeGreaterThanOrEqual(3);
      // the nonce itself is not stored, only its hash
      const dump = JSON.stringify(await flow.store.db.selectFrom('provefy_liveness_attempts').selectAll().execute());
      const last = await attempt(token);
      expect(JSON.stringify(await flow.store.db.selectFrom('provefy_liveness_attempts').selectAll().execute())).not.toContain(last.nonce);
      expect(dump.length).toBeGreaterThan(0);
      // a start without check: liveness hands out none
      const plain = await flow.api.request('POST', `/api/v1/flow/${token}/start`, { json: {} });
      expect(plain.body.attempt).toBeUndefined();
    });

    it('refuses an upload without nonce (and without the key), with an unknown or another session\'s nonce, unchanged', async () => {
      const { id, token } = await session();
      const other = await session();
      const otherAttempt = await attempt(other.token);
      await attempt(token);
      const before = await snapshot(id);
      const missing = await upload(token, form(frames.slice(0, 6), { timestamps: times(6), captureSource: HONEST_SOURCE }));
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('PROVEFY_ERR_NONCE_MISSING');
      for (const nonce of ['0'.repeat(32), 'not-hex', otherAttempt.nonce]) {
        const r = await upload(token, form(frames.slice(0, 6), { nonce, timestamps: times(6), captureSource: HONEST_SOURCE }));
        expect(r.status, nonce).toBe(400);
        expect(r.body.code).toBe('PROVEFY_ERR_NONCE_UNKNOWN');
      }
      // another API key cannot attest the capture
      const wrongKey = await upload(token, form(frames.slice(0, 6), { timestamps: times(6) }), otherKey);
      expect(wrongKey.status).toBe(403);
      expect(wrongKey.body.code).toBe('PROVEFY_ERR_NOT_SESSION_KEY');
      const unknownKey = await upload(token, form(frames.slice(0, 6), { timestamps: times(6) }), `kyc_live_${'x'.repeat(40)}`);
      expect(unknownKey.status).toBe(401);
      expect(await snapshot(id)).toEqual(before);
    });

    it('an expired attempt is refused (409 NONCE_EXPIRED), the session unchanged', async () => {
      const { id, token } = await session();
      const a = await attempt(token);
      const before = await snapshot(id);
      clock += 10 * 60 * 1000 + 1;
      try {
        const r = await upload(token, form(frames.slice(0, 6), { nonce: a.nonce, timestamps: times(6), captureSource: HONEST_SOURCE }));
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('PROVEFY_ERR_NONCE_EXPIRED');
      } finally {
        clock -= 10 * 60 * 1000 + 1;
      }
      expect(await snapshot(id)).toEqual(before);
    });

    it('each timing finding FAILs with its own reason (retryable), before any model runs; a reused nonce is 409 and changes nothing', async () => {
      let tok = '';
      const cases: { code: string; list: Uint8Array[]; timestamps?: number[] }[] = [
        { code: 'FRAMES_DUPLICATED', list: [...frames.slice(0, 5), frames[2]!], timestamps: times(6) },
        { code: 'FRAMES_OUT_OF_ORDER', list: frames.slice(0, 6), timestamps: [20, 120, 220, 210, 420, 520] },
        { code: 'FRAME_RATE_IMPOSSIBLE', list: frames.slice(0, 6), timestamps: [20, 30, 40, 50, 60, 70] },
        { code: 'FRAMES_OUTSIDE_WINDOW', list: frames.slice(0, 6), timestamps: times(6, 60_000) },
        { code: 'TIMESTAMPS_MISSING', list: frames.slice(0, 6) },
      ];
      let attemptsLeft = 3;
      for (const [i, c] of cases.entries()) {
        // a fresh session every 2 cases keeps attempts left (maxAttempts 3)
        if (i % 2 === 0) {
          tok = (await session()).token;
          attemptsLeft = 3;
        }
        const a = await attempt(tok);
        const started = Date.now();
        const r = await upload(tok, form(c.list, { nonce: a.nonce, timestamps: c.timestamps, captureSource: HONEST_SOURCE }));
        expect(r.status, r.text).toBe(200);
        const l = livenessOf(r);
        expect(l.result, c.code).toBe('FAIL');
        expect(l.reasons.map((x) => x.code)).toContain(c.code);
        attemptsLeft -= 1;
        expect(l.final).toBe(false);
        expect(l.attemptsLeft).toBe(attemptsLeft);
        expect(Date.now() - started).toBeLessThan(20_000); // no model ran (it would take seconds per frame on this machine)
        if (i === 0) {
          // the same upload again: the attempt is spent
          const sid = (await flow.api.request('GET', `/api/v1/flow/${tok}`)).body.state as { sessionId: string };
          const before = await snapshot(sid.sessionId);
          const again = await upload(tok, form(c.list, { nonce: a.nonce, timestamps: c.timestamps, captureSource: HONEST_SOURCE }));
          expect(again.status).toBe(409);
          expect(again.body.code).toBe('PROVEFY_ERR_NONCE_REUSED');
          expect(await snapshot(sid.sessionId)).toEqual(before);
        }
      }
    });

    it('two uploads racing on one nonce: exactly one is recorded, the other is 409 NONCE_REUSED', async () => {
      const { id, token } = await session();
      const a = await attempt(token);
      const send = () => upload(token, form([...frames.slice(0, 5), frames[1]!], { nonce: a.nonce, timestamps: times(6), captureSource: HONEST_SOURCE }));
      const answers = await Promise.all([send(), send(), send()]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      expect(answers.filter((r) => r.status === 409).every((r) => r.body.code === 'PROVEFY_ERR_NONCE_REUSED')).toBe(true);
      const rec = (await flow.store.sessions.get(id))!;
      expect((rec.document as { checks: { liveness: { attempts: number } } }).checks.liveness.attempts).toBe(1);
    });

    it('frames of an earlier attempt sent with a new nonce FAIL as FRAMES_REPLAYED', async () => {
      const { token } = await session();
      const first = await attempt(token);
      const r1 = await upload(token, form([...frames.slice(0, 4), frames[0]!], { nonce: first.nonce, timestamps: times(5), captureSource: HONEST_SOURCE }));
      expect(livenessOf(r1).reasons.map((x) => x.code)).toContain('FRAMES_DUPLICATED');
      const second = await attempt(token);
      const r2 = await upload(token, form(frames.slice(2, 8), { nonce: second.nonce, timestamps: times(6), captureSource: HONEST_SOURCE }));
      expect(r2.status, r2.text).toBe(200);
      expect(livenessOf(r2).result).toBe('FAIL');
      expect(livenessOf(r2).reasons.map((x) => x.code)).toEqual(['FRAMES_REPLAYED']);
    });

    it('key-attested upload (the kiosk): no nonce, its own challenges, timing relative to the capture; gaps and order still checked', async () => {
      const { token } = await session();
      // hours after the capture: the timestamps count from the capture, not from any attempt
      const gap = await upload(token, form(frames.slice(0, 4), { timestamps: [0, 100, 200, 16_000], challenges: ['look_straight', 'blink'], captureSource: HONEST_SOURCE }), flow.key);
      expect(gap.status, gap.text).toBe(200);
      expect(livenessOf(gap).reasons.map((x) => x.code)).toEqual(['FRAME_GAP']);
      const badChallenges = await upload(token, form(frames.slice(0, 4), { timestamps: times(4), challenges: ['jump'] }), flow.key);
      expect(badChallenges.status).toBe(400);
      // the same upload twice is accepted on this path: the kiosk redelivers the same captures after a retryable FAIL
      const again = await upload(token, form(frames.slice(0, 4), { timestamps: [0, 100, 200, 16_000], challenges: ['look_straight', 'blink'], captureSource: HONEST_SOURCE }), flow.key);
      expect(again.status).toBe(200);
      expect(livenessOf(again).reasons.map((x) => x.code)).toEqual(['FRAME_GAP']);
    });

    it('redacting a session deletes its attempts', async () => {
      const { id, token } = await session();
      await attempt(token);
      const count = async () => (await flow.store.db.selectFrom('provefy_liveness_attempts').select('id').where('session_id', '=', id).execute()).length;
      expect(await count()).toBe(1);
      expect((await flow.api.request('DELETE', `/api/v1/verify/${id}/data`, { key: flow.key })).status).toBeLessThan(300);
      expect(await count()).toBe(0);
    });

    it('allowVirtualCameras: off by default, set and read through the admin API and the store', async () => {
      const plain = await flow.store.apiKeys.create({ name: 'plain' });
      expect(plain.apiKey.allowVirtualCameras).toBe(false);
      const on = await flow.store.apiKeys.create({ name: 'test rig', allowVirtualCameras: true });
      expect((await flow.store.apiKeys.get(on.apiKey.id))!.allowVirtualCameras).toBe(true);
      const off = await flow.store.apiKeys.update(on.apiKey.id, { allowVirtualCameras: false });
      expect(off!.allowVirtualCameras).toBe(false);
      const spec = await flow.api.request<Record<string, any>>('GET', '/api/v1/openapi.json');
      expect(JSON.stringify(spec.body)).toContain('allowVirtualCameras');
    });
  });
}
