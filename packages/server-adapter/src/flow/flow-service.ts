import {
  type CaptureContext,
  type CaptureHeld,
  type CaptureImages,
  type CaptureOutcome,
  type CheckName,
  type CheckOutcome,
  type CheckState,
  type Session,
  assessCaptureSource,
  captureDocument,
  checkFrameSequence,
  captureLiveness,
  captureSelfie,
  completeCaptures,
  finishSession,
  isOpenCheck,
  isTerminalStatus,
  missedChallenges,
  nextCaptures,
  recordCheckResult,
  refreshSession,
  toCompletionMessage,
  toRedirectUrl,
} from '@provefy/core';
import { transitionSession } from '../api/verify/session-service.js';
import { isAllowedOrigin } from '../api/verify/url-policy.js';
import { HttpError } from '../http/http-error.js';
import type { ApiKey, Store } from '../storage/types.js';
import { challengesFor } from './challenges.js';
import type { CheckFunctions } from './check-functions.js';
import type { FlowSession } from './flow-auth.js';
import { type LivenessAuthority, parseCaptureSource } from './liveness-attempt.js';
import type { CheckSummary, FlowRetake, FlowStateJson } from './flow-types.js';
import type { UploadedImage } from './upload-parser.js';
import type { WorkQueue } from './work-queue.js';

export type { CheckSummary, FlowRetake, FlowStateJson, FlowStep } from './flow-types.js';

/** What the flow needs besides the request. */
export interface FlowDeps {
  store: Store;
  queue: WorkQueue;
  checks: CheckFunctions;
  /** How long images are kept after processing (0: deleted as soon as the session is finished). */
  retentionMs: number;
  /** The recognizer model in use (for per-model face-match thresholds). */
  faceModel: () => string | undefined;
}

/** Blob kinds the flow keeps between requests (encrypted, deleted when the session ends unless retained). */
export type FlowBlobKind = 'selfie' | 'document_front' | 'document_back';

function stateOf(session: Session, name: CheckName): CheckState | undefined {
  return session.checks[name] as CheckState | undefined;
}

function summary(session: Session, name: CheckName): CheckSummary {
  const state = stateOf(session, name)!;
  return {
    check: name,
    result: state.result,
    final: state.final,
    attemptsLeft: state.final ? 0 : Math.max(0, session.config.maxAttempts - state.attempts),
    reasons: state.reasons.map((r) => {
      const missed = missedChallenges(r);
      return missed.length ? { code: r.code, message: r.message, challenges: missed } : { code: r.code, message: r.message };
    }),
  };
}

/** Throws 409 unless the session is active (persisting an expiry it finds). */
export async function requireActiveFlow(deps: FlowDeps, flow: FlowSession): Promise<void> {
  const now = new Date(deps.store.now());
  const refreshed = refreshSession(flow.session, now);
  if (refreshed !== flow.session) flow.session = (await transitionSession(deps.store, flow.record.id, {}, (s) => s)).after;
  if (isTerminalStatus(flow.session.status)) {
    throw new HttpError('PROVEFY_ERR_SESSION_FINISHED', `The session is already finished (${flow.session.status})`, { details: { status: flow.session.status } });
  }
}

function requireOpen(flow: FlowSession, names: CheckName[]): void {
  if (names.some((n) => isOpenCheck(flow.session, n))) return;
  const requested = names.filter((n) => stateOf(flow.session, n));
  if (requested.length === 0) {
    throw new HttpError('PROVEFY_ERR_CHECK_NOT_REQUESTED', `This session does not include ${names.join(' or ')}`);
  }
  throw new HttpError('PROVEFY_ERR_SESSION_FINISHED', `${requested.join(' and ')} already ${requested.length > 1 ? 'have' : 'has'} a final result`);
}

async function latestBlob(store: Store, sessionId: string, kind: FlowBlobKind): Promise<Uint8Array | null> {
  const metas = (await store.blobs.listForSession(sessionId)).filter((m) => m.kind === kind);
  if (metas.length === 0) return null;
  metas.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return (await store.blobs.get(metas[0]!.id))?.data ?? null;
}

/** When each kind of image was last uploaded (ms since epoch). */
async function latestUploads(store: Store, sessionId: string): Promise<Map<string, number>> {
  const latest = new Map<string, number>();
  for (const m of await store.blobs.listForSession(sessionId)) latest.set(m.kind, Math.max(latest.get(m.kind) ?? 0, m.createdAt.getTime()));
  return latest;
}

