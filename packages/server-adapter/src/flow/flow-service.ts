import {
  type CheckName,
  type CheckOutcome,
  type CheckState,
  type Session,
  finishSession,
  isTerminalStatus,
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
import type { CheckFunctions, DocumentLike } from './check-functions.js';
import type { FlowSession } from './flow-auth.js';
import type { UploadedImage } from './upload-parser.js';
import type { WorkQueue } from './work-queue.js';
import type { CheckSummary, FlowStateJson, FlowStep } from './flow-types.js';

export type { CheckSummary, FlowStateJson, FlowStep } from './flow-types.js';

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

function isOpen(session: Session, name: CheckName): boolean {
  const state = stateOf(session, name);
  return !!state && !state.final;
}

function summary(session: Session, name: CheckName): CheckSummary {
  const state = stateOf(session, name)!;
  return {
    check: name,
    result: state.result,
    final: state.final,
    attemptsLeft: state.final ? 0 : Math.max(0, session.config.maxAttempts - state.attempts),
    reasons: state.reasons.map((r) => ({ code: r.code, message: r.message })),
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
  if (names.some((n) => isOpen(flow.session, n))) return;
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

/** Records a check outcome (webhook and completion included) and deletes images once the session is finished. */
async function record(deps: FlowDeps, flow: FlowSession, outcome: CheckOutcome): Promise<void> {
  const { after } = await transitionSession(deps.store, flow.record.id, {}, (s, now) => recordCheckResult(s, outcome, { now, actor: 'user' }));
  flow.session = after;
  if (isTerminalStatus(after.status) && deps.retentionMs === 0) await deps.store.blobs.deleteForSession(flow.record.id);
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
 * Liveness: runs `verifyLiveness` on the frames with the session's challenges and threshold and records the result.
 * Unless `selfieFromFrames` is false, the first frame with a face also serves as the selfie for age estimation and
 * face match when the session has no selfie yet.
 *
 * @example
 * ```ts
 * const summaries = await processLiveness(deps, flow, frames, { timestamps: [0, 66, 133] });
 * ```
 */
export async function processLiveness(deps: FlowDeps, flow: FlowSession, frames: UploadedImage[], fields: Record<string, unknown>): Promise<CheckSummary[]> {
  await requireActiveFlow(deps, flow);
  requireOpen(flow, ['liveness']);
  if (frames.length === 0) throw new HttpError('PROVEFY_ERR_VALIDATION', "Missing required field 'frames'", { field: 'frames' });
  const timestamps = parseTimestamps(fields.timestamps);
  if (timestamps && timestamps.length !== frames.length) {
    throw new HttpError('PROVEFY_ERR_VALIDATION', "Invalid field 'timestamps': must have one entry per frame", { field: 'timestamps' });
  }
  const mirrored = parseBool(fields.mirrored, 'mirrored', false);
  const selfieFromFrames = parseBool(fields.selfieFromFrames, 'selfieFromFrames', true);
  const s = flow.session;
  // Each frame's analysis is its own job in the fair queue (not one job for the whole sequence), so other sessions'
  // selfies and documents run between this sequence's frames.
  const schedule = <T>(work: () => Promise<T>) => deps.queue.run(work, { owner: flow.record.id });
  const result = await deps.checks.verifyLiveness(
    frames.map((f) => f.bytes),
    { threshold: s.config.livenessThreshold, challenges: challengesFor(s.id), ...(timestamps ? { timestamps, timestampUnit: 'ms' as const } : {}), mirrored, schedule },
  );
  await record(deps, flow, { check: 'liveness', result: result.result, livenessScore: result.livenessScore, reasons: result.reasons ?? [] });
  const out = [summary(flow.session, 'liveness')];
  const wantsSelfie = isOpen(flow.session, 'age_estimation') || isOpen(flow.session, 'face_match');
  if (selfieFromFrames && wantsSelfie && !isTerminalStatus(flow.session.status) && !(await latestUploads(deps.store, flow.record.id)).has('selfie')) {
    const withFace = result.frames?.find((f) => f.faceFound);
    const frame = withFace ? frames[withFace.index] : undefined;
    if (frame) out.push(...(await processSelfie(deps, flow, frame, { derived: true })));
  }
  return out;
}

/**
 * Selfie: kept (encrypted) for the face match, and run through `estimateAge` when the session asks for age.
 *
 * @example
 * ```ts
 * const summaries = await processSelfie(deps, flow, image);
 * ```
 */
export async function processSelfie(deps: FlowDeps, flow: FlowSession, image: UploadedImage, opts: { derived?: boolean } = {}): Promise<CheckSummary[]> {
  await requireActiveFlow(deps, flow);
  if (!opts.derived) requireOpen(flow, ['age_estimation', 'face_match']);
  const out: CheckSummary[] = [];
  if (isOpen(flow.session, 'face_match')) await keepBlob(deps, flow, 'selfie', image);
  if (isOpen(flow.session, 'age_estimation')) {
    const minAge = flow.session.config.minAge;
    const result = await deps.queue.run(() => deps.checks.estimateAge(image.bytes, { minAge }), { owner: flow.record.id });
    await record(deps, flow, {
      check: 'age_estimation',
      result: result.result,
      estimatedAge: result.estimatedAge,
      meetsMinAge: result.meetsMinAge,
      reasons: result.reasons ?? [],
    });
    out.push(summary(flow.session, 'age_estimation'));
  }
  out.push(...(await tryFaceMatch(deps, flow)));
  return out;
}

const TWO_SIDED = new Set(['ID_CARD', 'DRIVERS_LICENSE', 'RESIDENCE_PERMIT', 'UNKNOWN']);

function documentOutcome(result: DocumentLike): CheckOutcome {
  const portrait = result.portrait;
  return {
    check: 'doc_verify',
    result: result.result,
    documentType: result.documentType,
    ocrConfidence: result.ocrConfidence,
    country: result.country ?? null,
    fields: result.fields ?? null,
    portrait: portrait === null || portrait === undefined ? null : typeof portrait === 'boolean' ? portrait : (portrait as { x: number; y: number; width: number; height: number }),
    reasons: result.reasons ?? [],
  } as CheckOutcome;
}

async function runDocument(deps: FlowDeps, flow: FlowSession, images: Uint8Array[]): Promise<DocumentLike> {
  return deps.queue.run(() => deps.checks.readDocument(images), { owner: flow.record.id });
}

/** The answer of a document upload: summaries, and whether the reader asks for the back side. */
export interface DocumentUploadResult {
  checks: CheckSummary[];
  needsBack: boolean;
}

/**
 * Document side upload. The front is read at once; when the read is not a clear PASS for a two-sided document kind
 * (ID card, driving licence, residence permit, unknown), the result is held back and the back side is asked for
 * (`needsBack`); the back is read together with the front. `final: true` records the front read as is.
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
): Promise<DocumentUploadResult> {
  await requireActiveFlow(deps, flow);
  requireOpen(flow, ['doc_verify', 'face_match']);
  const front: Uint8Array | null = side === 'front' ? image.bytes : await latestBlob(deps.store, flow.record.id, 'document_front');
  if (!front) throw new HttpError('PROVEFY_ERR_FLOW_ORDER', 'Upload the front of the document first');
  await keepBlob(deps, flow, side === 'front' ? 'document_front' : 'document_back', image);
  const checks: CheckSummary[] = [];
  let needsBack = false;
  if (isOpen(flow.session, 'doc_verify')) {
    const images = side === 'front' ? [front] : [front, image.bytes];
    const result = await runDocument(deps, flow, images);
    const final = parseBool(fields.final, 'final', false);
    if (side === 'front' && !final && result.result !== 'PASS' && TWO_SIDED.has(result.documentType)) {
      needsBack = true;
    } else {
      await record(deps, flow, documentOutcome(result));
      checks.push(summary(flow.session, 'doc_verify'));
    }
  }
  if (!needsBack) checks.push(...(await tryFaceMatch(deps, flow)));
  return { checks, needsBack };
}

/** Runs the face match once a selfie and the document (read by doc_verify when requested) are there. */
async function tryFaceMatch(deps: FlowDeps, flow: FlowSession): Promise<CheckSummary[]> {
  if (isTerminalStatus(flow.session.status) || !isOpen(flow.session, 'face_match')) return [];
  const doc = stateOf(flow.session, 'doc_verify') as CheckState<'doc_verify'> | undefined;
  if (doc && !doc.reported) return [];
  const [selfie, front] = await Promise.all([latestBlob(deps.store, flow.record.id, 'selfie'), latestBlob(deps.store, flow.record.id, 'document_front')]);
  if (!selfie || !front) return [];
  const model = deps.faceModel();
  const threshold = model === undefined ? undefined : flow.key.thresholds.faceMatch?.[model];
  const result = await deps.queue.run(() => deps.checks.matchFaces(selfie, front, threshold === undefined ? {} : { threshold }), { owner: flow.record.id });
  await record(deps, flow, {
    check: 'face_match',
    result: result.result,
    similarityScore: result.similarityScore,
    isMatch: result.isMatch,
    portraitSource: doc?.reported?.portraitFound ? 'doc_verify' : 'document_photo',
    reasons: result.reasons ?? [],
  });
  return [summary(flow.session, 'face_match')];
}

/**
 * Completion: reads a front-only document still waiting for its back, runs the face match if it can, makes a
 * retryable FAIL final (the person will not retry: `finishSession`), and answers 409 naming checks never performed.
 *
 * @example
 * ```ts
 * await processComplete(deps, flow);
 * ```
 */
export async function processComplete(deps: FlowDeps, flow: FlowSession): Promise<void> {
  if (isTerminalStatus(flow.session.status)) return;
  await requireActiveFlow(deps, flow);
  if (isOpen(flow.session, 'doc_verify') && frontAwaitingBack(flow.session, await latestUploads(deps.store, flow.record.id))) {
    const front = await latestBlob(deps.store, flow.record.id, 'document_front');
    if (front) {
      const back = await latestBlob(deps.store, flow.record.id, 'document_back');
      await record(deps, flow, documentOutcome(await runDocument(deps, flow, back ? [front, back] : [front])));
    }
  }
  await tryFaceMatch(deps, flow);
  // The person is done: a FAIL that could still be retried becomes final, so the session completes.
  if (!isTerminalStatus(flow.session.status) && flow.session.requestedChecks.every((n) => stateOf(flow.session, n)?.reported)) {
    const { after } = await transitionSession(deps.store, flow.record.id, {}, (s, now) => finishSession(s, { now, actor: 'user' }));
    flow.session = after;
    if (isTerminalStatus(after.status) && deps.retentionMs === 0) await deps.store.blobs.deleteForSession(flow.record.id);
  }
  if (!isTerminalStatus(flow.session.status)) {
    const pending = flow.session.requestedChecks.filter((n) => isOpen(flow.session, n));
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
  const next: FlowStep[] = [];
  if (!terminal) {
    const latest = await latestUploads(deps.store, flow.record.id);
    const doc = stateOf(s, 'doc_verify');
    const awaitingBack = frontAwaitingBack(s, latest);
    if (isOpen(s, 'liveness')) next.push('liveness');
    if (isOpen(s, 'age_estimation') || (isOpen(s, 'face_match') && !latest.has('selfie'))) next.push('selfie');
    if ((doc && !doc.final && !awaitingBack) || (isOpen(s, 'face_match') && !latest.has('document_front'))) next.push('document_front');
    if (awaitingBack) next.push('document_back');
  }
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
