import { randomUUID } from 'node:crypto';
import {
  type CaptureContext,
  type CaptureImages,
  type CaptureOutcome,
  type CheckReason,
  type CheckName,
  type DocumentResult,
  ProvefyError,
  type Session,
  captureDocument,
  captureLiveness,
  captureSelfie,
  completeCaptures,
  createSession,
  isCheckName,
  isProvefyError,
  missedChallenges,
  nextCaptures,
  recordCheckResult,
  startCapture,
} from '@provefy/core';
import type { LivenessCameraSource } from '../../shared/ipc-contract.js';
import type { CaptureStep, CheckView, DocumentFieldsView, KioskCheckName, ReasonView, VerificationView } from '../../shared/kiosk-view.js';
import type { KioskChecks } from '../checks/kiosk-checks.js';
import type { KioskConfig } from '../config/kiosk-config.js';
import type { ScannerRegistry } from '../scanners/scanner-registry.js';
import { createIdempotencyKey } from '../server-link/deliver-item.js';
import type { OfflineQueue, ResultSummary } from '../server-link/offline-queue.js';
import { type CreateSessionBody, type FlowConfig, type ProvefyClient, sessionTokenOf } from '../server-link/provefy-client.js';
import { isServerLinkError } from '../server-link/server-link-error.js';
import type { SyncWorker } from '../server-link/sync-worker.js';
import { type ActiveVerification, type CustomerState, emptyCaptures } from '../state/customer-state.js';
import { OFFLINE_CHALLENGES, challengeTypes, planCapture } from './challenge-plan.js';

export interface VerificationDeps {
  config: KioskConfig;
  state: CustomerState;
  checks: KioskChecks;
  scanners: ScannerRegistry;
  queue: OfflineQueue;
  client: ProvefyClient | null;
  sync: SyncWorker | null;
  now?: () => number;
  logger?: Pick<Console, 'warn' | 'info'>;
}

/** What a capture did. */
export interface StepOutcome {
  next: CaptureStep | null;
  /** The capture failed (check FAIL with attempts left, or no usable image): the same step is offered again. */
  retry: boolean;
}

const REF = /^[\x20-\x7e\u00a0-\uffff]{1,255}$/;

/**
 * One verification at the kiosk, from the operator's start to the queued result: runs every check locally with
 * @provefy/core through the session state machine (so the kiosk decides offline), keeps captures in memory only
 * (CustomerState), and on completion puts the captures into the encrypted offline queue for delivery to the server.
 * Walk-ins get their server session at start when the server is reachable (so the customer performs the server's
 * own liveness challenges), else the offline challenge set; sessions created by a backend are opened by their code.
 *
 * @example
 * ```ts
 * const svc = new VerificationService(deps);
 * await svc.startWalkIn({ checks: ['liveness', 'doc_verify', 'face_match'], externalRef: 'branch-12/0042' });
 * svc.begin();
 * await svc.submitLiveness({ frames, timestamps, mirrored: false });
 * ```
 */
export class VerificationService {
  readonly #d: VerificationDeps;
  readonly #now: () => number;
  #scanAbort: AbortController | null = null;

  constructor(deps: VerificationDeps) {
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
  }

  get current(): ActiveVerification | null {
    return this.#d.state.current;
  }

