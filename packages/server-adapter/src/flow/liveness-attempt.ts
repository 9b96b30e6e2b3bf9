import { randomBytes, randomInt } from 'node:crypto';
import { CAPTURE_TIMING, type CaptureSourceReport } from '@provefy/core';
import type { Context } from '../http/context.js';
import { HttpError } from '../http/http-error.js';
import { constantTimeEqual, resolveApiKey } from '../middleware/auth/auth.js';
import type { LivenessAttempt, Store } from '../storage/types.js';
import { type Challenge, challengesFor } from './challenges.js';
import type { FlowSession } from './flow-auth.js';

/** The challenges an attempt draws from (after `look_straight`, which always comes first). */
const ACTIVE_CHALLENGES: readonly Challenge[] = ['blink', 'turn_left', 'turn_right'];
const ALL_CHALLENGES: readonly Challenge[] = ['look_straight', ...ACTIVE_CHALLENGES];
/** A nonce: 128 random bits, hex. */
const NONCE_PATTERN = /^[0-9a-f]{32}$/;

/**
 * The challenges of a new attempt, from the OS CSPRNG (not from the session id): `look_straight`, then two of
 * blink / turn left / turn right in random order.
 *
 * @example
 * ```ts
 * drawAttemptChallenges(); // e.g. ['look_straight', 'turn_right', 'blink']
 * ```
 */
export function drawAttemptChallenges(): Challenge[] {
  const pool = [...ACTIVE_CHALLENGES];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return ['look_straight', ...pool.slice(0, 2)];
}

/** What `POST /api/v1/flow/:token/start` with `{"check":"liveness"}` hands out. */
export interface LivenessAttemptJson {
  /** 128 random bits (hex): send it with the liveness upload; spent by that upload. */
  nonce: string;
  /** The challenges to prompt, in this order. */
  challenges: Challenge[];
  issuedAt: string;
  expiresAt: string;
}

/**
 * Issues a liveness attempt for a session: a fresh 128-bit nonce (only its hash is stored), a random challenge list,
 * valid {@link CAPTURE_TIMING}`.attemptTtlMs` (10 minutes).
 *
 * @example
 * ```ts
 * const attempt = await issueLivenessAttempt(store, flow); // { nonce: '9f…', challenges: [...], ... }
 * ```
 */
export async function issueLivenessAttempt(store: Store, flow: FlowSession): Promise<LivenessAttemptJson> {
  const nonce = randomBytes(16).toString('hex');
  const challenges = drawAttemptChallenges();
  const expiresAt = new Date(store.now() + CAPTURE_TIMING.attemptTtlMs);
  const a = await store.livenessAttempts.create({ sessionId: flow.record.id, nonce, challenges, expiresAt });
  return { nonce, challenges, issuedAt: a.createdAt.toISOString(), expiresAt: a.expiresAt.toISOString() };
}

/** Under whose authority a liveness upload is judged. */
export type LivenessAuthority =
  | {
      kind: 'attempt';
      attempt: LivenessAttempt;
      challenges: Challenge[];
      /** The capture window in ms from the attempt's start: [0, now - issuedAt]. */
      window: { start: number; end: number };
    }
  | {
      /** Key-attested: the API key that created the session vouches for a capture it made itself (the kiosk). */
      kind: 'key';
      challenges: Challenge[];
    };

function parseJsonField(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid field '${field}': must be JSON`, { field });
  }
}

function parseChallenges(value: unknown): Challenge[] | null {
  if (value === undefined || value === null || value === '') return null;
  const v = parseJsonField(value, 'challenges');
  if (!Array.isArray(v) || v.length === 0 || v.length > 8 || !v.every((c) => (ALL_CHALLENGES as readonly unknown[]).includes(c))) {
    throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid field 'challenges': must be 1 to 8 of ${ALL_CHALLENGES.join(', ')}`, { field: 'challenges' });
  }
  return v as Challenge[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown, max: number): string | null => (typeof v === 'string' ? v.slice(0, max) : null);

