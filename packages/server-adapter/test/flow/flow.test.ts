/**
 * The verification flow end to end over real HTTP (node:http mount, SQLite), with the real checks of @provefy/core on
 * real images: the hosted page's calls (config, selfie, document) driven by the session token, results fed into the
 * session machine, the contract's GET reflecting them, the redirect, and images deleted after completion.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegBinaries } from '@provefy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../test/helpers/paths.js';
import type { KyselyStore } from '../../src/index.js';
import type { ApiClient } from '../contract/contract-client.js';
import { targets } from '../storage/targets.js';
import { type FlowServer, startFlowServer } from '../support/flow-server.js';

const KYC = join(FIXTURES, 'kyc/faces/images');
const SELFIE = readFileSync(`${KYC}/foam__photo_1.jpg`);
const OTHER_PERSON = readFileSync(`${KYC}/foam__photo_3.jpg`);
const ID_CARD = readFileSync(`${KYC}/foam__id_card.jpg`);
const PASSPORT = readFileSync(join(FIXTURES, 'documents/images/fastmrz/td3.jpg'));
const LIVE_CLIP = join(FIXTURES, 'videos/clips/headturn_zub-real_webcam-yaw.webm');

let flow: FlowServer;
let store: KyselyStore;
let api: ApiClient;
let key = '';

beforeAll(async () => {
  flow = await startFlowServer(targets[0]!, {}, { name: 'flow', allowedRedirectOrigins: ['https://yourapp.com'] });
  ({ store, api, key } = flow);
});

afterAll(async () => {
  await flow?.close();
});

async function newSession(checks: string[], apiKey = key) {
  const res = await api.request('POST', '/api/v1/verify', { key: apiKey, json: { checks, externalRef: 'user_flow', redirectUrl: 'https://yourapp.com/done' } });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.sessionId as string, token: (res.body.verificationUrl as string).split('/').pop()! };
}

function multipart(field: string, bytes: Buffer, type = 'image/jpeg'): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type }), 'capture.jpg');
  return form;
}

describe('verification flow with real checks', () => {
  const similarity: Record<string, number> = {};

  it('selfie (multipart) then ID card (JSON base64): age and face match recorded, session completed, redirect and cleanup', async () => {
    const { id, token } = await newSession(['age_estimation', 'face_match']);
    const config = await api.request('GET', `/api/v1/flow/${token}`);
    expect((config.body.state as { next: string[] }).next).toEqual(['selfie', 'document_front']);

    // While the selfie is analysed, other requests are still answered: the health check finishes first.
    const order: string[] = [];
    const selfieReq = api.request('POST', `/api/v1/flow/${token}/selfie`, { body: multipart('image', SELFIE) }).then((r) => {
      order.push('selfie');
      return r;
    });
    await new Promise((r) => setTimeout(r, 30));
    const health = await api.request('GET', '/api/v1/health');
    order.push('health');
    expect(health.status).toBe(200);
    const selfie = await selfieReq;
    expect(selfie.status, selfie.text).toBe(200);
    expect(order).toEqual(['health', 'selfie']);
    const ageSummary = (selfie.body.results as Array<{ check: string; result: string }>).find((r) => r.check === 'age_estimation');
    expect(ageSummary?.result).toMatch(/^(PASS|FAIL|REVIEW)$/);
    expect(JSON.stringify(selfie.body)).not.toContain('estimatedAge');
    expect((selfie.body.state as { next: string[] }).next).toEqual(['document_front']);

    const doc = await api.request('POST', `/api/v1/flow/${token}/document/front`, { json: { image: `data:image/jpeg;base64,${ID_CARD.toString('base64')}` } });
    expect(doc.status, doc.text).toBe(200);
    const state = doc.body.state as { status: string; overallResult: string; redirectUrl: string; completion: { type: string; data: Record<string, unknown> } };
    expect(state.status).toBe('COMPLETED');
    expect(state.overallResult).toMatch(/^(APPROVED|REJECTED|REVIEW)$/);
    expect(state.redirectUrl).toBe(`https://yourapp.com/done?session_id=${id}&result=${state.overallResult}`);
    expect(state.completion).toEqual({ type: 'provefy:complete', data: { sessionId: id, status: 'COMPLETED', overallResult: state.overallResult } });

    const get = await api.request<Record<string, any>>('GET', `/api/v1/verify/${id}`, { key });
    expect(get.body.status).toBe('COMPLETED');
    expect(get.body.overallResult).toBe(state.overallResult);
    expect(get.body.checks.ageEstimation.status).toBe('COMPLETED');
    expect(get.body.checks.ageEstimation.estimatedAge).toBeGreaterThan(15);
    expect(get.body.checks.faceMatch.status).toBe('COMPLETED');
    expect(typeof get.body.checks.faceMatch.similarityScore).toBe('number');
    similarity.genuine = get.body.checks.faceMatch.similarityScore;
    expect(await store.blobs.listForSession(id)).toEqual([]);

    const late = await api.request('POST', `/api/v1/flow/${token}/selfie`, { body: multipart('image', SELFIE) });
    expect(late.status).toBe(409);
  });

  it('another person against the same ID card scores lower and is not approved (retry left on FAIL)', async () => {
    const { id, token } = await newSession(['face_match']);
    expect((await api.request('POST', `/api/v1/flow/${token}/document/front`, { body: new Uint8Array(ID_CARD), headers: { 'content-type': 'image/jpeg' } })).status).toBe(200);
    const selfie = await api.request('POST', `/api/v1/flow/${token}/selfie`, { body: multipart('image', OTHER_PERSON) });
    expect(selfie.status, selfie.text).toBe(200);
    const get = await api.request<Record<string, any>>('GET', `/api/v1/verify/${id}`, { key });
    expect(get.body.checks.faceMatch.result).toMatch(/^(FAIL|REVIEW)$/);
    expect(get.body.checks.faceMatch.similarityScore).toBeLessThan(similarity.genuine!);
    expect(get.body.overallResult).not.toBe('APPROVED');
    // The REST session says why (reason codes next to the score), not only FAIL/REVIEW.
    expect(get.body.checks.faceMatch.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^[A-Z_]+$/)]));
    // A FAIL with attempts left keeps the check open (the user may retry); the flow says how many remain.
    const summary = (selfie.body.results as Array<{ check: string; final: boolean; attemptsLeft: number }>).find((r) => r.check === 'face_match')!;
    if (get.body.checks.faceMatch.result === 'FAIL') {
      expect(get.body.status).toBe('IN_PROGRESS');
      expect(summary).toMatchObject({ final: false, attemptsLeft: 2 });
    }
  });

  it('a passport page is read by doc_verify: its document type and reason codes reach the contract GET and the webhook', async () => {
    const hookKey = (await store.apiKeys.create({ name: 'flow-hook', webhookUrl: 'https://hooks.example.com/kyc', allowedRedirectOrigins: ['https://yourapp.com'] })).key;
    const { id, token } = await newSession(['doc_verify'], hookKey);
    const res = await api.request('POST', `/api/v1/flow/${token}/document/front`, { body: multipart('image', PASSPORT) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.needsBack).toBe(false);
    const get = await api.request<Record<string, any>>('GET', `/api/v1/verify/${id}`, { key: hookKey });
    expect(get.body.checks.documentVerification.documentType).toBe('PASSPORT');
    expect(get.body.checks.documentVerification.result).toMatch(/^(PASS|FAIL|REVIEW)$/);
    const complete = await api.request('POST', `/api/v1/flow/${token}/complete`);
    if (get.body.status === 'COMPLETED') {
      expect(complete.status).toBe(200);
      expect((complete.body.state as { status: string }).status).toBe('COMPLETED');
    } else {
      // The specimen passport expired in 2012: a FAIL the user could retry; completing makes it final.
      expect(get.body.checks.documentVerification.result).toBe('FAIL');
      expect(complete.status, complete.text).toBe(200);
      expect((complete.body.state as { status: string }).status).toBe('COMPLETED');
      const after = await api.request<Record<string, any>>('GET', `/api/v1/verify/${id}`, { key: hookKey });
      expect(after.body.status).toBe('COMPLETED');
      expect(after.body.overallResult).toBe('REJECTED');
      // Why: the reason code is in the REST session and in the signed webhook payload.
      expect(after.body.checks.documentVerification.reasons).toContain('DOCUMENT_EXPIRED');
      const hooks = await store.webhooks.list({ sessionId: id });
      expect(hooks.map((h) => h.type)).toEqual(['verification.completed']);
      expect(JSON.parse(hooks[0]!.body!).checks.documentVerification.reasons).toContain('DOCUMENT_EXPIRED');
    }
  });

  it('uploads are refused before decoding: too large (413), not an image (415)', async () => {
    const { token } = await newSession(['age_estimation']);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(9 * 1024 * 1024)]);
    expect((await api.request('POST', `/api/v1/flow/${token}/selfie`, { body: multipart('image', big) })).status).toBe(413);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    expect((await api.request('POST', `/api/v1/flow/${token}/selfie`, { body: multipart('image', svg, 'image/jpeg') })).status).toBe(415);
    const incomplete = await api.request('POST', `/api/v1/flow/${token}/complete`);
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.details).toEqual({ pending: ['age_estimation'] });
  });

  it('liveness frames of a real webcam clip (key-attested upload): scored, and a frame serves as the selfie for age', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provefy-frames-'));
    try {
      execFileSync(ffmpegBinaries().ffmpeg, ['-loglevel', 'error', '-i', LIVE_CLIP, '-vf', 'fps=2,scale=480:-2', '-frames:v', '24', join(dir, 'f%03d.jpg')]);
      const files = readdirSync(dir).sort();
      expect(files.length).toBeGreaterThan(10);
      const { id, token } = await newSession(['liveness', 'age_estimation']);
      const form = new FormData();
      for (const f of files) form.append('frames', new Blob([new Uint8Array(readFileSync(join(dir, f)))], { type: 'image/jpeg' }), f);
      form.append('timestamps', JSON.stringify(files.map((_, i) => i * 500 + (i % 3) * 0.37)));
      form.append('captureSource', JSON.stringify({ label: 'HD Pro Webcam C920', settings: { width: 1280, height: 720, frameRate: 30 } }));
      // A capture the API key vouches for (as the kiosk delivers): no attempt nonce; its timestamps count from the capture.
      const res = await api.request('POST', `/api/v1/flow/${token}/liveness`, { key, body: form });
      expect(res.status, res.text).toBe(200);
      const checks = (res.body.results as Array<{ check: string; result: string }>).map((r) => r.check);
      expect(checks).toEqual(['liveness', 'age_estimation']);
      const get = await api.request<Record<string, any>>('GET', `/api/v1/verify/${id}`, { key });
      expect(get.body.checks.liveness.result).toMatch(/^(PASS|FAIL|REVIEW)$/);
      expect(get.body.checks.liveness.livenessScore).toBeGreaterThan(0.5); // a real face, not a replay
      // The clip turns the head but never blinks on request: the challenge list always asks for a blink.
      const summary = (res.body.results as Array<{ check: string; reasons: { code: string }[] }>)[0]!;
      if (get.body.checks.liveness.result === 'FAIL') expect(summary.reasons.map((r) => r.code)).toContain('CHALLENGE_NOT_PERFORMED');
      expect(get.body.checks.ageEstimation.result).toMatch(/^(PASS|FAIL|REVIEW)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
