/**
 * The kiosk's customer screen in Debian's Chromium when a liveness attempt fails: the camera shows a page with no
 * face, the customer follows the challenges (each turn's arrow read from the layout on the mirrored preview), the
 * real checks (supervised worker process) answer NO_FACE, and the customer screen tells them, in the system's
 * language (pt-BR here) and then in the one they pick, what went wrong and what to do before the retry. The Electron
 * IPC is the HTTP/SSE shim of the other renderer tests, to the real main-process modules.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missedChallenges } from '@provefy/core';
import { challengeCue, retryMessageKeys } from '@provefy/hosted-page/prompts';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageToY4m, launchChromium } from '../../../../test/helpers/e2e/browser.js';
import { type RenderedCue, readChallengeCues } from '../../../../test/helpers/e2e/challenge-cue.js';
import { type Kiosk, createKiosk } from '../../src/main/app/create-kiosk.js';
import { resolveKioskConfig } from '../../src/main/config/kiosk-config.js';
import { hashPin } from '../../src/main/operator/pin-hash.js';
import { customerTranslator } from '../../src/renderer/i18n/customer-messages.js';
import { FIXTURES } from '../support/fixtures.js';
import { shimBridgeInit, startIpcShim } from '../support/ipc-shim.js';

const APP = fileURLToPath(new URL('../../', import.meta.url));
const PIN = '615243';
/** A page with no face on it (no MRZ either), held in front of the camera. */
const NO_FACE_PAGE = join(FIXTURES, 'documents/images/fastmrz/nomrz.jpg');

let kiosk: Kiosk;
let shim: Awaited<ReturnType<typeof startIpcShim>>;
let browser: Browser;
let operator: Page;
let customer: Page;

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
  await build({ configFile: join(APP, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const config = resolveKioskConfig(
    {
      kioskId: 'branch-retry',
      dataDir: mkdtempSync(join(tmpdir(), 'kiosk-retry-data-')),
      operatorPinHash: await hashPin(PIN, { logN: 12, r: 8, p: 1 }),
      checkRunner: 'worker',
      defaultChecks: ['liveness'],
      attemptsPerCheck: 2,
      idleTimeoutMs: 180_000,
      capture: { fps: 6, lookStraightMs: 900, blinkMs: 900, turnMs: 1200 },
      scanners: [{ type: 'camera', id: 'camera' }],
    },
    { env: {} },
  );
  kiosk = await createKiosk(config, { startSync: false });
  shim = await startIpcShim(kiosk, outDir);
  browser = await launchChromium({ fakeCamera: imageToY4m(NO_FACE_PAGE, 2) });
  const open = async (role: 'operator' | 'customer') => {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'pt-BR' });
    const page = await ctx.newPage();
    await page.addInitScript(shimBridgeInit, role);
    page.on('pageerror', (e) => console.error(`[${role} page]`, e.message));
    await page.goto(`${shim.url}/#${role}`);
    return page;
  };
  operator = await open('operator');
  customer = await open('customer');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shim?.close();
  await kiosk?.close();
});

describe('kiosk customer screen: prompts and a retry in Chromium', () => {
  it('shows each turn arrow on the mirrored preview, then says in Portuguese that no face was found', async () => {
    await operator.getByTestId('pin-input').fill(PIN);
    await operator.getByTestId('pin-input').press('Enter');
    await operator.getByTestId('walk-in').waitFor({ timeout: 15_000 });
    await operator.getByTestId('start-walk-in').click();
    await customer.getByTestId('customer-start').waitFor({ timeout: 15_000 });
    expect(await customer.getByTestId('customer-start').textContent()).toBe('Começar');
    await customer.getByTestId('customer-start').click();
    await customer.getByTestId('liveness-step').waitFor({ timeout: 15_000 });

    // The challenges start by themselves after a few seconds; read each cue as laid out until the frames are sent.
    const cues: RenderedCue[] = [];
    const sent = () => shim.calls.some((c) => c.channel === 'customer:submitLiveness');
    const deadline = Date.now() + 90_000;
    while (!sent() && Date.now() < deadline) {
      cues.push(...(await readChallengeCues(customer).catch(() => [])));
      await customer.waitForTimeout(100);
    }
    expect(sent()).toBe(true);
    const planned = [...new Set(kiosk.state.current!.challenges.map((c) => c.type))];
    expect(planned).toEqual(expect.arrayContaining(['turn_left', 'turn_right']));
    for (const type of planned) {
      const seen = cues.filter((c) => c.challenge === type);
      expect(seen.length, `${type} cue seen`).toBeGreaterThan(0);
      const want = challengeCue(type, { mirrored: true });
      for (const s of seen) {
        expect(s.videoMirrored).toBe(true);
        expect(s.points, type).toBe(want.arrow ?? 'none');
        if (want.arrow) expect(s.placed, type).toBe(want.arrow);
      }
    }
    expect(cues.find((c) => c.challenge === 'turn_left')!.points).toBe('left');
    expect(cues.find((c) => c.challenge === 'turn_right')!.points).toBe('right');

    // The real check failed with attempts left: the customer is told why, in their language, and retries.
    const notice = customer.getByTestId('customer-notice');
    await notice.waitFor({ timeout: 120_000 });
    const liveness = kiosk.state.current!.session.checks.liveness!;
    expect(liveness).toMatchObject({ result: 'FAIL', final: false, attempts: 1 });
    expect(liveness.reasons.map((r) => r.code)).toContain('NO_FACE');
    const keys = retryMessageKeys(liveness.reasons.map((r) => ({ code: r.code, challenges: missedChallenges(r) })));
    expect(keys).toContain('reason.NO_FACE');
    const pt = customerTranslator('pt-BR');
    const lines = () => customer.getByTestId('customer-notice-reason').allTextContents();
    expect(await lines()).toEqual(keys.map((k) => pt(k)));
    expect((await lines())[0]).toBe('Não encontramos o seu rosto. Fique de frente para a câmera, com boa luz e nada cobrindo o rosto.');
    expect(await notice.locator('strong').textContent()).toBe('Vamos tentar de novo');
    await customer.getByTestId('liveness-step').waitFor();

    // The customer switches to English: the same reasons, in English.
    await customer.getByTestId('customer-lang-en').click();
    const en = customerTranslator('en');
    await expect.poll(lines, { timeout: 5_000 }).toEqual(keys.map((k) => en(k)));
    expect(await customer.locator('h2').first().textContent()).toBe(en('liveness.title'));
  }, 300_000);
});
