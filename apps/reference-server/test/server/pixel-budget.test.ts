/**
 * Memory and queue abuse with one session token (issue #17): tiny PNGs that declare huge images, sent as liveness
 * frames to the real server process. The server refuses what is over the request's pixel budget before decoding, decodes
 * what is under it at the size the checks use, and keeps answering other sessions' selfies while it works. The peak
 * RSS of the server process is read from the kernel (`VmHWM` in /proc/PID/status), so the bound is on the real
 * process, not an estimate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../test/helpers/paths.js';
import { AdminClient, createSession } from '../support/admin-client.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const PASSWORD = 'pixel budget password 1';
const SELFIE = readFileSync(join(FIXTURES, 'kyc/faces/images/foam__photo_1.jpg'));

let server: ServerProcess;
let key: string;

/** Peak and current resident memory of a process, in MB, from the kernel. */
function memoryOf(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

function framesForm(frames: Buffer[]): FormData {
  const form = new FormData();
  frames.forEach((f, i) => form.append('frames', new Blob([new Uint8Array(f)], { type: 'image/png' }), `f${i}.png`));
  form.append('timestamps', JSON.stringify(frames.map((_, i) => i * 100)));
  return form;
}

async function token(checks: string[]): Promise<string> {
  const s = await createSession(server.url, key, { checks });
  return s.verificationUrl.split('/verify/')[1]!;
}

async function postSelfie(t: string): Promise<{ status: number; ms: number }> {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(SELFIE)], { type: 'image/jpeg' }), 'selfie.jpg');
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/v1/flow/${t}/selfie`, { method: 'POST', body: form });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}

beforeAll(async () => {
  server = await startServerProcess({ env: { PROVEFY_ADMIN_PASSWORD: PASSWORD } });
  const admin = await AdminClient.login(server.url, PASSWORD);
  key = (await admin.createKey({ name: 'Budget', enabledChecks: ['liveness', 'age_estimation'], rateLimitPerMinute: 10_000 })).key;
  // Warm up: the models load on first use; measure growth from a server that has done real work.
  expect((await postSelfie(await token(['age_estimation']))).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe('pixel and memory budget per request', () => {
  it("the issue's attack: 30 solid 6000x6000 PNGs (117 KB each) are refused before decoding, 413 with the contract's error shape", async () => {
    const png = await sharp({ create: { width: 6000, height: 6000, channels: 3, background: { r: 40, g: 90, b: 160 } } }).png({ compressionLevel: 9 }).toBuffer();
    expect(png.length).toBeLessThan(200_000);
    const before = memoryOf(server.child.pid!);
    const res = await fetch(`${server.url}/api/v1/flow/${await token(['liveness'])}/liveness`, { method: 'POST', body: framesForm(Array.from({ length: 30 }, () => png)) });
    const body = (await res.json()) as { error: string; code: string };
    expect(res.status).toBe(413);
    expect(body.code).toBe('PROVEFY_ERR_PAYLOAD_TOO_LARGE');
    expect(body.error).toMatch(/pixels/);
    expect(memoryOf(server.child.pid!).peakMb - before.peakMb).toBeLessThan(100);
  });

  it('30 large frames just under the budget are decoded at the size the checks use: peak RSS grows < 300 MB, other selfies are answered meanwhile', async () => {
    // 30 x 1630x1630 = 79.7 MP (under the default 80 MP) in a few KB each; as full-size RGB they would be 239 MB, as
    // 960 px frames 83 MB.
    const frames = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        sharp({ create: { width: 1630, height: 1630, channels: 3, background: { r: 100 + i, g: 120, b: 140 } } })
          .png({ compressionLevel: 9 })
          .toBuffer(),
      ),
    );
    const others = await Promise.all([0, 1, 2].map(() => token(['age_estimation'])));
    const before = memoryOf(server.child.pid!);
    // Key-attested (as a kiosk delivers): no attempt window, so all 30 frames reach the checks.
    const attack = fetch(`${server.url}/api/v1/flow/${await token(['liveness'])}/liveness`, { method: 'POST', body: framesForm(frames), headers: { authorization: `Bearer ${key}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
    // Other people's selfies arrive while the frames are being analysed.
    await new Promise((r) => setTimeout(r, 300));
    const selfies: { status: number; ms: number }[] = [];
    for (const t of others) selfies.push(await postSelfie(t));
    const done = await attack;
    const after = memoryOf(server.child.pid!);
    console.log(`[pixel budget] 30 x 1630x1630 frames: ${done.status}; selfies meanwhile ${selfies.map((s) => `${s.status} in ${Math.round(s.ms)} ms`).join(', ')}; peak RSS ${before.peakMb.toFixed(0)} -> ${after.peakMb.toFixed(0)} MB`);
    expect(done.status).toBe(200);
    // A blank frame has no face: a typed FAIL, never a PASS.
    expect(done.body.results[0]).toMatchObject({ check: 'liveness', result: 'FAIL' });
    expect(selfies.every((s) => s.status === 200)).toBe(true);
    expect(after.peakMb - before.peakMb).toBeLessThan(300);
  });
});
