/**
 * Injection and replay, end to end in Debian's Chromium against the real server process: the hosted page fed by
 * Chromium's file-backed fake camera (a fixture clip as `.y4m`, the way an attacker injects a video) on a key with
 * the default settings. The page reports its camera with the frames; the server holds the liveness check at REVIEW,
 * or FAILs it, with `VIRTUAL_CAMERA`. Then the page's own liveness upload, recorded on the way out, is replayed: sent
 * again verbatim it is refused (409 `PROVEFY_ERR_NONCE_REUSED`, the session unchanged); its frames under a new
 * attempt of the session FAIL with `FRAMES_REPLAYED` while the liveness check is still open.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, createSession, getSession } from '../support/admin-client.js';
import { FIXTURES, clipToY4m, launchChromium } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { ensureWebBuilt } from '../support/web-build.js';

const CLIP = join(FIXTURES, 'videos/clips/blink_lp-d13_selfie-glasses.mp4');

let server: ServerProcess;
let browser: Browser;
let key: { key: string };
let admin: AdminClient;

beforeAll(async () => {
  ensureWebBuilt();
  const y4m = clipToY4m(CLIP, 6);
  [server, browser] = await Promise.all([startServerProcess(), launchChromium({ fakeCamera: y4m })]);
  admin = await AdminClient.setup(server.url, server.setupToken()!, 'e2e admin password');
  // A key as an integrator creates it: allowVirtualCameras is off by default.
  key = await admin.createKey({ name: 'Injection shop', enabledChecks: ['liveness', 'age_estimation'] });
  expect((key as unknown as { apiKey: { allowVirtualCameras: boolean } }).apiKey.allowVirtualCameras).toBe(false);
});

afterAll(async () => {
  await browser?.close();
  if (server) expect(await server.stop()).toBe(0);
});

interface Recorded {
  answer: { results: { check: string; result: string; final: boolean; reasons: { code: string }[] }[] };
}

/** The recorded upload as a new multipart body, fields in their order; `nonce`/`timestamps`/`captureSource` replaced when given. */
function rebuild(fields: [string, string | { name: string; type: string; b64: string }][], replace: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of fields) {
    if (typeof v === 'string') form.append(k, replace[k] ?? v);
    else form.append(k, new Blob([Buffer.from(v.b64, 'base64')], { type: v.type }), v.name);
  }
  return form;
}

