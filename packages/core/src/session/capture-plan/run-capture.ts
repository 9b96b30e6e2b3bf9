import type { DocumentResult, ReadDocumentOptions } from '../../document/types.js';
import { type ProvefyErrorCode, ProvefyError, isProvefyError } from '../../errors/index.js';
import { type CheckReason, reason } from '../../check-result.js';
import { CAPTURE_REASON_CODES } from '../../liveness/capture-reason-codes.js';
import { applyCaptureReasons } from '../../liveness/capture-integrity.js';
import { isTerminalStatus } from '../check-names.js';
import { recordCheckResult } from '../record-check-result.js';
import type { CheckName, CheckOutcome, DocumentOutcome, } from '../types.js';
import { isUsableImage, validateCaptureImage } from './capture-image.js';
import type { CaptureContext, CaptureImageKind, CaptureOutcome, CaptureRetake } from './capture-types.js';
import { TWO_SIDED, isOpenCheck } from './next-captures.js';

/** Errors of an image that the checks cannot use: the image is asked for again instead of failing the request. */
const UNUSABLE_IMAGE: readonly ProvefyErrorCode[] = ['PROVEFY_ERR_INVALID_IMAGE', 'PROVEFY_ERR_IMAGE_TOO_LARGE', 'PROVEFY_ERR_IMAGE_TOO_SMALL', 'PROVEFY_ERR_UNSUPPORTED_IMAGE_FORMAT'];

/** Accumulates what one capture did. */
class Run {
  readonly recorded: CheckName[] = [];
  readonly retake: CaptureRetake[] = [];
  /** Set by a document read; otherwise the held state is reported unchanged. */
  awaitingBack: boolean | null = null;
  document: DocumentResult | null = null;
  constructor(readonly ctx: CaptureContext) {}

  async record(outcome: CheckOutcome): Promise<void> {
    this.ctx.session = await this.ctx.record(this.ctx.session, outcome);
    this.recorded.push(outcome.check);
  }

  async outcome(): Promise<CaptureOutcome> {
    const awaitingBack = this.awaitingBack ?? (await this.ctx.images.held(this.ctx.session)).awaitingBack;
    return { session: this.ctx.session, recorded: this.recorded, awaitingBack, document: this.document, retake: this.retake };
  }
}

/**
 * Records an outcome in memory (`recordCheckResult`), for hosts without a store of their own (the kiosk, tests).
 *
 * @example
 * ```ts
 * const ctx = { session, checks, images, record: recordInMemory('kiosk', () => new Date()), challenges: [] };
 * ```
 */
export function recordInMemory(actor: string, now: () => Date): CaptureContext['record'] {
  return async (session, outcome) => recordCheckResult(session, outcome, { now: now(), actor });
}

async function validate(ctx: CaptureContext, bytes: Uint8Array): Promise<void> {
  await (ctx.validate ?? validateCaptureImage)(bytes);
}

/** The reader's options from the context: its clock decides expiry (none: the reader's own current time). */
function readOptions(ctx: CaptureContext): ReadDocumentOptions | undefined {
  return ctx.now ? { now: ctx.now() } : undefined;
}

/** The document result as a session outcome. */
export function documentOutcome(r: DocumentResult): DocumentOutcome {
  return {
    check: 'doc_verify',
    result: r.result,
    documentType: r.documentType,
    ocrConfidence: r.ocrConfidence,
    country: r.country ?? null,
    fields: r.fields ?? null,
    portrait: r.portrait ? { x: r.portrait.x, y: r.portrait.y, width: r.portrait.width, height: r.portrait.height } : null,
    reasons: r.reasons ?? [],
  };
}

/**
 * Liveness: runs `verifyLiveness` with the session's threshold and challenges and records the result. With
 * `selfieFromFrames`, the first frame with a face also serves as the selfie when none is held and one is needed.
 * `captureReasons` are the capture-integrity findings (`checkFrameSequence`, `assessCaptureSource`): one that FAILs
 * records a FAIL without running the models (livenessScore 0, as the contract's score is always a number); one that gives REVIEW holds a PASS at REVIEW.
 *
 * @example
 * ```ts
 * const out = await captureLiveness(ctx, frames, { timestamps, timestampUnit: 'ms', mirrored: false });
 * out.recorded; // ['liveness']
 * ```
 */