  #require(): ActiveVerification {
    const v = this.#d.state.current;
    if (!v) throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', 'No verification is in progress');
    return v;
  }

  #clearPrevious(): void {
    const v = this.#d.state.current;
    if (!v) return;
    if (v.session.status !== 'COMPLETED') throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', 'A verification is in progress: cancel it first');
    this.#d.state.wipe('finished', this.#now());
  }

  #newVerification(input: {
    origin: ActiveVerification['origin'];
    checks: CheckName[];
    externalRef: string | null;
    metadata: Record<string, unknown>;
    id: string;
    remote: ActiveVerification['remote'];
    flow: FlowConfig | null;
    expiresInMs: number;
    createBody: CreateSessionBody | null;
  }): ActiveVerification {
    const c = this.#d.config;
    const now = new Date(this.#now());
    const session = createSession(
      {
        checks: input.checks,
        externalRef: input.externalRef,
        metadata: input.metadata,
        config: {
          minAge: c.thresholds.minAge,
          livenessThreshold: c.thresholds.liveness,
          ...(c.thresholds.faceMatch === null ? {} : { faceMatchThreshold: c.thresholds.faceMatch }),
          maxAttempts: c.attemptsPerCheck,
          expiresInMs: input.expiresInMs,
        },
      },
      { now, id: input.id, actor: 'kiosk_operator' },
    );
    const plan = planCapture(input.flow?.challenges ?? OFFLINE_CHALLENGES, c.capture, input.flow?.limits?.maxFrames);
    return {
      id: input.id,
      origin: input.origin,
      externalRef: input.externalRef,
      checks: [...session.requestedChecks],
      challenges: plan.steps,
      capture: { fps: plan.fps, maxFrames: plan.maxFrames },
      session,
      captures: emptyCaptures(),
      busy: null,
      scanning: false,
      needsBack: false,
      notice: null,
      retryReasons: [],
      document: null,
      remote: input.remote,
      createBody: input.createBody,
      pendingFront: null,
      customerStarted: false,
      queuedItemId: null,
      startedAt: this.#now(),
    };
  }

  /** The exact POST /verify body of a walk-in (also sent again, byte for byte, when syncing). */
  #createBody(id: string, checks: CheckName[], externalRef: string | null): CreateSessionBody {
    return {
      ...(externalRef ? { externalRef } : {}),
      checks,
      metadata: { source: 'provefy-kiosk', kioskId: this.#d.config.kioskId, kioskVerificationId: id },
    };
  }

  /**
   * Starts a verification for a walk-in customer. When the server answers within `sync.startTimeoutMs`, its session
   * is created now (its challenges are used); otherwise the kiosk continues offline and the session is created when
   * the queue syncs. A refusal by the server (e.g. a check not enabled for the kiosk's key) is reported as such.
   */
  async startWalkIn(input: { checks: unknown; externalRef?: unknown }): Promise<void> {
    const checks = parseChecks(input.checks);
    const externalRef = parseRef(input.externalRef);
    this.#clearPrevious();
    const id = randomUUID();
    const body = this.#createBody(id, checks, externalRef);
    const idempotencyKey = createIdempotencyKey(id, 0);
    let remote: ActiveVerification['remote'] = { sessionId: null, token: null, idempotencyKey };
    let flow: FlowConfig | null = null;
    const client = this.#d.client;
    if (client) {
      try {
        const created = await client.createSession(body, idempotencyKey, this.#d.config.sync.startTimeoutMs);
        const token = sessionTokenOf(created.verificationUrl);
        if (token) {
          flow = await client.flowConfig(token, this.#d.config.sync.startTimeoutMs);
          remote = { sessionId: created.sessionId, token, idempotencyKey };
        }
      } catch (e) {
        if (!(isServerLinkError(e) && e.kind === 'retry')) throw e;
        this.#d.logger?.info?.('[kiosk] server unreachable at start: continuing offline');
      }
    }
    const v = this.#newVerification({
      origin: 'walk_in',
      checks,
      externalRef,
      metadata: body.metadata ?? {},
      id,
      remote,
      flow,
      expiresInMs: 30 * 60_000,
      createBody: body,
    });
    this.#d.state.set(v);
  }

  /**
   * Opens a session a backend created, from its code (the verification URL or its token, typed or scanned from a QR
   * code). Needs the server (the session's checks and challenges live there).
   */
  async openSession(code: unknown): Promise<void> {
    const token = typeof code === 'string' ? sessionTokenOf(code) : null;
    if (!token) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'This is not a verification code or link');
    const client = this.#d.client;
    if (!client) throw new ProvefyError('PROVEFY_ERR_CONFIG', 'No Provefy server is configured on this kiosk');
    this.#clearPrevious();
    const flow = await client.flowConfig(token, this.#d.config.sync.startTimeoutMs);
    const status = flow.state.status;
    if (status === 'COMPLETED' || status === 'EXPIRED' || status === 'CANCELLED') {
      throw new ProvefyError('PROVEFY_ERR_SESSION_TERMINAL', `This verification is already ${status.toLowerCase()}`, { status });
    }
    const checks = flow.requestedChecks.filter(isCheckName);
    if (checks.length === 0) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'The session requests no check the kiosk can run');
    const expiresInMs = Math.max(60_000, Date.parse(flow.state.expiresAt) - this.#now());
    const id = randomUUID();
    const v = this.#newVerification({
      origin: 'server_session',
      checks,
      externalRef: null,
      metadata: {},
      id,
      remote: { sessionId: flow.state.sessionId, token, idempotencyKey: createIdempotencyKey(id, 0) },
      flow,
      expiresInMs: Number.isFinite(expiresInMs) ? expiresInMs : 30 * 60_000,
      createBody: null,
    });
    this.#d.state.set(v);
  }

  /** The customer started. */
  begin(): void {
    const v = this.#require();
    if (v.session.status === 'COMPLETED') throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', 'This verification is finished');
    this.#d.state.update(v.id, (x) => {
      x.customerStarted = true;
      if (x.session.status === 'PENDING') x.session = startCapture(x.session, { now: new Date(this.#now()), actor: 'customer' });
    });
  }

  /** The captures still needed (core's capture plan). */
  next(v: ActiveVerification = this.#require()): CaptureStep[] {
    return nextCaptures(v.session, { selfie: v.captures.selfie !== null, documentFront: v.captures.documentFront !== null, awaitingBack: v.needsBack });
  }

  #expectStep(v: ActiveVerification, step: CaptureStep): void {
    if (!v.customerStarted) throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', 'The customer has not started');
    if (v.busy) throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `Still processing the ${v.busy.replace('_', ' ')}`);
    if (!this.next(v).includes(step)) throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `The ${step.replace('_', ' ')} is not needed now`, { step });
  }

  /** The capture plan's image store over the verification's in-memory captures (old bytes are zeroed). */
  #images(v: ActiveVerification): CaptureImages {
    const c = v.captures;
    const field = { selfie: 'selfie', document_front: 'documentFront', document_back: 'documentBack' } as const;
    const wipe = (b: Uint8Array | null, keep?: Uint8Array) => {
      if (b && b !== keep) b.fill(0);
    };
    return {
      get: async (kind) => c[field[kind]],
      put: async (kind, bytes) => {
        wipe(c[field[kind]], bytes);
        if (kind === 'document_front') {
          // A new front starts a new document: the old back no longer belongs to it.
          wipe(c.documentBack, bytes);
          c.documentBack = null;
        }
        c[field[kind]] = bytes;
      },
      drop: async (kind) => {
        wipe(c[field[kind]]);
        c[field[kind]] = null;
      },
      held: async () => ({ selfie: c.selfie !== null, documentFront: c.documentFront !== null, awaitingBack: v.needsBack }),
    };
  }

  /** The capture plan's context: the kiosk's checks and thresholds, results recorded in the local session. */
  #ctx(v: ActiveVerification): CaptureContext {
    const faceMatch = this.#d.config.thresholds.faceMatch;
    return {
      session: v.session,
      checks: this.#d.checks,
      images: this.#images(v),
      record: async (s, outcome) => {
        v.session = recordCheckResult(s, outcome, { now: new Date(this.#now()), actor: 'kiosk' });
        return v.session;
      },
      challenges: challengeTypes(v.challenges),
      faceMatchThreshold: faceMatch === null ? undefined : faceMatch,
      askForBack: this.#d.config.askForBack,
    };
  }

  /** Applies what the plan did: the back asked for, the document's fields, images asked for again. */
  #apply(v: ActiveVerification, out: CaptureOutcome): void {
    v.session = out.session;
    v.needsBack = out.awaitingBack;
    if (!out.awaitingBack) v.pendingFront = null;
    else if (out.document) v.pendingFront = out.document;
    if (out.document) v.document = fieldsView(out.document);
    const retake = out.retake[0];
    if (retake) v.notice = { code: retake.reason.code, message: retake.reason.message };
  }

  /** Runs a capture step: busy flag, errors of unusable captures become a notice and a retry, completion queues it. */
  async #step(step: CaptureStep, work: (v: ActiveVerification) => Promise<void>): Promise<StepOutcome> {
    const v = this.#require();
    this.#expectStep(v, step);
    const before = { ...Object.fromEntries(Object.entries(v.session.checks).map(([k, c]) => [k, c?.attempts ?? 0])) };
    this.#d.state.update(v.id, (x) => {
      x.busy = step;
      x.notice = null;
      x.retryReasons = [];
    });
    let failed = false;
    try {
      await work(v);
    } catch (e) {
      if (this.#d.state.current !== v) throw e; // wiped meanwhile
      if (!isProvefyError(e) || e.code === 'PROVEFY_ERR_SESSION_FINISHED' || e.code === 'PROVEFY_ERR_INVALID_TRANSITION') {
        this.#d.state.update(v.id, (x) => {
          x.busy = null;
        });
        throw e;
      }
      failed = true;
      v.notice = { code: e.code, message: e.message };
    }
    if (this.#d.state.current !== v) throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', 'The verification was wiped');
    // A check that recorded a FAIL with attempts left: tell the customer why and offer the step again.
    if (!failed) {
      for (const [name, c] of Object.entries(v.session.checks)) {
        if (c && !c.final && c.result === 'FAIL' && c.attempts > (before[name] ?? 0)) {
          failed = true;
          v.notice = c.reasons[0] ? reasonView(c.reasons[0]) : { code: 'CHECK_FAILED', message: 'That did not work, please try again' };
          v.retryReasons = c.reasons.map(reasonView);
        }
      }
    }
    v.busy = null;
    if (v.session.status === 'COMPLETED') this.#enqueue(v);
    this.#d.state.changed();
    const steps = this.next(v);
    return { next: steps[0] ?? null, retry: failed && steps.includes(step) };
  }

  /** Liveness frames captured while the customer followed the challenges. */
  submitLiveness(input: { frames: Uint8Array[]; timestamps: number[]; mirrored: boolean; source?: LivenessCameraSource | null }): Promise<StepOutcome> {
    return this.#step('liveness', async (v) => {
      if (input.frames.length > v.capture.maxFrames) {
        throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `At most ${v.capture.maxFrames} frames`, { frames: input.frames.length });
      }
      const out = await captureLiveness(this.#ctx(v), input.frames, { timestamps: input.timestamps, timestampUnit: 'ms', mirrored: input.mirrored, selfieFromFrames: false });
      for (const f of v.captures.livenessFrames) f.fill(0);
      v.captures.livenessFrames = input.frames;
      v.captures.livenessTimestamps = input.timestamps;
      v.captures.mirrored = input.mirrored;
      v.captures.livenessSource = input.source ?? null;
      this.#apply(v, out);
    });
  }

  /** The selfie: age estimation (when requested) and, with the document, the face match. */
  submitSelfie(image: Uint8Array): Promise<StepOutcome> {
    return this.#step('selfie', async (v) => {
      this.#apply(v, await captureSelfie(this.#ctx(v), image, 'image/jpeg'));
    });
  }

  /** A document side from the camera (through the camera driver). */
  async cameraDocument(side: 'front' | 'back', image: Uint8Array): Promise<StepOutcome> {
    const camera = this.#d.scanners.camera();
    if (!camera) throw new ProvefyError('PROVEFY_ERR_CONFIG', 'No camera scanner is configured');
    camera.provide(image);
    return this.scanDocument(side, camera.id);
  }

  /** A document side from a scanner driver: waits for the scan, then reads it. */
  scanDocument(side: 'front' | 'back', scannerId: string): Promise<StepOutcome> {
    const driver = this.#d.scanners.get(scannerId);
    return this.#step(side === 'front' ? 'document_front' : 'document_back', async (v) => {
      this.#scanAbort?.abort();
      const abort = new AbortController();
      this.#scanAbort = abort;
      this.#d.state.update(v.id, (x) => {
        x.scanning = true;
      });
      const scan = await driver.acquire({ timeoutMs: this.#d.config.scanTimeoutMs, signal: abort.signal }).finally(() => {
        if (this.#scanAbort === abort) this.#scanAbort = null;
        this.#d.state.update(v.id, (x) => {
          x.scanning = false;
        });
      });
      if (this.#d.state.current !== v) {
        scan.bytes.fill(0);
        return;
      }
      await this.#document(v, side, scan.bytes);
    });
  }

  /** No back side: the front is read alone (its earlier read is used). */
  skipBack(): Promise<StepOutcome> {
    return this.#step('document_back', async (v) => {
      const out = await completeCaptures(this.#ctx(v), v.pendingFront);
      this.#apply(v, { ...out, awaitingBack: false });
    });
  }

  async #document(v: ActiveVerification, side: 'front' | 'back', bytes: Uint8Array): Promise<void> {
    this.#apply(v, await captureDocument(this.#ctx(v), side, bytes, 'image/jpeg'));
  }

  /** Puts the finished verification into the offline queue (idempotent) and asks the sync to run. */
  #enqueue(v: ActiveVerification): void {
    if (v.queuedItemId) return;
    const c = v.captures;
    const wants = (n: CheckName) => v.session.requestedChecks.includes(n);
    this.#d.queue.enqueue({
      id: v.id,
      kind: v.origin,
      createBody: v.origin === 'walk_in' ? v.createBody : null,
      remote: v.remote.token ? { sessionId: v.remote.sessionId, token: v.remote.token } : null,
      liveness:
        wants('liveness') && c.livenessFrames.length > 0
          ? { frames: c.livenessFrames, timestamps: c.livenessTimestamps, mirrored: c.mirrored, challenges: challengeTypes(v.challenges), source: c.livenessSource }
          : null,
      selfie: wants('age_estimation') || wants('face_match') ? c.selfie : null,
      documentFront: wants('doc_verify') || wants('face_match') ? c.documentFront : null,
      documentBack: wants('doc_verify') ? c.documentBack : null,
      localResult: summariseSession(v.session),
      createdAt: this.#now(),
    });
    v.queuedItemId = v.id;
    this.#d.sync?.syncNow().catch(() => undefined);
  }

  /** Abandons the current verification (nothing is queued) and wipes it. */
  cancel(): void {
    this.#scanAbort?.abort();
    if (this.#d.state.current) this.#d.state.wipe('cancelled', this.#now());
    void this.#d.scanners.clearAll();
  }

  /** Closes a finished verification (already queued) and wipes it for the next customer. */
  finish(): void {
    const v = this.#d.state.current;
    if (v && v.session.status !== 'COMPLETED') throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', 'The verification is not finished: cancel it instead');
    this.#scanAbort?.abort();
    if (v) this.#d.state.wipe('finished', this.#now());
    void this.#d.scanners.clearAll();
  }

  /** Called by the idle timeout and on sign-out: aborts waiting scans and clears the drivers. */
  onWiped(): void {
    this.#scanAbort?.abort();
    void this.#d.scanners.clearAll();
  }

  /**
   * The renderer's view of the current verification (`forOperator` adds the reference and the document fields).
   */
  view(forOperator: boolean): VerificationView | null {
    const v = this.#d.state.current;
    if (!v) return null;
    const s = v.session;
    const results: CheckView[] = s.requestedChecks.map((name) => {
      const c = s.checks[name]!;
      return {
        check: name as KioskCheckName,
        result: c.result,
        final: c.final,
        attempts: c.attempts,
        attemptsLeft: c.final ? 0 : Math.max(0, s.config.maxAttempts - c.attempts),
        reasons: c.reasons.map(reasonView),
        values: { ...(c.values as Record<string, string | number | boolean | null>) },
      };
    });
    const queued = v.queuedItemId ? this.#d.queue.get(v.queuedItemId) : null;
    return {
      id: v.id,
      origin: v.origin,
      externalRef: forOperator ? v.externalRef : null,
      checks: [...s.requestedChecks] as KioskCheckName[],
      challenges: v.challenges,
      capture: v.capture,
      next: this.next(v),
      busy: v.busy,
      scanning: v.scanning,
      status: s.status,
      overallResult: s.overallResult,
      results,
      needsBack: v.needsBack,
      notice: v.notice,
      retryReasons: v.retryReasons,
      document: forOperator ? v.document : null,
      delivery: queued
        ? {
            state: queued.status === 'pending' ? (this.#d.sync?.activeItem === queued.id ? 'sending' : 'queued') : queued.status,
            remoteSessionId: queued.remoteSessionId ?? v.remote.sessionId,
            serverStatus: queued.serverResult?.status ?? null,
            serverResult: queued.serverResult?.overallResult ?? null,
            error: queued.lastError,
          }
        : null,
      linkedToServer: v.remote.token !== null,
    };
  }
}

/** A reason as the screens show it: code, message and, for a missed challenge, which one and why. */
function reasonView(r: CheckReason): ReasonView {
  const missed = missedChallenges(r);
  return missed.length ? { code: r.code, message: r.message, challenges: missed } : { code: r.code, message: r.message };
}

function fieldsView(r: DocumentResult): DocumentFieldsView {
  const f = r.fields ?? {};
  return {
    documentType: r.documentType,
    country: r.country,
    firstName: f.firstName ?? null,
    lastName: f.lastName ?? null,
    dateOfBirth: f.dateOfBirth ?? null,
    documentNumber: f.documentNumber ?? null,
    expiryDate: f.expiryDate ?? null,
  };
}

/**
 * A non-PII summary of a local session (results and reason codes).
 *
 * @example
 * ```ts
 * summariseSession(session); // { status: 'COMPLETED', overallResult: 'REVIEW', checks: { liveness: { result: 'REVIEW', final: true, reasons: ['LOW_SCORE'] } } }
 * ```
 */
export function summariseSession(s: Session): ResultSummary {
  const checks: ResultSummary['checks'] = {};
  for (const name of s.requestedChecks) {
    const c = s.checks[name]!;
    checks[name] = { result: c.result, final: c.final, reasons: c.reasons.map((r) => r.code) };
  }
  return { status: s.status, overallResult: s.overallResult, checks };
}

function parseChecks(v: unknown): CheckName[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > 4 || !v.every(isCheckName)) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'Choose at least one check: liveness, age_estimation, doc_verify, face_match');
  }
  return [...new Set(v)] as CheckName[];
}

function parseRef(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !REF.test(v.trim())) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'The reference must be 1-255 printable characters');
  return v.trim();
}