describe('an injected camera stream and a replayed upload', () => {
  it('the fake-camera flow goes to REVIEW or FAIL with VIRTUAL_CAMERA; replaying its upload is refused', { timeout: 420_000 }, async () => {
    const s = await createSession(server.url, key.key, { checks: ['liveness', 'age_estimation'] });
    const token = s.verificationUrl.split('/').pop()!;
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // Record the page's liveness upload on its way out, field by field (what a malicious extension sees).
    await page.addInitScript(() => {
      const send = XMLHttpRequest.prototype.send;
      XMLHttpRequest.prototype.send = function (body?: Document | XMLHttpRequestBodyInit | null) {
        if (body instanceof FormData && body.has('frames')) {
          const w = window as unknown as { __recorded?: Promise<unknown> };
          w.__recorded ??= (async () => {
            const out: [string, string | { name: string; type: string; b64: string }][] = [];
            for (const [k, v] of body.entries()) {
              if (typeof v === 'string') out.push([k, v]);
              else {
                let bin = '';
                for (const x of new Uint8Array(await v.arrayBuffer())) bin += String.fromCharCode(x);
                out.push([k, { name: v.name, type: v.type, b64: btoa(bin) }]);
              }
            }
            return out;
          })();
        }
        return send.call(this, body);
      };
    });
    const answered = page.waitForResponse((res) => res.request().method() === 'POST' && /\/api\/v1\/flow\/[^/]+\/liveness$/.test(new URL(res.url()).pathname), { timeout: 300_000 });
    await page.goto(s.verificationUrl);
    await page.getByTestId('consent-checkbox').check();
    await page.getByTestId('consent-start').click();
    await page.getByTestId('step-liveness').waitFor();
    const res = await answered;
    const first = { status: res.status(), answer: (await res.json()) as Recorded['answer'] };
    const fields = (await page.evaluate(() => (window as unknown as { __recorded: Promise<unknown> }).__recorded)) as [string, string | { name: string; type: string; b64: string }][];
    await ctx.close(); // the person is gone; only the recording is left
    expect(errors).toEqual([]);

    // The page reported Chromium's fake device; the server held or failed liveness for it.
    expect(first.status).toBe(200);
    const liveness = first.answer.results.find((r) => r.check === 'liveness')!;
    console.log(`[e2e injection] liveness ${liveness.result} (${liveness.reasons.map((r) => r.code).join(', ')})`);
    expect(['REVIEW', 'FAIL']).toContain(liveness.result);
    expect(liveness.reasons.map((r) => r.code)).toContain('VIRTUAL_CAMERA');
    const field = (name: string) => fields.find(([k]) => k === name)?.[1];
    const source = JSON.parse(String(field('captureSource'))) as { label: string; settings: { frameRate: number | null } };
    expect(source.label).toMatch(/fake|\.y4m/i);
    expect(fields.filter(([k]) => k === 'frames').length).toBeGreaterThan(10);
    const got = await getSession(server.url, key.key, s.sessionId);
    expect(got.checks.liveness.result).toBe(liveness.result);

    // 1. The recorded upload sent again, verbatim: its attempt is spent.
    const before = await getSession(server.url, key.key, s.sessionId);
    const replay = await fetch(`${server.url}/api/v1/flow/${token}/liveness`, { method: 'POST', body: rebuild(fields) });
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { code: string }).code).toBe('PROVEFY_ERR_NONCE_REUSED');
    expect(await getSession(server.url, key.key, s.sessionId)).toEqual(before);

    // 2. The recorded frames under a new attempt of the same session (fresh nonce, plausible timestamps).
    const start = await fetch(`${server.url}/api/v1/flow/${token}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"check":"liveness"}' });
    if (liveness.final) {
      // REVIEW (or a last FAIL) is final: no new liveness attempt exists to replay into.
      expect(start.status).toBe(409);
      return;
    }
    expect(start.status).toBe(200);
    const { attempt } = (await start.json()) as { attempt: { nonce: string } };
    const n = fields.filter(([k]) => k === 'frames').length;
    const form = rebuild(fields, {
      nonce: attempt.nonce,
      timestamps: JSON.stringify(Array.from({ length: n }, (_, i) => 10 + i * 30.5 + (i % 3) * 0.21)),
      captureSource: JSON.stringify({ label: 'Integrated Camera', settings: { width: 1280, height: 720, frameRate: 30, deviceIdHash: null } }),
    });
    const again = await fetch(`${server.url}/api/v1/flow/${token}/liveness`, { method: 'POST', body: form });
    expect(again.status).toBe(200);
    const second = ((await again.json()) as Recorded['answer']).results.find((r) => r.check === 'liveness')!;
    expect(second.result).toBe('FAIL');
    expect(second.reasons.map((r) => r.code)).toContain('FRAMES_REPLAYED');
  });

  it('on a key with allowVirtualCameras the same fake camera is not flagged (the test-rig switch)', { timeout: 300_000 }, async () => {
    const rig = await admin.createKey({ name: 'Test rig', enabledChecks: ['liveness', 'age_estimation'], allowVirtualCameras: true });
    const s = await createSession(server.url, rig.key, { checks: ['liveness', 'age_estimation'] });
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    const page = await ctx.newPage();
    const answered = page.waitForResponse((res) => res.request().method() === 'POST' && /\/api\/v1\/flow\/[^/]+\/liveness$/.test(new URL(res.url()).pathname), { timeout: 300_000 });
    await page.goto(s.verificationUrl);
    await page.getByTestId('consent-checkbox').check();
    await page.getByTestId('consent-start').click();
    const res = await answered;
    const liveness = ((await res.json()) as Recorded['answer']).results.find((r) => r.check === 'liveness')!;
    await ctx.close();
    console.log(`[e2e injection, allowVirtualCameras] liveness ${liveness.result} (${liveness.reasons.map((r) => r.code).join(', ') || '-'})`);
    expect(res.status()).toBe(200);
    expect(liveness.reasons.map((r) => r.code)).not.toContain('VIRTUAL_CAMERA');
    // the page's own capture passes the frame checks: no duplicated, re-ordered, too fast or out-of-window frames
    expect(liveness.reasons.map((r) => r.code).filter((c) => c.startsWith('FRAME') || c === 'TIMESTAMPS_MISSING')).toEqual([]);
  });
});
