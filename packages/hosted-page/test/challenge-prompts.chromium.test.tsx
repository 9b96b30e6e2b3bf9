/**
 * The hosted page's challenge prompts and retry messages in Debian's Chromium, against the page built with Vite and
 * served by the real server adapter (node:http, SQLite): the arrow of each turn challenge as laid out on screen
 * (mirrored preview and not), and real failed liveness attempts answered by the real checks: a camera that shows
 * a page with no face (NO_FACE), and a clip of a face that never turns (the asked turn not performed), each followed
 * by the plain-words message the person gets before trying again, in English and Portuguese.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Provefy, createNodeServer, createProvefy } from '@provefy/server-adapter';
import type { Browser, Page } from 'playwright-core';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, clipToY4m, imageToY4m, launchChromium } from '../../../test/helpers/e2e/browser.js';
import { type RenderedCue, readChallengeCues } from '../../../test/helpers/e2e/challenge-cue.js';
import { createSession, getSession } from '../../../test/helpers/e2e/rest-client.js';
import { ensureHostedPageBuilt } from '../scripts/build.mjs';
import type { Challenge, FlowConfig, UploadResult } from '../src/api/flow-api.js';
import { ChallengeCueIcon } from '../src/components/ChallengeCueIcon.js';
import { type Language, translator } from '../src/i18n/i18n.js';
import { challengeCue } from '../src/prompts/challenge-cue.js';
import { challengeCauseKey, retryMessageKeys } from '../src/prompts/retry-advice.js';

/** A page with no face on it (no MRZ either), held in front of the camera. */
const NO_FACE_PAGE = join(FIXTURES, 'documents/images/fastmrz/nomrz.jpg');
/** A man looking straight at the camera, still: no head turn anywhere in the clip. */
const NO_TURN_CLIP = join(FIXTURES, 'videos/clips/frontal_lp-d19_man-glasses-still.mp4');
const CHALLENGES: Challenge[] = ['look_straight', 'blink', 'turn_left', 'turn_right'];
/** Set to save screenshots of a turn prompt and of the retry message. */
const SHOTS = process.env.PROVEFY_SCREENSHOT_DIR;

let provefy: Provefy;
let server: Server;
let base: string;
let apiKey: string;
let noFaceCamera: Browser;
let stillFaceCamera: Browser;

