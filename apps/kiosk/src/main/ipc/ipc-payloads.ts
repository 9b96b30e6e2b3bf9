import { ProvefyError } from '@provefy/core';
import type { LivenessCameraSource } from '../../shared/ipc-contract.js';
import type { CameraDeviceView, CameraHealthView } from '../../shared/kiosk-view.js';

/** Limits on what a renderer may send. */
export const PAYLOAD_LIMITS = {
  imageBytes: 12 * 1024 * 1024,
  frames: 120,
  pinLength: 12,
  codeLength: 2048,
  text: 255,
} as const;

function invalid(message: string, field: string): never {
  throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', message, { field });
}

/**
 * The payload as a plain object (anything else is refused).
 *
 * @example
 * ```ts
 * objectPayload({ pin: '1234' }); // { pin: '1234' }
 * ```
 */
export function objectPayload(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) invalid('The request must be an object', 'request');
  return v as Record<string, unknown>;
}

/**
 * An encoded image from the renderer: a non-empty Uint8Array within the size limit.
 *
 * @example
 * ```ts
 * imageBytes(payload.image, 'image');
 * ```
 */
export function imageBytes(v: unknown, field: string): Uint8Array {
  if (!(v instanceof Uint8Array)) invalid(`'${field}' must be image bytes`, field);
  if (v.length === 0) invalid(`'${field}' is empty`, field);
  if (v.length > PAYLOAD_LIMITS.imageBytes) throw new ProvefyError('PROVEFY_ERR_IMAGE_TOO_LARGE', undefined, { field, bytes: v.length });
  return v;
}

/**
 * A bounded string field.
 *
 * @example
 * ```ts
 * text(payload.pin, 'pin', 12); // '1234'
 * ```
 */
export function text(v: unknown, field: string, max: number = PAYLOAD_LIMITS.text): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) invalid(`'${field}' must be text of 1-${max} characters`, field);
  return v;
}

/**
 * A document side.
 *
 * @example
 * ```ts
 * side('front'); // 'front'
 * ```
 */
export function side(v: unknown): 'front' | 'back' {
  if (v !== 'front' && v !== 'back') invalid("'side' must be 'front' or 'back'", 'side');
  return v;
}

/**
 * The camera report of a liveness capture (optional): label, settings and frame times, checked for shape; unknown
 * members are dropped.
 *
 * @example
 * ```ts
 * livenessSourcePayload({ label: 'HD Webcam', settings: { width: 1280, height: 720, frameRate: 30, deviceIdHash: null } });
 * ```
 */
export function livenessSourcePayload(v: unknown): LivenessCameraSource | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) invalid("'source' must be an object", 'source');
  const o = v as Record<string, unknown>;
  const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  const s = o.settings && typeof o.settings === 'object' && !Array.isArray(o.settings) ? (o.settings as Record<string, unknown>) : null;
  const ft = Array.isArray(o.frameTimes) && o.frameTimes.length <= 1000 && o.frameTimes.every((t) => n(t) !== null) ? (o.frameTimes as number[]) : null;
  return {
    label: typeof o.label === 'string' ? o.label.slice(0, 300) : null,
    settings: s ? { width: n(s.width), height: n(s.height), frameRate: n(s.frameRate), deviceIdHash: typeof s.deviceIdHash === 'string' ? s.deviceIdHash.slice(0, 128) : null } : null,
    frameTimes: ft,
  };
}

/**
 * The liveness upload: frames, one timestamp per frame (non-decreasing ms), whether frames are mirrored, and the camera report.
 *
 * @example
 * ```ts
 * livenessPayload({ frames: [jpeg], timestamps: [0], mirrored: false });
 * ```
 */
export function livenessPayload(p: Record<string, unknown>): { frames: Uint8Array[]; timestamps: number[]; mirrored: boolean; source: LivenessCameraSource | null } {
  if (!Array.isArray(p.frames) || p.frames.length === 0 || p.frames.length > PAYLOAD_LIMITS.frames) invalid(`'frames' must hold 1-${PAYLOAD_LIMITS.frames} images`, 'frames');
  const frames = p.frames.map((f, i) => imageBytes(f, `frames[${i}]`));
  const ts = p.timestamps;
  if (!Array.isArray(ts) || ts.length !== frames.length || !ts.every((t, i) => typeof t === 'number' && Number.isFinite(t) && t >= 0 && (i === 0 || t >= (ts[i - 1] as number)))) {
    invalid("'timestamps' must be one non-decreasing number (ms) per frame", 'timestamps');
  }
  if (typeof p.mirrored !== 'boolean') invalid("'mirrored' must be true or false", 'mirrored');
  return { frames, timestamps: ts as number[], mirrored: p.mirrored, source: livenessSourcePayload(p.source) };
}

const HEALTH_STATES = new Set(['ok', 'degraded', 'failed', 'unknown']);

function finiteOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function shortText(v: unknown, max = 200): string | null {
  return typeof v === 'string' ? v.slice(0, max) : null;
}

/**
 * A camera report from the renderer (devices and health), normalised and bounded.
 *
 * @example
 * ```ts
 * cameraReport({ devices: [], health: { state: 'ok', problems: [] } });
 * ```
 */
export function cameraReport(p: Record<string, unknown>): { devices: CameraDeviceView[]; health: CameraHealthView } {
  const devices = (Array.isArray(p.devices) ? p.devices : []).slice(0, 16).flatMap((d) => {
    const o = objectPayload(d);
    const deviceId = shortText(o.deviceId, 256);
    return deviceId ? [{ deviceId, label: shortText(o.label) ?? 'Camera' }] : [];
  });
  const h = objectPayload(p.health);
  const state = typeof h.state === 'string' && HEALTH_STATES.has(h.state) ? (h.state as CameraHealthView['state']) : 'unknown';
  return {
    devices,
    health: {
      deviceId: shortText(h.deviceId, 256),
      label: shortText(h.label),
      state,
      width: finiteOrNull(h.width),
      height: finiteOrNull(h.height),
      fps: finiteOrNull(h.fps),
      brightness: finiteOrNull(h.brightness),
      sharpness: finiteOrNull(h.sharpness),
      problems: (Array.isArray(h.problems) ? h.problems : []).slice(0, 8).flatMap((x) => (typeof x === 'string' ? [x.slice(0, 80)] : [])),
      reportedAt: Date.now(),
    },
  };
}
