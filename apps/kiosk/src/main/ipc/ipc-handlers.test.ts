import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskView } from '../../shared/kiosk-view.js';
import { type Kiosk, createKiosk } from '../app/create-kiosk.js';
import { createCoreChecks } from '../checks/core-checks.js';
import { resolveKioskConfig } from '../config/kiosk-config.js';
import { hashPin } from '../operator/pin-hash.js';
import type { TimerApi } from '../state/idle-timeout.js';
import { handleIpc } from './ipc-handlers.js';

let kiosk: Kiosk | null = null;
afterEach(async () => {
  await kiosk?.close();
  kiosk = null;
});

function manualTimers() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const api: TimerApi = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn, id: next });
      return next++;
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t.id !== h);
    },
  };
  return {
    api,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
}

async function makeKiosk(timers?: TimerApi): Promise<Kiosk> {
  const config = resolveKioskConfig(
    {
      kioskId: 'ipc-test',
      dataDir: mkdtempSync(join(tmpdir(), 'kiosk-ipc-')),
      operatorPinHash: await hashPin('1357', { logN: 10, r: 8, p: 1 }),
      idleTimeoutMs: 60_000,
      scanners: [{ type: 'camera', id: 'camera' }],
    },
    { env: {} },
  );
  kiosk = await createKiosk(config, { checks: createCoreChecks(), dbFile: ':memory:', startSync: false, ...(timers ? { timers } : {}) });
  return kiosk;
}

describe('IPC handlers', () => {
  it('refuses unknown channels and channels of the other screen', async () => {
    const k = await makeKiosk();
    expect(await handleIpc(k, 'fs:readFile', {}, { role: 'combined' })).toMatchObject({ ok: false, error: { code: 'PROVEFY_ERR_INVALID_INPUT' } });
    expect(await handleIpc(k, 'operator:login', { pin: '1357' }, { role: 'customer' })).toMatchObject({ ok: false, error: { code: 'PROVEFY_ERR_OPERATOR_AUTH' } });
    expect(await handleIpc(k, 'customer:begin', {}, { role: 'operator' })).toMatchObject({ ok: false, error: { code: 'PROVEFY_ERR_INVALID_INPUT' } });
    expect(k.auth.isSignedIn()).toBe(false);
  });

  it('operator actions need a signed-in operator', async () => {
    const k = await makeKiosk();
    const r = await handleIpc(k, 'operator:startWalkIn', { checks: ['age_estimation'] }, { role: 'operator' });
    expect(r).toMatchObject({ ok: false, error: { code: 'PROVEFY_ERR_OPERATOR_AUTH', details: { reason: 'signed_out' } } });
    expect(k.state.current).toBeNull();
    const wrong = await handleIpc(k, 'operator:login', { pin: '0000' }, { role: 'operator' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PROVEFY_ERR_OPERATOR_AUTH', details: { failuresLeft: 4 } } });
    const ok = await handleIpc(k, 'operator:login', { pin: '1357' }, { role: 'operator' });
    expect(ok).toMatchObject({ ok: true, value: { operator: { loggedIn: true } } });
  });

  it('validates payloads before anything runs', async () => {
    const k = await makeKiosk();
    await handleIpc(k, 'operator:login', { pin: '1357' }, { role: 'operator' });
    expect(await handleIpc(k, 'operator:startWalkIn', { checks: ['liveness', 'mind_reading'] }, { role: 'operator' })).toMatchObject({
      ok: false,
      error: { code: 'PROVEFY_ERR_INVALID_INPUT' },
    });
    expect(await handleIpc(k, 'operator:login', 'not an object', { role: 'operator' })).toMatchObject({ ok: false, error: { code: 'PROVEFY_ERR_INVALID_INPUT' } });
    const started = await handleIpc(k, 'operator:startWalkIn', { checks: ['liveness', 'age_estimation'], externalRef: 'cust-77' }, { role: 'operator' });
    expect(started.ok).toBe(true);
    expect(await handleIpc(k, 'customer:submitSelfie', { image: new Uint8Array([1, 2]) }, { role: 'customer' })).toMatchObject({
      ok: false,
      error: { code: 'PROVEFY_ERR_INVALID_TRANSITION' },
    });
    await handleIpc(k, 'customer:begin', {}, { role: 'customer' });
    expect(await handleIpc(k, 'customer:submitLiveness', { frames: ['x'], timestamps: [0], mirrored: false }, { role: 'customer' })).toMatchObject({
      ok: false,
      error: { code: 'PROVEFY_ERR_INVALID_INPUT', details: { field: 'frames[0]' } },
    });
    expect(
      await handleIpc(k, 'customer:submitLiveness', { frames: [new Uint8Array([1]), new Uint8Array([2])], timestamps: [10, 5], mirrored: false }, { role: 'customer' }),
    ).toMatchObject({ ok: false, error: { code: 'PROVEFY_ERR_INVALID_INPUT', details: { field: 'timestamps' } } });
    // a selfie that is not an image: a notice and a retry, not a crash and not a recorded attempt
    const bad = await handleIpc(k, 'customer:submitSelfie', { image: new Uint8Array([1, 2, 3, 4]) }, { role: 'customer' });
    expect(bad.ok).toBe(true);
    const answer = (bad as { value: { retry: boolean; next: string; view: KioskView } }).value;
    expect(answer).toMatchObject({ next: 'liveness', retry: true });
    expect(answer.view.verification!.notice).toMatchObject({ code: expect.stringMatching(/^PROVEFY_ERR_(INVALID_IMAGE|UNSUPPORTED_IMAGE_FORMAT)$/) });
    expect(k.state.current!.session.checks.age_estimation!.attempts).toBe(0);
  });

  it('the customer screen never sees the reference or document fields', async () => {
    const k = await makeKiosk();
    await handleIpc(k, 'operator:login', { pin: '1357' }, { role: 'operator' });
    await handleIpc(k, 'operator:startWalkIn', { checks: ['doc_verify'], externalRef: 'secret-ref-123' }, { role: 'operator' });
    const op = k.view('operator');
    const cu = k.view('customer');
    expect(op.verification!.externalRef).toBe('secret-ref-123');
    expect(cu.verification!.externalRef).toBeNull();
    expect(JSON.stringify(cu)).not.toContain('secret-ref-123');
    expect(cu.history).toEqual([]);
  });

  it('after the idle timeout the customer data is wiped and the operator signed out', async () => {
    const t = manualTimers();
    const k = await makeKiosk(t.api);
    await handleIpc(k, 'operator:login', { pin: '1357' }, { role: 'operator' });
    await handleIpc(k, 'operator:startWalkIn', { checks: ['age_estimation'], externalRef: 'idle-1' }, { role: 'operator' });
    await handleIpc(k, 'customer:begin', {}, { role: 'customer' });
    const frames = [new Uint8Array([5, 5, 5])];
    k.state.current!.captures.livenessFrames = frames;
    t.advance(59_000);
    await handleIpc(k, 'kiosk:activity', {}, { role: 'customer' });
    t.advance(59_000);
    expect(k.state.current).not.toBeNull();
    // automatic camera reports are not activity
    await handleIpc(k, 'camera:report', { devices: [], health: { state: 'ok' } }, { role: 'customer' });
    t.advance(1_001);
    expect(k.state.current).toBeNull();
    expect(k.state.lastWipeReason).toBe('idle');
    expect(frames[0]!.every((b) => b === 0)).toBe(true);
    expect(k.auth.isSignedIn()).toBe(false);
    expect(k.view('customer')).toMatchObject({ phase: 'idle', verification: null });
  });
});
