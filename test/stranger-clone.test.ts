/**
 * Provefy as a stranger gets it: the repository's HEAD cloned into an empty folder with no `../shared` beside it, an
 * empty model cache and no PROVEFY_* variables; the README's first command (`npm ci && npm start`) must give a server
 * whose /readyz reports every check ready, and a full verification (liveness, age, document, face match) must
 * complete through the hosted page in Chromium with a fake camera. The camera clip and the document come from this
 * checkout's fixtures; the clone never sees them.
 *
 * It runs `npm ci` (minutes), so it runs under CI=true or with PROVEFY_STRANGER_TEST=1, and skips loudly otherwise.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminClient, createSession, getSession } from '../apps/reference-server/test/support/admin-client.js';
import { clipToY4m, launchChromium } from '../apps/reference-server/test/support/browser.js';
import { driveFlow } from '../apps/reference-server/test/support/drive-flow.js';
import { type WebhookReceiver, contractVerify, startWebhookReceiver } from '../apps/reference-server/test/support/webhook-receiver.js';
import { FIXTURES, REPO_ROOT } from './helpers/paths.js';
import { IN_CI, requirement } from './helpers/requirement.js';

const CLIP = join(FIXTURES, 'videos/clips/blink_lp-d13_selfie-glasses.mp4');
const PASSPORT = join(FIXTURES, 'documents/images/fastmrz/passport_uk.jpg');
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

const wanted = IN_CI || process.env.PROVEFY_STRANGER_TEST === '1';
const stranger = requirement({
  name: 'CI=true or PROVEFY_STRANGER_TEST=1 (this test runs npm ci in a fresh clone: minutes)',
  problem: wanted ? null : 'not asked for',
  fix: 'PROVEFY_STRANGER_TEST=1 npx vitest run test/stranger-clone.test.ts',
});

/** The README's quick start: the shell block right after "## Quick start", as commands (comments dropped). */
function quickStart(): string[] {
  const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** The environment of someone who never worked on Provefy: no PROVEFY_* variables, an empty cache. */
function strangerEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('PROVEFY_') || k.startsWith('VITEST') || k === 'NODE_ENV' || k === 'TEST' || k.startsWith('npm_')) continue;
    env[k] = v;
  }
  env.XDG_CACHE_HOME = join(home, 'cache');
  return env;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

let home: string;
let clone: string;
let server: ChildProcess | undefined;
let out = '';
let err = '';
let base = '';
let browser: Browser | undefined;
let receiver: WebhookReceiver | undefined;

