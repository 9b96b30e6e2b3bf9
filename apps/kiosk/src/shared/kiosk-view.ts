/**
 * What the renderer may see of the kiosk: a plain, serialisable snapshot pushed by the main process after every
 * change. It never holds images; document fields appear only in the operator's view.
 */

/** The checks a verification can request (the contract's names). */
export type KioskCheckName = 'liveness' | 'age_estimation' | 'doc_verify' | 'face_match';

/** Every check name, in the contract's order. */
export const KIOSK_CHECK_NAMES: readonly KioskCheckName[] = ['liveness', 'age_estimation', 'doc_verify', 'face_match'];

/** Liveness challenges the customer is guided through (the names `verifyLiveness` understands). */
export type ChallengeType = 'look_straight' | 'blink' | 'turn_left' | 'turn_right';

/** Which screen a renderer is: the operator's, the customer's, or both in one window. */
export type ScreenRole = 'operator' | 'customer' | 'combined';

/** A capture the customer still has to make. */
export type CaptureStep = 'liveness' | 'selfie' | 'document_front' | 'document_back';

/** Where the kiosk is in its cycle. */
export type KioskPhase =
  /** No verification: operator screen shows login or the start form; customer screen a welcome. */
  | 'idle'
  /** The operator started a verification; the customer screen invites the customer to begin. */
  | 'ready'
  /** The customer is capturing. */
  | 'capturing'
  /** Every check is final: the operator sees the result. */
  | 'result';

export interface ReasonView {
  code: string;
  message: string;
  /** With CHALLENGE_NOT_PERFORMED: each challenge not found and why (core's `missedChallenges`). */
  challenges?: { type: ChallengeType; cause: string | null }[];
}

export interface CheckView {
  check: KioskCheckName;
  result: 'PASS' | 'FAIL' | 'REVIEW' | null;
  final: boolean;
  attempts: number;
  attemptsLeft: number;
  reasons: ReasonView[];
  /** Contract values: livenessScore, estimatedAge, meetsMinAge, documentType, ocrConfidence, similarityScore, isMatch. */
  values: Record<string, string | number | boolean | null>;
}

/** One planned liveness challenge with how long frames are captured for it. */
export interface ChallengeStepView {
  type: ChallengeType;
  durationMs: number;
}

/** Extracted document fields (operator screen only). */
export interface DocumentFieldsView {
  documentType: string | null;
  country: string | null;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  documentNumber: string | null;
  expiryDate: string | null;
}

/** Delivery of a finished verification to the server. */
export interface DeliveryView {
  state: 'queued' | 'sending' | 'delivered' | 'rejected';
  remoteSessionId: string | null;
  /** The server's own result after it processed the captures. */
  serverStatus: string | null;
  serverResult: string | null;
  error: string | null;
}

export interface VerificationView {
  id: string;
  origin: 'walk_in' | 'server_session';
  /** The reference the operator typed (operator view only; null on the customer's). */
  externalRef: string | null;
  checks: KioskCheckName[];
  challenges: ChallengeStepView[];
  /** Frames per second for liveness capture and the most frames to send. */
  capture: { fps: number; maxFrames: number };
  next: CaptureStep[];
  /** A check running right now. */
  busy: CaptureStep | null;
  /** Waiting for a scanner to deliver the document (part of `busy`). */
  scanning: boolean;
  status: 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'EXPIRED' | 'CANCELLED';
  overallResult: 'APPROVED' | 'REJECTED' | 'REVIEW' | null;
  results: CheckView[];
  /** Set when the document front was read and the back is asked for. */
  needsBack: boolean;
  /** The last problem the customer should see (e.g. "No face found, try again"). */
  notice: ReasonView | null;
  /** Every reason of the check that just failed with attempts left (the customer screen words each); empty otherwise. */
  retryReasons: ReasonView[];
  document: DocumentFieldsView | null;
  delivery: DeliveryView | null;
  /** Whether the server knew the session when it started (online) or it will be created on sync. */
  linkedToServer: boolean;
}

export interface CameraHealthView {
  deviceId: string | null;
  label: string | null;
  state: 'ok' | 'degraded' | 'failed' | 'unknown';
  width: number | null;
  height: number | null;
  fps: number | null;
  /** Mean luma 0-255 of recent frames. */
  brightness: number | null;
  /** Laplacian variance of a recent frame (higher is sharper). */
  sharpness: number | null;
  problems: string[];
  reportedAt: number | null;
}

export interface CameraDeviceView {
  deviceId: string;
  label: string;
}

export interface ScannerView {
  id: string;
  kind: 'sane' | 'folder' | 'camera';
  label: string;
  ready: boolean;
  detail: string | null;
}

export interface OperatorView {
  loggedIn: boolean;
  /** Epoch ms until which PIN entry is locked, or null. */
  lockedUntil: number | null;
  failuresLeft: number;
  pinConfigured: boolean;
}

export interface SyncView {
  configured: boolean;
  online: boolean | null;
  pending: number;
  rejected: number;
  delivered: number;
  lastError: string | null;
  lastSyncAt: number | null;
}

/** The whole snapshot. */
export interface KioskView {
  kioskId: string;
  role: ScreenRole;
  phase: KioskPhase;
  operator: OperatorView;
  verification: VerificationView | null;
  camera: { selectedDeviceId: string | null; devices: CameraDeviceView[]; health: CameraHealthView | null };
  scanners: ScannerView[];
  sync: SyncView;
  /** Recently finished verifications (operator view only; no PII). */
  history: HistoryEntryView[];
  idle: { timeoutMs: number; lastWipeAt: number | null; lastWipeReason: string | null };
}

export interface HistoryEntryView {
  id: string;
  finishedAt: number;
  overallResult: string | null;
  delivery: DeliveryView;
}
