import type { CheckName, DocumentResult, Session } from '@provefy/core';
import type { CaptureStep, ChallengeStepView, DocumentFieldsView, ReasonView } from '../../shared/kiosk-view.js';
import type { LivenessCameraSource } from '../../shared/ipc-contract.js';
import type { CreateSessionBody } from '../server-link/provefy-client.js';

/** Everything captured from the customer: held only in memory until the verification ends. */
export interface Captures {
  livenessFrames: Uint8Array[];
  /** Capture time of each liveness frame (ms from the first). */
  livenessTimestamps: number[];
  mirrored: boolean;
  /** The camera that captured the liveness frames (sent to the server as `captureSource`). */
  livenessSource: LivenessCameraSource | null;
  selfie: Uint8Array | null;
  documentFront: Uint8Array | null;
  documentBack: Uint8Array | null;
}

/** The verification in progress. */
export interface ActiveVerification {
  /** Local id (also the offline queue item id once finished). */
  id: string;
  origin: 'walk_in' | 'server_session';
  externalRef: string | null;
  checks: CheckName[];
  challenges: ChallengeStepView[];
  capture: { fps: number; maxFrames: number };
  /** The local session (core state machine), the source of every result shown. */
  session: Session;
  captures: Captures;
  busy: CaptureStep | null;
  /** Waiting for a scanner (the document step is busy meanwhile). */
  scanning: boolean;
  needsBack: boolean;
  notice: ReasonView | null;
  /** Every reason of the check that just failed with attempts left. */
  retryReasons: ReasonView[];
  document: DocumentFieldsView | null;
  /** The POST /verify body of a walk-in (sent again byte for byte when syncing, as idempotency requires). */
  createBody: CreateSessionBody | null;
  /** A front read that asked for the back side, recorded as is if the customer has no back. */
  pendingFront: DocumentResult | null;
  /** The server side: known at start when online (or for an opened session), else created when syncing. */
  remote: { sessionId: string | null; token: string | null; idempotencyKey: string };
  customerStarted: boolean;
  /** Set once the finished verification is in the offline queue. */
  queuedItemId: string | null;
  startedAt: number;
}

/**
 * Empty captures.
 *
 * @example
 * ```ts
 * const captures = emptyCaptures(); // no frames, no selfie, no document
 * ```
 */
export function emptyCaptures(): Captures {
  return { livenessFrames: [], livenessTimestamps: [], mirrored: false, livenessSource: null, selfie: null, documentFront: null, documentBack: null };
}

/**
 * Overwrites every captured image with zeros (so the bytes do not linger in memory until garbage collection) and
 * empties the captures. Returns how many buffers were wiped.
 *
 * @example
 * ```ts
 * zeroCaptures(verification.captures); // 32
 * ```
 */
export function zeroCaptures(c: Captures): number {
  const buffers = [...c.livenessFrames, c.selfie, c.documentFront, c.documentBack].filter((b): b is Uint8Array => b !== null);
  for (const b of buffers) b.fill(0);
  c.livenessFrames = [];
  c.livenessTimestamps = [];
  c.livenessSource = null;
  c.selfie = null;
  c.documentFront = null;
  c.documentBack = null;
  return buffers.length;
}

export type WipeReason = 'idle' | 'finished' | 'cancelled' | 'operator_signed_out' | 'crash_recovery';

/**
 * The in-memory store of the current customer's verification, with change notification and `wipe()`, which zeroes
 * the images, drops the session (results, document fields, reference) and tells every screen to clear itself.
 *
 * @example
 * ```ts
 * const state = new CustomerState();
 * state.onChange(() => pushViewToScreens());
 * state.set(verification);
 * state.wipe('idle');
 * state.current; // null
 * ```
 */
export class CustomerState {
  #current: ActiveVerification | null = null;
  #listeners = new Set<() => void>();
  lastWipeAt: number | null = null;
  lastWipeReason: WipeReason | null = null;

  get current(): ActiveVerification | null {
    return this.#current;
  }

  /** Starts a verification (wiping any previous one first). */
  set(v: ActiveVerification): void {
    if (this.#current && this.#current !== v) this.#clear();
    this.#current = v;
    this.changed();
  }

  /** Changes the current verification in place and notifies; a no-op without one or when the id moved on. */
  update(id: string, fn: (v: ActiveVerification) => void): void {
    const v = this.#current;
    if (!v || v.id !== id) return;
    fn(v);
    this.changed();
  }

  /** Wipes the customer's images and data from memory and every screen. Returns the number of images zeroed. */
  wipe(reason: WipeReason, now = Date.now()): number {
    const n = this.#clear();
    this.lastWipeAt = now;
    this.lastWipeReason = reason;
    this.changed();
    return n;
  }

  #clear(): number {
    const v = this.#current;
    if (!v) return 0;
    this.#current = null;
    const n = zeroCaptures(v.captures);
    v.externalRef = null;
    v.document = null;
    v.pendingFront = null;
    v.createBody = null;
    v.notice = null;
    v.retryReasons = [];
    return n;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Notifies listeners (views are rebuilt from the current state). */
  changed(): void {
    for (const l of this.#listeners) {
      try {
        l();
      } catch {
        /* a failing screen must not stop the others */
      }
    }
  }
}