stranger.describe('a stranger clones the repository and runs the README', () => {
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'provefy-stranger-'));
    clone = join(home, 'provefy');
    mkdirSync(join(home, 'cache'));
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('the README quick start is clone, `npm ci && npm start`; the test command is `npm test`', () => {
    const cmds = quickStart();
    expect(cmds.some((c) => c.startsWith('git clone'))).toBe(true);
    expect(cmds.at(-1)).toBe('npm ci && npm start');
    expect(README).toMatch(/```sh\nnpm test\n```/);
  });

  it('clones HEAD into an empty folder with nothing beside it', () => {
    const head = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', REPO_ROOT, clone]);
    execFileSync('git', ['-C', clone, 'checkout', '--quiet', head]);
    expect(existsSync(join(clone, 'package-lock.json'))).toBe(true);
    expect(existsSync(join(dirname(clone), 'shared'))).toBe(false);
    expect(existsSync(join(clone, 'node_modules'))).toBe(false);
  });

  it('`npm ci` installs from the registry without a warning', { timeout: 1_200_000 }, () => {
    const r = spawnSync('npm', ['ci'], { cwd: clone, env: strangerEnv(home), encoding: 'utf8', timeout: 1_150_000 });
    const log = `${r.stdout}\n${r.stderr}`;
    expect(r.status, log).toBe(0);
    expect(existsSync(join(clone, 'node_modules/.package-lock.json'))).toBe(true);
    // No warning at all: no unknown config, no engine mismatch, no deprecated package. (The kiosk's packager,
    // electron-builder 26, declares Node >= 22.12 and is installed on its own: apps/kiosk/packaging/builder.)
    const warnings = log.split('\n').filter((l) => /^npm warn/i.test(l));
    expect(warnings, log).toEqual([]);
    console.log(`[stranger] npm ci stderr:\n${r.stderr.trim()}\n[stranger] npm ci: ${r.stdout.trim().split('\n').at(-1)}`);
  });

  it('`npm start` serves, and /readyz reports every check ready', { timeout: 600_000 }, async () => {
    const port = await freePort();
    // Its own process group, so that stopping it stops npm and the server below it.
    server = spawn('npm', ['start'], { cwd: clone, env: { ...strangerEnv(home), PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    server.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    server.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 540_000;
    let ready: { status: string; checks: Record<string, { ok: boolean; detail?: string }> } | undefined;
    while (ready?.status !== 'ready') {
      if (server.exitCode !== null) throw new Error(`npm start exited with ${server.exitCode} before it was ready.\nstdout:\n${out}\nstderr:\n${err}`);
      if (Date.now() > deadline) throw new Error(`not ready in time: ${JSON.stringify(ready)}\nstdout:\n${out}\nstderr:\n${err}`);
      try {
        const res = await fetch(`${base}/readyz`);
        ready = (await res.json()) as typeof ready;
      } catch {
        // not listening yet
      }
      if (ready?.status !== 'ready') await new Promise((r) => setTimeout(r, 500));
    }
    expect(Object.keys(ready.checks)).toEqual(expect.arrayContaining(['database', 'models']));
    for (const [name, c] of Object.entries(ready.checks)) expect(c.ok, `${name}: ${c.detail}`).toBe(true);
    console.log(`[stranger] ready: ${JSON.stringify(ready.checks)}`);
  });

  it('a full verification completes through the hosted page in Chromium with a fake camera', { timeout: 600_000 }, async () => {
    const token = /\/admin\/setup#([A-Za-z0-9_-]+)/.exec(err)?.[1];
    expect(token, `no setup link in:\n${err}`).toBeTruthy();
    const admin = await AdminClient.setup(base, token!, 'stranger admin password');
    receiver = await startWebhookReceiver();
    // Chromium's fake camera is a virtual camera: this key lets it pass liveness (off by default).
    const key = await admin.createKey({ name: 'Stranger shop', allowVirtualCameras: true, webhookUrl: receiver.url, allowPrivateCallbacks: true, allowedRedirectOrigins: [receiver.origin] });
    browser = await launchChromium({ fakeCamera: clipToY4m(CLIP, 6) });
    const s = await createSession(base, key.key, { externalRef: 'stranger-1', checks: ['liveness', 'age_estimation', 'doc_verify', 'face_match'], redirectUrl: `${receiver.origin}/done` });
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' })).newPage();
    await page.goto(s.verificationUrl);
    const steps = await driveFlow(page, { documentFront: PASSPORT, page });
    expect(steps).toContain('step-liveness');
    expect(steps.at(-1)).toBe('step-result');

    const hook = await receiver.waitFor((w) => w.body?.sessionId === s.sessionId && w.body?.event === 'verification.completed');
    expect(contractVerify(hook.rawBody, String(hook.headers['x-kyc-signature']), key.webhookSecret)).toBe(true);
    const got = await getSession(base, key.key, s.sessionId);
    expect(got.status).toBe('COMPLETED');
    expect(Object.keys(got.checks)).toEqual(['liveness', 'ageEstimation', 'documentVerification', 'faceMatch']);
    for (const c of Object.values(got.checks) as { status: string; result: string }[]) {
      expect(c.status).toBe('COMPLETED');
      expect(['PASS', 'FAIL', 'REVIEW']).toContain(c.result);
    }
    expect(hook.body.overallResult).toBe(got.overallResult);
    console.log(`[stranger] flow: ${steps.join(' > ')} -> ${got.overallResult} ${JSON.stringify(got.checks)}`);
  });
});
