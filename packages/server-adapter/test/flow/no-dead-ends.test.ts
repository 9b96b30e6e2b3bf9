/**
 * #17 item 2, "no dead ends", over real HTTP on SQLite and PostgreSQL with the real checks: the corrupt-selfie chain
 * (face_match without age estimation, a truncated JPEG selfie, then a valid passport) and its age variant, and #17
 * item 5: a session with only age estimation that lands in REVIEW keeps its selfie for the reviewer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateAge } from '@provefy/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES } from '../../../../test/helpers/paths.js';
import type { KyselyStore } from '../../src/index.js';
import type { ApiClient } from '../contract/contract-client.js';
import { targets } from '../storage/targets.js';
import { type FlowServer, startFlowServer } from '../support/flow-server.js';

const SELFIE = new Uint8Array(readFileSync(join(FIXTURES, 'kyc/faces/images/foam__photo_1.jpg')));
const TRUNCATED = SELFIE.slice(0, Math.floor(SELFIE.length / 2));
const PASSPORT = new Uint8Array(readFileSync(join(FIXTURES, 'documents/images/fastmrz/td3.jpg')));

for (const target of targets) {
  target.describe(`no dead ends (${target.name})`, () => {
    let flow: FlowServer;
    let store: KyselyStore;
    let api: ApiClient;
    let key = '';

    beforeAll(async () => {
      flow = await startFlowServer(target, { imageRetentionMs: 3_600_000 }, { name: 'dead-ends' });
      ({ store, api, key } = flow);
    });

    afterAll(async () => {
      await flow?.close();
    });

    async function session(checks: string[], apiKey = key) {
      const res = await api.request('POST', '/api/v1/verify', { key: apiKey, json: { checks } });
      expect(res.status, res.text).toBe(201);
      return { id: res.body.sessionId as string, token: (res.body.verificationUrl as string).split('/').pop()! };
    }
    const upload = (token: string, path: string, bytes: Uint8Array) =>
      api.request<Record<string, any>>('POST', `/api/v1/flow/${token}/${path}`, { body: new Uint8Array(bytes), headers: { 'content-type': 'image/jpeg' } });
    const state = async (token: string) => (await api.request<Record<string, any>>('GET', `/api/v1/flow/${token}`)).body.state;
    const kinds = async (id: string) => (await store.blobs.listForSession(id)).map((b) => b.kind);

    it('face_match only: a truncated selfie is refused and not kept; passports after it are answered 200; a next step remains', async () => {
      const { id, token } = await session(['face_match']);
      const bad = await upload(token, 'selfie', TRUNCATED);
      expect(bad.status, bad.text).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('PROVEFY_ERR_INVALID_IMAGE');
      expect(await kinds(id)).toEqual([]);
      for (let i = 0; i < 2; i++) {
        const doc = await upload(token, 'document/front', PASSPORT);
        expect(doc.status, doc.text).toBe(200);
        expect(doc.body.state.next).toEqual(['selfie']);
      }
      expect((await state(token)).checks.face_match).toMatchObject({ result: null, attemptsLeft: 3 });
      // Completing now names what is missing (409), it is not a 400 about an image.
      const complete = await api.request('POST', `/api/v1/flow/${token}/complete`, { json: {} });
      expect(complete.status, complete.text).toBe(409);
      const good = await upload(token, 'selfie', SELFIE);
      expect(good.status, good.text).toBe(200);
      expect(good.body.results.map((r: { check: string }) => r.check)).toEqual(['face_match']);
      const after = good.body.state;
      expect(after.status === 'COMPLETED' || after.next.length > 0).toBe(true);
    });

    it('age and face match: the truncated selfie gets its 400, is not kept and uses no attempt', async () => {
      const { id, token } = await session(['age_estimation', 'face_match']);
      const bad = await upload(token, 'selfie', TRUNCATED);
      expect(bad.status, bad.text).toBe(400);
      expect(await kinds(id)).toEqual([]);
      const st = await state(token);
      expect(st.checks.age_estimation).toMatchObject({ result: null, attemptsLeft: 3 });
      expect(st.next).toEqual(['selfie', 'document_front']);
      const doc = await upload(token, 'document/front', PASSPORT);
      expect(doc.status, doc.text).toBe(200);
      expect(doc.body.state.next).toEqual(['selfie']);
    });

    it('age estimation only, landing in REVIEW: the selfie is kept for the reviewer', async () => {
      // The minimum age set to the model's own estimate of this selfie: too close to call, so REVIEW.
      const estimate = (await estimateAge(SELFIE, { minAge: 18 })).estimatedAge!;
      const reviewKey = (await store.apiKeys.create({ name: 'review', thresholds: { minAge: estimate } })).key;
      const { id, token } = await session(['age_estimation'], reviewKey);
      const res = await upload(token, 'selfie', SELFIE);
      expect(res.status, res.text).toBe(200);
      expect(res.body.state).toMatchObject({ status: 'COMPLETED', overallResult: 'REVIEW' });
      expect(await kinds(id)).toEqual(['selfie']);
    });
  });
}