export async function captureLiveness(
  ctx: CaptureContext,
  frames: readonly Uint8Array[],
  opts: {
    timestamps?: readonly number[];
    timestampUnit?: 's' | 'ms';
    mirrored?: boolean;
    selfieFromFrames?: boolean;
    frameType?: string;
    captureReasons?: readonly CheckReason[];
  } = {},
): Promise<CaptureOutcome> {
  const run = new Run(ctx);
  const captureReasons = opts.captureReasons ?? [];
  if (captureReasons.some((c) => (CAPTURE_REASON_CODES as Record<string, { result: string }>)[c.code]?.result === 'FAIL')) {
    const failed = applyCaptureReasons('FAIL', [], captureReasons);
    await run.record({ check: 'liveness', result: failed.result, livenessScore: 0, reasons: failed.reasons });
    return run.outcome();
  }
  const r = await ctx.checks.verifyLiveness(frames, {
    threshold: ctx.session.config.livenessThreshold,
    challenges: ctx.challenges,
    ...(opts.timestamps ? { timestamps: opts.timestamps, timestampUnit: opts.timestampUnit ?? 'ms' } : {}),
    mirrored: opts.mirrored ?? false,
  });
  const applied = applyCaptureReasons(r.result, r.reasons ?? [], captureReasons);
  await run.record({ check: 'liveness', result: applied.result, livenessScore: r.livenessScore, reasons: applied.reasons });
  const s = ctx.session;
  const wantsSelfie = isOpenCheck(s, 'age_estimation') || isOpenCheck(s, 'face_match');
  if (opts.selfieFromFrames && wantsSelfie && !isTerminalStatus(s.status) && !(await ctx.images.held(s)).selfie) {
    const withFace = r.frames?.find((f) => f.faceFound);
    const frame = withFace ? frames[withFace.index] : undefined;
    if (frame && (await isUsableImage(frame))) await selfieSteps(run, frame, opts.frameType ?? 'image/jpeg');
  }
  return run.outcome();
}

/**
 * Selfie: decoded first (an unusable image is refused before it is kept or counts), kept for the face match and
 * for a reviewer, run through `estimateAge` when age is requested, then the face match when the document is in.
 *
 * @example
 * ```ts
 * const out = await captureSelfie(ctx, jpeg, 'image/jpeg');
 * out.recorded; // ['age_estimation', 'face_match']
 * ```
 */
export async function captureSelfie(ctx: CaptureContext, image: Uint8Array, contentType: string): Promise<CaptureOutcome> {
  await validate(ctx, image);
  const run = new Run(ctx);
  await selfieSteps(run, image, contentType);
  return run.outcome();
}

async function selfieSteps(run: Run, image: Uint8Array, contentType: string): Promise<void> {
  const { ctx } = run;
  if (isOpenCheck(ctx.session, 'age_estimation') || isOpenCheck(ctx.session, 'face_match')) await ctx.images.put('selfie', image, contentType);
  if (isOpenCheck(ctx.session, 'age_estimation')) {
    // The face match does not depend on the age: it starts now, beside the age estimate (a host with two cores or
    // a concurrent work queue runs them together); its result is used only if the match step still runs after
    // the age is recorded.
    const early = await startFaceMatch(run);
    const r = await ctx.checks.estimateAge(image, { minAge: ctx.session.config.minAge });
    await run.record({ check: 'age_estimation', result: r.result, estimatedAge: r.estimatedAge, meetsMinAge: r.meetsMinAge, reasons: r.reasons ?? [] });
    await faceMatchStep(run, early);
    return;
  }
  await faceMatchStep(run);
}

/**
 * A document side: decoded first, kept, and read by `readDocument` when doc_verify is open (the back together
 * with the front). A front of a two-sided kind that is not a clear PASS is held back and its back asked for
 * (`awaitingBack`), unless `final` or `askForBack: false`. Then the face match when the selfie is in.
 *
 * @example
 * ```ts
 * const out = await captureDocument(ctx, 'front', jpeg, 'image/jpeg');
 * out.awaitingBack; // true for an ID card read without its back
 * ```
 */
export async function captureDocument(
  ctx: CaptureContext,
  side: 'front' | 'back',
  image: Uint8Array,
  contentType: string,
  opts: { final?: boolean } = {},
): Promise<CaptureOutcome> {
  await validate(ctx, image);
  const front = side === 'front' ? image : await ctx.images.get('document_front');
  if (!front) throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', 'Upload the front of the document first', { step: 'document_back' });
  const run = new Run(ctx);
  await ctx.images.put(side === 'front' ? 'document_front' : 'document_back', image, contentType);
  if (isOpenCheck(ctx.session, 'doc_verify')) {
    const r = await ctx.checks.readDocument(side === 'front' ? [front] : [front, image], readOptions(ctx));
    run.document = r;
    if (side === 'front' && !opts.final && (ctx.askForBack ?? true) && r.result !== 'PASS' && TWO_SIDED.has(r.documentType)) {
      run.awaitingBack = true;
      return run.outcome();
    }
    run.awaitingBack = false;
    await run.record(documentOutcome(r));
  }
  await faceMatchStep(run);
  return run.outcome();
}