/** True when a document front was uploaded after the last document attempt and its back is still awaited. */
function frontAwaitingBack(s: Session, latest: Map<string, number>): boolean {
  const doc = stateOf(s, 'doc_verify');
  const front = latest.get('document_front');
  if (!doc || doc.final || front === undefined) return false;
  if (doc.reported !== null && front <= doc.reported.at.getTime()) return false;
  return (latest.get('document_back') ?? 0) < front;
}

async function keepBlob(deps: FlowDeps, flow: FlowSession, kind: FlowBlobKind, image: { bytes: Uint8Array; type: string }): Promise<void> {
  const now = deps.store.now();
  const retainUntil = new Date(Math.max(flow.session.expiresAt.getTime(), now + deps.retentionMs));
  await deps.store.blobs.put({ sessionId: flow.record.id, kind, contentType: image.type, data: image.bytes, retainUntil });
}

/**
 * Records a check outcome (webhook and completion included) and deletes images once the session is finished.
 * `spend` runs first in the same transaction (a liveness attempt's nonce): when it throws, nothing is recorded.
 */
async function record(deps: FlowDeps, flow: FlowSession, outcome: CheckOutcome, spend?: (tx: Store) => Promise<void>): Promise<void> {
  const transition = (store: Store) => transitionSession(store, flow.record.id, {}, (s, now) => recordCheckResult(s, outcome, { now, actor: 'user' }));
  const { after } = spend
    ? await deps.store.transaction(async (tx) => {
        await spend(tx);
        return transition(tx);
      })
    : await transition(deps.store);
  flow.session = after;
  if (isTerminalStatus(after.status) && deps.retentionMs === 0) await deps.store.blobs.deleteForSession(flow.record.id);
}

/** What the capture plan holds for a session, from its stored blobs. */
async function heldImages(deps: FlowDeps, flow: FlowSession, session: Session = flow.session): Promise<CaptureHeld> {
  const latest = await latestUploads(deps.store, flow.record.id);
  return { selfie: latest.has('selfie'), documentFront: latest.has('document_front'), awaitingBack: frontAwaitingBack(session, latest) };
}

/** The capture plan's image store over the encrypted blob store. */
function blobImages(deps: FlowDeps, flow: FlowSession): CaptureImages {
  return {
    get: (kind) => latestBlob(deps.store, flow.record.id, kind),
    put: (kind, bytes, type) => keepBlob(deps, flow, kind, { bytes, type }),
    drop: async (kind) => {
      await deps.store.blobs.deleteForSession(flow.record.id, kind);
    },
    held: (session) => heldImages(deps, flow, session),
  };
}

/**
 * The checks, each call through the fair work queue as the session's job. A liveness sequence is not one job: core's
 * `verifyLiveness` runs each frame's analysis through `schedule`, so other sessions' selfies and documents run between
 * the frames of a long sequence (a replacement `verifyLiveness` should honour `schedule` too).
 */
function queuedChecks(deps: FlowDeps, owner: string): CheckFunctions {
  const c = deps.checks;
  const run = <T>(work: () => Promise<T>): Promise<T> => deps.queue.run(work, { owner });
  return {
    verifyLiveness: (frames, o) => c.verifyLiveness(frames, { ...o, schedule: run }),
    estimateAge: (image, o) => run(() => c.estimateAge(image, o)),
    readDocument: (images, o) => run(() => c.readDocument(images, o)),
    matchFaces: (selfie, document, o) => run(() => c.matchFaces(selfie, document, o)),
  };
}

/** The capture plan's context for one request (`spend`: see {@link record}; liveness uploads only). */
function captureContext(deps: FlowDeps, flow: FlowSession, liveness?: { challenges: CaptureContext['challenges']; spend?: (tx: Store) => Promise<void> }): CaptureContext {
  const model = deps.faceModel();
  const threshold = model === undefined ? undefined : flow.key.thresholds.faceMatch?.[model];
  return {
    session: flow.session,
    checks: queuedChecks(deps, flow.record.id),
    images: blobImages(deps, flow),
    record: async (_session, outcome) => {
      await record(deps, flow, outcome, outcome.check === 'liveness' ? liveness?.spend : undefined);
      return flow.session;
    },
    challenges: liveness?.challenges ?? challengesFor(flow.session.id),
    faceMatchThreshold: threshold,
  };
}

/** What an upload did: the checks it recorded, whether the back is asked for, images asked for again. */
export interface FlowUploadResult {
  checks: CheckSummary[];
  needsBack: boolean;
  retake: FlowRetake[];
}

