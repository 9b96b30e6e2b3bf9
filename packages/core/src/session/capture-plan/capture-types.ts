/**
 * The types of the capture plan: what the person still has to capture, the four checks it runs (core's own
 * function types and results), and where the images it keeps live.
 */
import type { AgeEstimationResult, EstimateAgeOptions } from '../../age/estimate-age.js';
import type { CheckReason } from '../../check-result.js';
import type { DocumentResult, ReadDocumentOptions } from '../../document/types.js';
import type { FaceMatchOptions, FaceMatchResult } from '../../face/match/types.js';
import type { LivenessChallengeType, LivenessOptions, LivenessResult } from '../../liveness/types.js';
import type { CheckName, CheckOutcome, Session } from '../types.js';

/** A capture the person still has to provide, in the order they make them. */
export type CaptureStep = 'liveness' | 'selfie' | 'document_front' | 'document_back';

/** An image the plan keeps between captures. */
export type CaptureImageKind = 'selfie' | 'document_front' | 'document_back';

/**
 * The four checks, with core's real signatures and result types. The adapter passes core's functions
 * (`{ verifyLiveness, estimateAge, readDocument, matchFaces }`), the kiosk its worker-backed copies.
 */
export interface CaptureChecks {
  verifyLiveness(frames: readonly Uint8Array[], opts: LivenessOptions): Promise<LivenessResult>;
  estimateAge(image: Uint8Array, opts: EstimateAgeOptions): Promise<AgeEstimationResult>;
  readDocument(images: readonly Uint8Array[], opts?: ReadDocumentOptions): Promise<DocumentResult>;
  matchFaces(selfie: Uint8Array, document: Uint8Array, opts: FaceMatchOptions): Promise<FaceMatchResult>;
}

/** Which images are held, and whether the document reader asked for the back of the front it read. */
export interface CaptureHeld {
  readonly selfie: boolean;
  readonly documentFront: boolean;
  /** A front was read, is not a clear PASS for a two-sided kind, and its back has not come yet. */
  readonly awaitingBack: boolean;
}

/**
 * Where the plan keeps images between captures: the adapter's encrypted blob store, the kiosk's memory.
 * `put('document_front')` starts a new document: an older back no longer belongs to it.
 */
export interface CaptureImages {
  get(kind: CaptureImageKind): Promise<Uint8Array | null>;
  put(kind: CaptureImageKind, bytes: Uint8Array, contentType: string): Promise<void>;
  drop(kind: CaptureImageKind): Promise<void>;
  held(session: Session): Promise<CaptureHeld>;
}

/** An image the plan asks for again, and why (a stored image that proved unusable). */
export interface CaptureRetake {
  readonly step: CaptureStep;
  readonly reason: CheckReason;
}

/** What the plan needs to run a capture. */
export interface CaptureContext {
  session: Session;
  readonly checks: CaptureChecks;
  readonly images: CaptureImages;
  /** Records an outcome and returns the new session (the adapter in its transaction; default `recordCheckResult`). */
  readonly record: (session: Session, outcome: CheckOutcome) => Promise<Session>;
  /** Liveness challenges the person performed. */
  readonly challenges: readonly LivenessChallengeType[];
  /** Face-match threshold (default: the recognizer's own). */
  readonly faceMatchThreshold?: number | undefined;
  /** Ask for the back of a two-sided document whose front is not a clear PASS (default true). */
  readonly askForBack?: boolean;
  /**
   * The capture clock (default: the current time). The document reader decides expiry with it; pass the same clock
   * to `record` (for example `recordInMemory(actor, now)`) so that the document's age is taken on the same day.
   */
  readonly now?: () => Date;
  /** Decodes an upload before it is kept or counts (default {@link validateCaptureImage}). */
  readonly validate?: (bytes: Uint8Array) => Promise<void>;
}

/** What a capture did. */
export interface CaptureOutcome {
  readonly session: Session;
  /** Checks recorded by this capture, in order. */
  readonly recorded: readonly CheckName[];
  /** The reader wants the back of the front just read. */
  readonly awaitingBack: boolean;
  /** The front's read, held back while the back is awaited (the kiosk shows its fields). */
  readonly document: DocumentResult | null;
  /** Stored images that proved unusable and are asked for again. */
  readonly retake: readonly CaptureRetake[];
}
