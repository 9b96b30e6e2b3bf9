import { ProvefyError, isProvefyError } from '@provefy/core';
import { CUSTOMER_CHANNELS, type IpcChannel, type IpcEnvelope, OPERATOR_CHANNELS, type StepAnswer, isIpcChannel } from '../../shared/ipc-contract.js';
import type { ScreenRole } from '../../shared/kiosk-view.js';
import type { Kiosk } from '../app/create-kiosk.js';
import type { StepOutcome } from '../verification/verification-service.js';
import { PAYLOAD_LIMITS, cameraReport, imageBytes, livenessPayload, objectPayload, side, text } from './ipc-payloads.js';

/** Who is calling: the screen the request came from (the shell knows which window sent it). */
export interface IpcCaller {
  role: ScreenRole;
}

type Handler = (kiosk: Kiosk, payload: Record<string, unknown>, caller: IpcCaller) => Promise<unknown> | unknown;

/** Channels that are not activity (automatic reports): they do not restart the idle timer. */
const PASSIVE = new Set<IpcChannel>(['camera:report', 'kiosk:view', 'scanners:list']);

function step(kiosk: Kiosk, caller: IpcCaller, outcome: StepOutcome): StepAnswer {
  return { view: kiosk.view(caller.role), next: outcome.next, retry: outcome.retry };
}

function operator(kiosk: Kiosk): void {
  kiosk.auth.requireSignedIn();
  kiosk.auth.touch();
}

/** Every channel's handler: plain functions of the kiosk context, the validated payload and the caller. */
export const IPC_HANDLERS: { [C in IpcChannel]: Handler } = {
  'kiosk:view': (k, _p, c) => k.view(c.role),
  'kiosk:activity': () => ({ ok: true }),
  'operator:login': async (k, p, c) => {
    await k.auth.login(text(p.pin, 'pin', PAYLOAD_LIMITS.pinLength));
    k.touchView();
    return k.view(c.role);
  },
  'operator:logout': (k, _p, c) => {
    k.auth.logout();
    k.touchView();
    return k.view(c.role);
  },
  'operator:changePin': async (k, p, c) => {
    await k.auth.changePin(text(p.currentPin, 'currentPin', PAYLOAD_LIMITS.pinLength), text(p.newPin, 'newPin', PAYLOAD_LIMITS.pinLength));
    return k.view(c.role);
  },
  'operator:startWalkIn': async (k, p, c) => {
    operator(k);
    await k.verification.startWalkIn({ checks: p.checks, externalRef: p.externalRef });
    return k.view(c.role);
  },
  'operator:openSession': async (k, p, c) => {
    operator(k);
    await k.verification.openSession(text(p.code, 'code', PAYLOAD_LIMITS.codeLength));
    return k.view(c.role);
  },
  'operator:cancel': (k, _p, c) => {
    operator(k);
    k.verification.cancel();
    return k.view(c.role);
  },
  'operator:finish': (k, _p, c) => {
    operator(k);
    k.verification.finish();
    return k.view(c.role);
  },
  'operator:selectCamera': (k, p, c) => {
    operator(k);
    const id = text(p.deviceId, 'deviceId', 256);
    if (k.camera.devices.length > 0 && !k.camera.devices.some((d) => d.deviceId === id)) {
      throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'No such camera', { field: 'deviceId' });
    }
    k.camera.selectedDeviceId = id;
    k.touchView();
    return k.view(c.role);
  },
  'operator:syncNow': async (k, _p, c) => {
    operator(k);
    await k.sync.syncNow({ force: true });
    return k.view(c.role);
  },
  'customer:begin': (k, _p, c) => {
    k.verification.begin();
    return k.view(c.role);
  },
  'customer:previewFrame': async (k, p) => {
    if (!k.state.current) throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', 'No verification is in progress');
    return k.checks.previewFace(imageBytes(p.frame, 'frame'));
  },
  'customer:submitLiveness': async (k, p, c) => step(k, c, await k.verification.submitLiveness(livenessPayload(p))),
  'customer:submitSelfie': async (k, p, c) => step(k, c, await k.verification.submitSelfie(imageBytes(p.image, 'image'))),
  'customer:cameraDocument': async (k, p, c) => step(k, c, await k.verification.cameraDocument(side(p.side), imageBytes(p.image, 'image'))),
  'customer:scanDocument': async (k, p, c) => step(k, c, await k.verification.scanDocument(side(p.side), text(p.scannerId, 'scannerId', 64))),
  'customer:skipBack': async (k, _p, c) => step(k, c, await k.verification.skipBack()),
  'camera:report': (k, p) => {
    const r = cameraReport(p);
    k.camera.devices = r.devices;
    k.camera.health = r.health;
    if (k.camera.selectedDeviceId === null && r.health.deviceId) k.camera.selectedDeviceId = r.health.deviceId;
    const cam = k.scanners.camera();
    if (cam) cam.cameraOk = r.health.state !== 'failed';
    k.touchView();
    return { ok: true };
  },
  'scanners:list': (k) => k.scanners.refresh(),
};

/**
 * Serialisable error of anything a handler threw: a ProvefyError keeps its code, message and details; anything else
 * becomes `PROVEFY_ERR_INTERNAL` without internals.
 *
 * @example
 * ```ts
 * toIpcError(new ProvefyError('PROVEFY_ERR_OPERATOR_LOCKED')); // { code: 'PROVEFY_ERR_OPERATOR_LOCKED', message: '…', details: {} }
 * ```
 */
export function toIpcError(e: unknown): { code: string; message: string; details?: Record<string, unknown> } {
  if (isProvefyError(e)) return { code: e.code, message: e.message, details: { ...e.details } };
  return { code: 'PROVEFY_ERR_INTERNAL', message: 'Internal error' };
}

/**
 * Handles one IPC request: checks the channel and that the calling screen may use it (operator channels from the
 * operator's screen, customer channels from the customer's; both from a combined screen), counts it as activity
 * for the idle timeout, validates the payload and runs the handler. Never throws: the answer is an envelope.
 *
 * @example
 * ```ts
 * ipcMain.handle('provefy-kiosk:operator:login', (event, payload) => handleIpc(kiosk, 'operator:login', payload, { role: 'operator' }));
 * ```
 */
export async function handleIpc(kiosk: Kiosk, channel: unknown, payload: unknown, caller: IpcCaller): Promise<IpcEnvelope<unknown>> {
  try {
    if (!isIpcChannel(channel)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'Unknown channel');
    if (OPERATOR_CHANNELS.has(channel) && caller.role === 'customer') throw new ProvefyError('PROVEFY_ERR_OPERATOR_AUTH', 'Not available on the customer screen');
    if (CUSTOMER_CHANNELS.has(channel) && caller.role === 'operator') throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'Not available on the operator screen');
    if (!PASSIVE.has(channel)) kiosk.idle.touch();
    const value = await IPC_HANDLERS[channel](kiosk, objectPayload(payload), caller);
    return { ok: true, value };
  } catch (e) {
    if (!isProvefyError(e)) console.error(`[kiosk] ${String(channel).slice(0, 40)} failed`, e);
    return { ok: false, error: toIpcError(e) };
  }
}