beforeAll(async () => {
  ensureHostedPageBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'provefy-prompts-'));
  const adminToken = randomBytes(24).toString('base64url');
  provefy = createProvefy({ database: { dialect: 'sqlite', filename: join(dir, 'provefy.db') }, encryption: { key: randomBytes(32).toString('base64') }, adminToken });
  server = createNodeServer(provefy.fetch);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const created = await fetch(`${base}/api/v1/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Prompts test' }),
  });
  expect(created.status).toBe(201);
  apiKey = ((await created.json()) as { key: string }).key;
  [noFaceCamera, stillFaceCamera] = await Promise.all([launchChromium({ fakeCamera: imageToY4m(NO_FACE_PAGE, 2) }), launchChromium({ fakeCamera: clipToY4m(NO_TURN_CLIP, 6) })]);
});

afterAll(async () => {
  await noFaceCamera?.close();
  await stillFaceCamera?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await provefy?.close();
});

/**
 * Opens a liveness-only session in `lang`, consents, starts the challenges (by themselves, or with "start now"
 * when no face is placed), reads the rendered cues while they run, and returns the upload's answer, the config,
 * the attempt's challenges, the cues seen and the retry notice shown afterwards.
 */
async function failedAttempt(browser: Browser, lang: Language) {
  const s = await createSession(base, apiKey, { checks: ['liveness'] });
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: lang === 'en' ? 'en-US' : 'pt-BR' });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const configP = page.waitForResponse((r) => r.request().method() === 'GET' && /\/api\/v1\/flow\/[^/]+$/.test(r.url()));
  await page.goto(s.verificationUrl);
  const config = (await (await configP).json()) as FlowConfig;
  // The challenges are the server-issued attempt's (random per attempt), not the session config's.
  const attemptP = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/flow\/[^/]+\/start$/.test(r.url()) && /"check":"liveness"/.test(r.request().postData() ?? ''));
  await page.getByTestId('consent-checkbox').check();
  await page.getByTestId('consent-start').click();
  await page.getByTestId('step-liveness').waitFor({ timeout: 30_000 });
  const uploadP = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/flow\/[^/]+\/liveness$/.test(r.url()), { timeout: 240_000 });
  // Read what is on screen while the challenges run; press "start now" if the page offers it (no face to place).
  const cues: RenderedCue[] = [];
  let uploaded = false;
  void uploadP.then(() => (uploaded = true), () => (uploaded = true));
  let shot = false;
  while (!uploaded) {
    const start = page.getByTestId('liveness-start-now');
    if (await start.isVisible().catch(() => false)) await start.click().catch(() => undefined);
    const now = await readChallengeCues(page).catch(() => []);
    cues.push(...now);
    if (SHOTS && !shot && now.some((c) => c.points !== 'none')) {
      shot = true;
      await page.screenshot({ path: join(SHOTS, `prompt-${lang}.png`) }).catch(() => undefined);
    }
    await page.waitForTimeout(120);
  }
  const answer = (await (await uploadP).json()) as UploadResult;
  const { attempt } = (await (await attemptP).json()) as { attempt: { challenges: Challenge[] } };
  await page.getByTestId('retry-notice').waitFor({ timeout: 30_000 });
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `retry-${lang}.png`) });
  const shown = await page.getByTestId('retry-reason').evaluateAll((els) => els.map((e) => ({ key: e.getAttribute('data-key') ?? '', text: e.textContent ?? '' })));
  const session = await getSession(base, apiKey, s.sessionId);
  await ctx.close();
  expect(errors).toEqual([]);
  return { config, challenges: attempt.challenges, answer, cues, shown, session };
}

/** Every cue seen, once per challenge; each turn's arrow as the person sees it. */
function expectCuesMatch(cues: RenderedCue[], challenges: Challenge[]) {
  const byChallenge = new Map(cues.map((c) => [c.challenge, c]));
  expect([...byChallenge.keys()].sort()).toEqual([...new Set(challenges)].sort());
  for (const c of challenges) {
    const seen = byChallenge.get(c)!;
    const cue = challengeCue(c, { mirrored: true });
    expect(seen.videoMirrored, 'the liveness preview is a selfie view').toBe(true);
    expect(seen.points, c).toBe(cue.arrow ?? 'none');
    if (cue.arrow) expect(seen.placed, c).toBe(cue.arrow);
    // one layout per challenge: the cue never changed while its challenge ran
    expect(new Set(cues.filter((x) => x.challenge === c).map((x) => `${x.points}/${x.placed}`)).size, c).toBe(1);
  }
}

describe('hosted page: challenge prompts and retry messages in Chromium', () => {
  it('renders each arrow toward the side the face moves: mirrored preview and not', async () => {
    const page = await noFaceCamera.newPage({ viewport: { width: 800, height: 600 } });
    const css = readFileSync(new URL('../src/styles.css', import.meta.url), 'utf8');
    const previews = CHALLENGES.flatMap((c) =>
      [true, false].map(
        (mirrored) =>
          `<section class="pv-camera pv-camera-portrait" data-case="${c}:${mirrored}"><video class="${mirrored ? 'pv-video pv-mirrored' : 'pv-video'}"></video>${renderToStaticMarkup(<ChallengeCueIcon challenge={c} mirrored={mirrored} />)}</section>`,
      ),
    );
    await page.setContent(`<!doctype html><style>${css} .pv-camera{width:300px;height:200px;display:inline-block;margin:4px}</style><div class="pv-app">${previews.join('')}</div>`);
    const seen = await readChallengeCues(page);
    const got = seen.map((s, i) => `${CHALLENGES[i >> 1]} ${i % 2 === 0 ? 'mirrored' : 'unmirrored'}: points ${s.points}, placed ${s.placed}, video mirrored ${s.videoMirrored}`);
    expect(got).toEqual([
      'look_straight mirrored: points none, placed centre, video mirrored true',
      'look_straight unmirrored: points none, placed centre, video mirrored false',
      'blink mirrored: points none, placed centre, video mirrored true',
      'blink unmirrored: points none, placed centre, video mirrored false',
      // the person's own left: on the selfie view their face moves to the screen's left
      'turn_left mirrored: points left, placed left, video mirrored true',
      'turn_left unmirrored: points right, placed right, video mirrored false',
      'turn_right mirrored: points right, placed right, video mirrored true',
      'turn_right unmirrored: points left, placed left, video mirrored false',
    ]);
    await page.close();
  });

  it('no face in front of the camera: the arrows on the live preview, then "we could not find your face" (EN)', { timeout: 300_000 }, async () => {
    const { challenges, answer, cues, shown, session } = await failedAttempt(noFaceCamera, 'en');
    expectCuesMatch(cues, challenges);
    const liveness = answer.results.find((r) => r.check === 'liveness')!;
    expect(liveness).toMatchObject({ result: 'FAIL', final: false });
    expect(liveness.reasons.map((r) => r.code)).toContain('NO_FACE');
    expect(session.checks.liveness.reasons).toContain('NO_FACE');
    const keys = retryMessageKeys(liveness.reasons);
    expect(keys).toContain('reason.NO_FACE');
    const t = translator('en');
    expect(shown).toEqual(keys.map((key) => ({ key, text: t(key) })));
    expect(shown[0]!.text).toBe('We could not find your face. Face the camera in good light, with nothing covering your face.');
  });

  it('a face that never turns: the missed turn, worded in the person\'s own terms (pt-BR)', { timeout: 300_000 }, async () => {
    const { challenges, answer, cues, shown } = await failedAttempt(stillFaceCamera, 'pt-BR');
    expectCuesMatch(cues, challenges);
    const turn = challenges.find((c) => c === 'turn_left' || c === 'turn_right')!;
    const liveness = answer.results.find((r) => r.check === 'liveness')!;
    expect(liveness).toMatchObject({ result: 'FAIL', final: false });
    const missed = liveness.reasons.find((r) => r.code === 'CHALLENGE_NOT_PERFORMED');
    expect(missed, JSON.stringify(liveness.reasons)).toBeDefined();
    expect(missed!.challenges).toContainEqual({ type: turn, cause: 'no_turn' });
    const keys = retryMessageKeys(liveness.reasons);
    expect(keys).toContain(challengeCauseKey(turn, 'no_turn'));
    const t = translator('pt-BR');
    expect(shown).toEqual(keys.map((key) => ({ key, text: t(key) })));
    expect(shown.map((s) => s.text).join(' ')).toContain(`Não vimos você virar a cabeça o suficiente para a sua ${turn === 'turn_left' ? 'esquerda' : 'direita'}`);
  });
});