/**
 * The `captureSource` field of a liveness upload (JSON: `{ label, settings: { width, height, frameRate,
 * deviceIdHash }, frameTimes }`), or null when absent. Unknown members are dropped; wrong types are a 400.
 *
 * @example
 * ```ts
 * parseCaptureSource('{"label":"FaceTime HD Camera","settings":{"frameRate":30}}'); // { label: 'FaceTime HD Camera', ... }
 * ```
 */
export function parseCaptureSource(value: unknown): CaptureSourceReport | null {
  if (value === undefined || value === null || value === '') return null;
  const v = parseJsonField(value, 'captureSource') as Record<string, unknown> | null;
  const bad = () => new HttpError('PROVEFY_ERR_VALIDATION', "Invalid field 'captureSource': must be { label, settings, frameTimes }", { field: 'captureSource' });
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad();
  const s = v.settings as Record<string, unknown> | null | undefined;
  if (s !== undefined && s !== null && (typeof s !== 'object' || Array.isArray(s))) throw bad();
  const ft = v.frameTimes;
  if (ft !== undefined && ft !== null && (!Array.isArray(ft) || ft.length > 1000 || !ft.every((t) => num(t) !== null))) throw bad();
  return {
    label: str(v.label, 300),
    settings: s ? { width: num(s.width), height: num(s.height), frameRate: num(s.frameRate), deviceIdHash: str(s.deviceIdHash, 128) } : null,
    frameTimes: Array.isArray(ft) ? (ft as number[]) : null,
  };
}

/**
 * Decides under whose authority a liveness upload is judged, before any model runs, and refuses it otherwise
 * (the session is unchanged):
 *
 * - `Authorization: Bearer <key>` present: it must be a valid API key (401 `PROVEFY_ERR_UNAUTHORIZED`) and the one that
 *   created the session (403 `PROVEFY_ERR_NOT_SESSION_KEY`, so a kiosk parks that item instead of stopping its sync); the upload
 *   is key-attested and needs no nonce; its `challenges` field lists the challenges the kiosk prompted.
 * - otherwise a `nonce` of an attempt of this session: 400 `PROVEFY_ERR_NONCE_MISSING` / `PROVEFY_ERR_NONCE_UNKNOWN`,
 *   409 `PROVEFY_ERR_NONCE_REUSED` (already spent) / `PROVEFY_ERR_NONCE_EXPIRED`.
 *
 * @example
 * ```ts
 * const authority = await livenessAuthority(ctx, store, flow, upload.fields);
 * ```
 */
export async function livenessAuthority(ctx: Context, store: Store, flow: FlowSession, fields: Record<string, unknown>): Promise<LivenessAuthority> {
  if (ctx.request.headers.has('authorization')) {
    const key = await resolveApiKey(ctx, store.apiKeys);
    if (!key) {
      ctx.responseHeaders.set('www-authenticate', 'Bearer realm="provefy"');
      throw new HttpError('PROVEFY_ERR_UNAUTHORIZED');
    }
    if (!constantTimeEqual(key.id, flow.record.apiKeyId)) throw new HttpError('PROVEFY_ERR_NOT_SESSION_KEY');
    return { kind: 'key', challenges: parseChallenges(fields.challenges) ?? challengesFor(flow.session.id) };
  }
  const nonce = fields.nonce;
  if (nonce === undefined || nonce === null || nonce === '') throw new HttpError('PROVEFY_ERR_NONCE_MISSING');
  if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) throw new HttpError('PROVEFY_ERR_NONCE_UNKNOWN', undefined, { field: 'nonce' });
  const attempt = await store.livenessAttempts.findByNonce(flow.record.id, nonce);
  if (!attempt) throw new HttpError('PROVEFY_ERR_NONCE_UNKNOWN', undefined, { field: 'nonce' });
  if (attempt.spentAt !== null) throw new HttpError('PROVEFY_ERR_NONCE_REUSED');
  const now = store.now();
  if (attempt.expiresAt.getTime() <= now) throw new HttpError('PROVEFY_ERR_NONCE_EXPIRED');
  return { kind: 'attempt', attempt, challenges: attempt.challenges as Challenge[], window: { start: 0, end: now - attempt.createdAt.getTime() } };
}
