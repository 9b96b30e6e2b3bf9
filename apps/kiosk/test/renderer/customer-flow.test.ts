/**
 * The kiosk renderer in Debian's Chromium: the operator signs in and starts a walk-in on one screen, the customer
 * follows the liveness challenges and takes a selfie on a fake camera fed from a fixture clip, and scans a passport
 * through the watched-folder scanner; the operator's screen ends with the result and its reasons. The Electron IPC
 * is replaced by an HTTP/SSE shim to the real main-process modules (handlers, checks in the supervised worker process,
 * scanners, queue) running in this test process.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Kiosk, createKiosk } from '../../src/main/app/create-kiosk.js';
import { resolveKioskConfig } from '../../src/main/config/kiosk-config.js';
import { hashPin } from '../../src/main/operator/pin-hash.js';
import { RESULT_LABEL } from '../../src/renderer/i18n/messages.js';
import { clipToY4m } from '../support/fake-camera.js';
import { FIXTURES } from '../support/fixtures.js';
import { shimBridgeInit, startIpcShim } from '../support/ipc-shim.js';

const FIX = FIXTURES;
const APP = fileURLToPath(new URL('../../', import.meta.url));
const PIN = '482913';

const videos = JSON.parse(readFileSync(join(FIX, 'videos/labels.json'), 'utf8')) as { items: { file: string; label: string; category: string }[] };
const clip = videos.items.find((i) => i.label === 'live' && i.category === 'frontal')!;
const docs = JSON.parse(readFileSync(join(FIX, 'documents/labels.json'), 'utf8')) as { items: { file: string; documentType: string | null; hasMrz: boolean }[] };
const passport = docs.items.find((i) => i.documentType === 'PASSPORT' && i.hasMrz)!;

let kiosk: Kiosk;
let shim: Awaited<ReturnType<typeof startIpcShim>>;
let browser: Browser;
let operator: Page;
let customer: Page;
let scanDir: string;

async function openScreen(role: 'operator' | 'customer'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.addInitScript(shimBridgeInit, role);
  page.on('pageerror', (e) => console.error(`[${role} page]`, e.message));
  await page.goto(`${shim.url}/#${role}`);
  return page;
}

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
  await build({ configFile: join(APP, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const y4m = clipToY4m(join(FIX, 'videos', clip.file), { seconds: 6, fps: 15, width: 640 });
  scanDir = mkdtempSync(join(tmpdir(), 'kiosk-scan-folder-'));
  const config = resolveKioskConfig(
    {
      kioskId: 'branch-test',
      dataDir: mkdtempSync(join(tmpdir(), 'kiosk-renderer-data-')),
      operatorPinHash: await hashPin(PIN, { logN: 12, r: 8, p: 1 }),
      checkRunner: 'worker',
      attemptsPerCheck: 1,
      idleTimeoutMs: 180_000,
      capture: { fps: 6, lookStraightMs: 600, blinkMs: 900, turnMs: 900 },
      scanTimeoutMs: 60_000,
      scanners: [
        { type: 'folder', id: 'mfp', label: 'Branch scanner', path: scanDir, stableMs: 400 },
        { type: 'camera', id: 'camera' },
      ],
    },
    { env: {} },
  );
  kiosk = await createKiosk(config, { startSync: false });
  shim = await startIpcShim(kiosk, outDir);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`,
    ],
  });
  operator = await openScreen('operator');
  customer = await openScreen('customer');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shim?.close();
  await kiosk?.close();
});

describe('kiosk renderer in Chromium', () => {
  it('operator PIN: a wrong PIN is refused with the tries left, the right one signs in', async () => {
    await operator.getByTestId('pin-input').fill('000000');
    await operator.getByTestId('pin-input').press('Enter');
    await expect.poll(() => operator.getByTestId('pin-error').textContent(), { timeout: 15_000 }).toMatch(/Wrong PIN \(4 tries left\)/);
    await operator.getByTestId('pin-input').fill(PIN);
    await operator.getByTestId('pin-input').press('Enter');
    await operator.getByTestId('walk-in').waitFor({ timeout: 15_000 });
    expect(kiosk.auth.isSignedIn()).toBe(true);
  });

  it('a walk-in customer completes liveness, selfie and a scanned document; the operator sees the result', async () => {
    await operator.getByTestId('reference').fill('walk-in-0001');
    await operator.getByTestId('start-walk-in').click();
    await operator.getByTestId('result-panel').waitFor();
    // The customer screen invites the customer; the camera health reaches the operator.
    await customer.getByTestId('customer-start').click();
    await customer.getByTestId('liveness-step').waitFor({ timeout: 15_000 });
    if (process.env.KIOSK_SCREENSHOTS) {
      await new Promise((r) => setTimeout(r, 1500));
      await customer.screenshot({ path: join(process.env.KIOSK_SCREENSHOTS, 'customer-liveness.png') });
    }
    await expect.poll(() => operator.getByTestId('camera-state').textContent(), { timeout: 20_000 }).toMatch(/^(ok|degraded)$/);
    expect(kiosk.camera.health).toMatchObject({ width: 640 });
    expect(kiosk.camera.devices.length).toBeGreaterThan(0);

    // Guided challenges are shown one by one while frames are captured.
    const seen = new Set<string>();
    const watch = setInterval(async () => {
      const c = await customer
        .getByTestId('liveness-instruction')
        .getAttribute('data-challenge', { timeout: 200 })
        .catch(() => null);
      if (c) seen.add(c);
    }, 150);
    await customer.getByTestId('selfie-step').waitFor({ timeout: 90_000 });
    clearInterval(watch);
    expect([...seen]).toEqual(expect.arrayContaining(['look_straight', 'blink']));
    const liveness = kiosk.state.current!.session.checks.liveness!;
    expect(liveness.attempts).toBe(1);
    expect(kiosk.state.current!.captures.livenessFrames.length).toBeGreaterThan(5);

    // Document: the customer picks the scanner; the scan lands in the watched folder, written in two parts.
    await customer.getByTestId('document-step-front').waitFor({ timeout: 90_000 });
    await customer.getByTestId('scanner-mfp').click();
    await expect.poll(() => customer.getByTestId('document-status').textContent(), { timeout: 10_000 }).toMatch(/Waiting for the scan/);
    const bytes = readFileSync(join(FIX, 'documents', passport.file));
    const fh = await open(join(scanDir, 'scan-0001.jpg'), 'w');
    await fh.write(bytes.subarray(0, bytes.length >> 1));
    await new Promise((r) => setTimeout(r, 600));
    await fh.write(bytes.subarray(bytes.length >> 1));
    await fh.close();
    const back = customer.getByTestId('document-step-back');
    const done = customer.getByTestId('customer-done');
    await Promise.race([back.waitFor({ timeout: 120_000 }), done.waitFor({ timeout: 120_000 })]);
    if (await back.isVisible()) await customer.getByTestId('skip-back').click();
    await done.waitFor({ timeout: 120_000 });

    // The operator's screen: the overall result, every check with its result and, unless PASS, its reasons.
    const v = kiosk.state.current!;
    if (process.env.KIOSK_SCREENSHOTS) {
      await operator.screenshot({ path: join(process.env.KIOSK_SCREENSHOTS, 'operator-result.png'), fullPage: true });
      await customer.screenshot({ path: join(process.env.KIOSK_SCREENSHOTS, 'customer-done.png') });
      console.log(JSON.stringify({ results: kiosk.view('operator').verification?.results, camera: kiosk.camera.health }));
    }
    expect(v.session.status).toBe('COMPLETED');
    const overall = operator.getByTestId('overall-result');
    await expect.poll(() => overall.textContent(), { timeout: 15_000 }).toBe(RESULT_LABEL[v.session.overallResult!]);
    for (const name of v.session.requestedChecks) {
      const c = v.session.checks[name]!;
      expect(await operator.getByTestId(`check-${name}-result`).textContent()).toBe(RESULT_LABEL[c.result!]);
      if (c.result !== 'PASS') {
        expect(c.reasons.length).toBeGreaterThan(0);
        const shown = await operator.getByTestId(`check-${name}-reasons`).textContent();
        for (const r of c.reasons) expect(shown).toContain(r.code);
      }
    }
    // The scanned passport was read (its type and fields are on the operator's screen only).
    expect(v.session.checks.doc_verify!.reported!.documentType).toBe('PASSPORT');
    expect(await operator.getByTestId('document-fields').textContent()).toContain('PASSPORT');
    expect(await customer.locator('body').textContent()).not.toContain('PASSPORT');
    // The scan was taken from the folder and deleted; the result waits in the offline queue (no server configured).
    expect(readdirSync(scanDir)).toEqual([]);
    expect(kiosk.queue.counts()).toMatchObject({ pending: 1 });
    expect(await operator.getByTestId('delivery').textContent()).toMatch(/Queued for the server/);
    // Every IPC call of the screens went through the real handlers; none was refused for the wrong screen.
    expect(shim.calls.filter((c) => c.code === 'PROVEFY_ERR_OPERATOR_AUTH' && c.channel !== 'operator:login')).toEqual([]);
    expect(shim.calls.some((c) => c.channel === 'customer:submitLiveness' && c.role === 'customer' && c.ok)).toBe(true);
  }, 300_000);

  it('"next customer" wipes the customer\'s data from memory and both screens', async () => {
    const frames = kiosk.state.current!.captures.livenessFrames.slice();
    const selfie = kiosk.state.current!.captures.selfie!;
    await operator.getByTestId('finish').click();
    await customer.getByTestId('customer-welcome').waitFor({ timeout: 10_000 });
    await operator.getByTestId('walk-in').waitFor({ timeout: 10_000 });
    expect(kiosk.state.current).toBeNull();
    expect(kiosk.state.lastWipeReason).toBe('finished');
    expect(frames.every((f) => f.every((b) => b === 0))).toBe(true);
    expect(selfie.every((b) => b === 0)).toBe(true);
    expect(await operator.locator('body').textContent()).not.toContain('walk-in-0001');
  });
});