/**
 * The person is done capturing: a front still waiting for its back is read as it is (`pending`: its earlier
 * read, when the host kept it), and the face match runs if it can. The host then finishes the session.
 *
 * @example
 * ```ts
 * const out = await completeCaptures(ctx);
 * ```
 */
export async function completeCaptures(ctx: CaptureContext, pending: DocumentResult | null = null): Promise<CaptureOutcome> {
  const run = new Run(ctx);
  if (isTerminalStatus(ctx.session.status)) return run.outcome();
  if (isOpenCheck(ctx.session, 'doc_verify') && (await ctx.images.held(ctx.session)).awaitingBack) {
    const front = await ctx.images.get('document_front');
    if (front) {
      const back = await ctx.images.get('document_back');
      const r = pending ?? (await ctx.checks.readDocument(back ? [front, back] : [front], readOptions(ctx)));
      run.document = r;
      run.awaitingBack = false;
      await run.record(documentOutcome(r));
    }
  }
  await faceMatchStep(run);
  return run.outcome();
}

/** What the face match needs, when it can run now: the selfie and the document front, the document read (or not requested). */
async function faceMatchInputs(run: Run): Promise<{ selfie: Uint8Array; front: Uint8Array } | null> {
  const { ctx } = run;
  const s = ctx.session;
  if (isTerminalStatus(s.status) || !isOpenCheck(s, 'face_match')) return null;
  const doc = s.checks.doc_verify;
  if (doc && !doc.reported) return null;
  if (run.awaitingBack ?? (await ctx.images.held(s)).awaitingBack) return null;
  const [selfie, front] = await Promise.all([ctx.images.get('selfie'), ctx.images.get('document_front')]);
  return selfie && front ? { selfie, front } : null;
}

type MatchCall = Promise<Awaited<ReturnType<CaptureContext['checks']['matchFaces']>>>;

/** Starts the face match when it can run now (its failure is handled where it is awaited), else null. */
async function startFaceMatch(run: Run): Promise<{ call: MatchCall } | null> {
  const inputs = await faceMatchInputs(run);
  if (!inputs) return null;
  const { ctx } = run;
  const call = ctx.checks.matchFaces(inputs.selfie, inputs.front, ctx.faceMatchThreshold === undefined ? {} : { threshold: ctx.faceMatchThreshold });
  call.catch(() => undefined);
  return { call };
}

/** Runs the face match once a selfie and the document (read first when doc_verify is requested) are held; `early`: the same match, already started. */
async function faceMatchStep(run: Run, early: { call: MatchCall } | null = null): Promise<void> {
  const { ctx } = run;
  const doc = ctx.session.checks.doc_verify;
  const inputs = await faceMatchInputs(run);
  if (!inputs) return;
  const { selfie, front } = inputs;
  let r: Awaited<MatchCall>;
  try {
    r = early ? await early.call : await ctx.checks.matchFaces(selfie, front, ctx.faceMatchThreshold === undefined ? {} : { threshold: ctx.faceMatchThreshold });
  } catch (e) {
    if (!isProvefyError(e) || !UNUSABLE_IMAGE.includes(e.code)) throw e;
    await retakeUnusable(run, e, { selfie, document_front: front });
    return;
  }
  await run.record({
    check: 'face_match',
    result: r.result,
    similarityScore: r.similarityScore,
    isMatch: r.isMatch,
    portraitSource: doc?.reported?.portraitFound ? 'doc_verify' : 'document_photo',
    reasons: r.reasons ?? [],
  });
}

/**
 * A held image the face match could not use: the undecodable ones are dropped and asked for again with a reason
 * (the selfie when both decode), so the upload that triggered the match is not blamed for it.
 */
async function retakeUnusable(run: Run, e: ProvefyError, images: Record<'selfie' | 'document_front', Uint8Array>): Promise<void> {
  const bad: CaptureImageKind[] = [];
  for (const kind of ['selfie', 'document_front'] as const) if (!(await isUsableImage(images[kind]))) bad.push(kind);
  if (bad.length === 0) bad.push('selfie');
  for (const kind of bad) {
    await run.ctx.images.drop(kind);
    const what = kind === 'selfie' ? 'selfie' : 'document photo';
    run.retake.push({ step: kind, reason: reason('IMAGE_UNUSABLE', `The ${what} could not be used (${e.message}); please take it again`, { error: e.code }) });
  }
}