function uploadResult(flow: FlowSession, out: CaptureOutcome): FlowUploadResult {
  flow.session = out.session;
  return {
    checks: out.recorded.map((name) => summary(flow.session, name)),
    needsBack: out.awaitingBack,
    retake: out.retake.map((r) => ({ step: r.step, code: r.reason.code, message: r.reason.message })),
  };
}

function parseTimestamps(value: unknown): number[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v.trim().startsWith('[') ? v : `[${v}]`);
    } catch {
      throw new HttpError('PROVEFY_ERR_VALIDATION', "Invalid field 'timestamps': must be a JSON array of numbers", { field: 'timestamps' });
    }
  }
  if (!Array.isArray(v) || v.length > 1000 || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw new HttpError('PROVEFY_ERR_VALIDATION', "Invalid field 'timestamps': must be an array of numbers", { field: 'timestamps' });
  }
  return v as number[];
}

function parseBool(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid field '${field}': must be true or false`, { field });
}

/**
 * Liveness: checks how the frames arrived (core's `checkFrameSequence`: order, duplicates, timing, the attempt's
 * window, frames of earlier attempts) and where from (`assessCaptureSource`, unless the key has
 * `allowVirtualCameras`), then runs `verifyLiveness` on the frames with the attempt's challenges and the session's
 * threshold and records the result (the capture plan's `captureLiveness`). An attempt's nonce is spent in the
 * transaction that records the result; an upload that finds it spent changes nothing (409
 * `PROVEFY_ERR_NONCE_REUSED`). Unless `selfieFromFrames` is false, the first frame with a face also serves as the
 * selfie for age estimation and face match when the session has no selfie yet.
 *
 * @example
 * ```ts
 * const authority = await livenessAuthority(ctx, store, flow, fields);
 * const { checks } = await processLiveness(deps, flow, frames, { timestamps: [0, 66, 133], nonce }, authority);
 * ```
 */
export async function processLiveness(
  deps: FlowDeps,
  flow: FlowSession,
  frames: UploadedImage[],
  fields: Record<string, unknown>,
  authority: LivenessAuthority,
): Promise<FlowUploadResult> {
  await requireActiveFlow(deps, flow);
  requireOpen(flow, ['liveness']);
  if (frames.length === 0) throw new HttpError('PROVEFY_ERR_VALIDATION', "Missing required field 'frames'", { field: 'frames' });
  const timestamps = parseTimestamps(fields.timestamps);
  if (timestamps && timestamps.length !== frames.length) {
    throw new HttpError('PROVEFY_ERR_VALIDATION', "Invalid field 'timestamps': must have one entry per frame", { field: 'timestamps' });
  }
  const mirrored = parseBool(fields.mirrored, 'mirrored', false);
  const selfieFromFrames = parseBool(fields.selfieFromFrames, 'selfieFromFrames', true);
  const source = parseCaptureSource(fields.captureSource);
  const bytes = frames.map((f) => f.bytes);
  const sequence = checkFrameSequence({
    frames: bytes,
    timestamps,
    ...(authority.kind === 'attempt' ? { window: authority.window, seen: await deps.store.livenessAttempts.spentFrameHashes(flow.record.id) } : {}),
  });
  const captureReasons = [...sequence.reasons, ...(flow.key.allowVirtualCameras ? [] : assessCaptureSource(source, timestamps))];
  const spend =
    authority.kind === 'attempt'
      ? async (tx: Store) => {
          if (!(await tx.livenessAttempts.spend(authority.attempt.id, sequence.hashes))) throw new HttpError('PROVEFY_ERR_NONCE_REUSED');
        }
      : undefined;
  const t0 = timestamps?.[0] ?? 0;
  const out = await captureLiveness(captureContext(deps, flow, { challenges: authority.challenges, ...(spend ? { spend } : {}) }), bytes, {
    ...(timestamps ? { timestamps: timestamps.map((t) => t - t0), timestampUnit: 'ms' as const } : {}),
    mirrored,
    selfieFromFrames,
    frameType: frames[0]?.type ?? 'image/jpeg',
    captureReasons,
  });
  return uploadResult(flow, out);
}

/**
 * Selfie: decoded first, kept (encrypted) for the face match and a reviewer, and run through `estimateAge` when the
 * session asks for age (the capture plan's `captureSelfie`).
 *
 * @example
 * ```ts
 * const { checks } = await processSelfie(deps, flow, image);
 * ```
 */
export async function processSelfie(deps: FlowDeps, flow: FlowSession, image: UploadedImage): Promise<FlowUploadResult> {
  await requireActiveFlow(deps, flow);
  requireOpen(flow, ['age_estimation', 'face_match']);
  return uploadResult(flow, await captureSelfie(captureContext(deps, flow), image.bytes, image.type));
}

/**
 * Document side upload (the capture plan's `captureDocument`). The front is read at once; when the read is not a
 * clear PASS for a two-sided document kind, the result is held back and the back side is asked for (`needsBack`);
 * the back is read together with the front. `final: true` records the front read as is.
 *
 * @example
 * ```ts
 * const { needsBack } = await processDocument(deps, flow, 'front', image, {});
 * ```
 */
export async function processDocument(
  deps: FlowDeps,
  flow: FlowSession,
  side: 'front' | 'back',
  image: UploadedImage,
  fields: Record<string, unknown>,
): Promise<FlowUploadResult> {
  await requireActiveFlow(deps, flow);
  requireOpen(flow, ['doc_verify', 'face_match']);
  if (side === 'back' && !(await heldImages(deps, flow)).documentFront) throw new HttpError('PROVEFY_ERR_FLOW_ORDER', 'Upload the front of the document first');
  const final = parseBool(fields.final, 'final', false);
  return uploadResult(flow, await captureDocument(captureContext(deps, flow), side, image.bytes, image.type, { final }));
}

/**
 * Completion: reads a front-only document still waiting for its back, runs the face match if it can (the capture
 * plan's `completeCaptures`), makes a retryable FAIL final (the person will not retry: `finishSession`), and answers
 * 409 naming checks never performed.
 *
 * @example
 * ```ts
 * await processComplete(deps, flow);
 * ```
 */
export async function processComplete(deps: FlowDeps, flow: FlowSession): Promise<void> {
  if (isTerminalStatus(flow.session.status)) return;
  await requireActiveFlow(deps, flow);
  flow.session = (await completeCaptures(captureContext(deps, flow))).session;
  // The person is done: a FAIL that could still be retried becomes final, so the session completes.
  if (!isTerminalStatus(flow.session.status) && flow.session.requestedChecks.every((n) => stateOf(flow.session, n)?.reported)) {
    const { after } = await transitionSession(deps.store, flow.record.id, {}, (s, now) => finishSession(s, { now, actor: 'user' }));
    flow.session = after;
    if (isTerminalStatus(after.status) && deps.retentionMs === 0) await deps.store.blobs.deleteForSession(flow.record.id);
  }
  if (!isTerminalStatus(flow.session.status)) {
    const pending = flow.session.requestedChecks.filter((n) => isOpenCheck(flow.session, n));
    throw new HttpError('PROVEFY_ERR_CHECKS_PENDING', `Not all checks are finished: ${pending.join(', ')}`, { details: { pending } });
  }
}

/**
 * The redirect after completion (`redirectUrl?session_id=...&result=APPROVED`), only to an origin the key allows;
 * null when there is none or it is not allowed.
 *
 * @example
 * ```ts
 * safeRedirectUrl(session, key); // 'https://yourapp.com/done?session_id=f4a9644f-...&result=APPROVED'
 * ```
 */
export function safeRedirectUrl(session: Session, key: ApiKey): string | null {
  if (!isTerminalStatus(session.status) || !session.redirectUrl) return null;
  if (!isAllowedOrigin(session.redirectUrl, key.allowedRedirectOrigins)) return null;
  return toRedirectUrl(session);
}

/**
 * What the hosted page and the kiosk see of a session: per-check progress without scores, the captures still
 * needed, and after the end the redirect and the `postMessage` payload.
 *
 * @example
 * ```ts
 * return json(await flowState(deps, flow));
 * ```
 */
export async function flowState(deps: FlowDeps, flow: FlowSession): Promise<FlowStateJson> {
  const s = flow.session;
  const terminal = isTerminalStatus(s.status);
  const checks: Partial<Record<CheckName, CheckSummary>> = {};
  for (const name of s.requestedChecks) checks[name] = summary(s, name);
  const next = terminal ? [] : nextCaptures(s, await heldImages(deps, flow, s));
  return {
    sessionId: s.id,
    status: s.status,
    overallResult: s.status === 'COMPLETED' ? s.overallResult : null,
    expiresAt: s.expiresAt.toISOString(),
    checks,
    next,
    redirectUrl: terminal ? safeRedirectUrl(s, flow.key) : null,
    completion: terminal ? toCompletionMessage(s) : null,
  };
}
