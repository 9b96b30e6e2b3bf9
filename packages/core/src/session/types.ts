/**
 * The data model of a verification session. Everything here is plain data: a session is a tree of plain objects,
 * arrays, strings, numbers, booleans, `null` and `Date`s, so it can be cloned, compared and serialised
 * (`serializeSession`) without loss. Transition functions never mutate a session; they return a new one.
 */
import type { CheckReason, CheckResult } from '../check-result.js';
import type { Box } from '../image/types.js';

/** A check a session can request, spelled as in the contract's `checks` request field. */
export type CheckName = 'liveness' | 'age_estimation' | 'doc_verify' | 'face_match';

/** The status of one check inside a session. */
export type CheckStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED';

/** The status of a session, as in the contract. `COMPLETED`, `EXPIRED` and `CANCELLED` are terminal. */
export type SessionStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'EXPIRED' | 'CANCELLED';

/** The overall result of a completed session, as in the contract. */
export type OverallResult = 'APPROVED' | 'REJECTED' | 'REVIEW';

/** The decision a reviewer can take on a session whose overall result is `REVIEW`. */
export type ReviewDecisionValue = 'APPROVED' | 'REJECTED';

/** The document kinds the document reader reports. */
export type SessionDocumentType = 'PASSPORT' | 'ID_CARD' | 'DRIVERS_LICENSE' | 'RESIDENCE_PERMIT' | 'VISA' | 'UNKNOWN';

/**
 * Where the face match took its document portrait from: the portrait found by the session's document check,
 * or a document photo supplied separately (for sessions without `doc_verify`, or when the reader found no portrait).
 */
export type PortraitSource = 'doc_verify' | 'document_photo';

/** Per-session settings, usually taken from the API key. */
export interface SessionConfig {
  /** Minimum age in whole years (default 18). */
  readonly minAge: number;
  /** Liveness score needed to pass, 0..1 (default 0.85). Stored for the checks to use. */
  readonly livenessThreshold: number;
  /** Face-match similarity needed to pass, 0..1 (default 0.57). Stored for the checks to use. */
  readonly faceMatchThreshold: number;
  /** How many results a check may record before a FAIL is final (default 3). */
  readonly maxAttempts: number;
  /** Session lifetime in milliseconds from creation (default 30 minutes). */
  readonly expiresInMs: number;
  /** Estimated age further than this from the document's age (in years) gives REVIEW (default 10). */
  readonly ageMismatchYears: number;
}

/** Fields read from an identity document (ISO `YYYY-MM-DD` dates). All are PII and removed by `redactSession`. */
export interface SessionDocumentFields {
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly dateOfBirth: string | null;
  readonly documentNumber: string | null;
  readonly expiryDate: string | null;
  readonly sex: string | null;
  readonly nationality: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Check outcomes: what a check reports, the input of `recordCheckResult`. They are shaped so a check module's
// result can be spread in: `{ check: 'liveness', ...await verifyLiveness(frames) }` (extra properties are ignored).

interface OutcomeBase {
  readonly result: CheckResult;
  readonly reasons?: readonly CheckReason[];
}

/** A liveness result (`verifyLiveness`). */
export interface LivenessOutcome extends OutcomeBase {
  readonly check: 'liveness';
  readonly livenessScore: number | null;
}

/** An age-estimation result (`estimateAge`). */
export interface AgeEstimationOutcome extends OutcomeBase {
  readonly check: 'age_estimation';
  readonly estimatedAge: number | null;
  readonly meetsMinAge: boolean;
}

/** A document result (`readDocument`). */
export interface DocumentOutcome extends OutcomeBase {
  readonly check: 'doc_verify';
  readonly documentType: SessionDocumentType;
  readonly ocrConfidence: number | null;
  readonly country?: string | null;
  readonly fields?: Partial<SessionDocumentFields> | null;
  /** The portrait box found on the document (or `true`/`false`), `null` when none was found. */
  readonly portrait: Box | boolean | null;
}

/** A face-match result (`matchFaces`). */
export interface FaceMatchOutcome extends OutcomeBase {
  readonly check: 'face_match';
  readonly similarityScore: number | null;
  readonly isMatch: boolean;
  /** Default `doc_verify`: the portrait of the session's document check. */
  readonly portraitSource?: PortraitSource;
}

/** Any check outcome. */
export type CheckOutcome = LivenessOutcome | AgeEstimationOutcome | DocumentOutcome | FaceMatchOutcome;

// ---------------------------------------------------------------------------------------------------------------
// Stored per-check state.

/** The contract fields of each check (besides `status` and `result`), as shown by GET and the webhook. */
export interface CheckValuesMap {
  readonly liveness: { readonly livenessScore: number | null };
  readonly age_estimation: { readonly estimatedAge: number | null; readonly meetsMinAge: boolean | null };
  readonly doc_verify: { readonly documentType: SessionDocumentType | null; readonly ocrConfidence: number | null };
  readonly face_match: { readonly similarityScore: number | null; readonly isMatch: boolean | null };
}

/** The check-specific part of a stored attempt (normalised from the outcome; no extra properties). */
export interface ReportedValuesMap {
  readonly liveness: { readonly livenessScore: number | null };
  readonly age_estimation: { readonly estimatedAge: number | null; readonly meetsMinAge: boolean };
  readonly doc_verify: {
    readonly documentType: SessionDocumentType;
    readonly ocrConfidence: number | null;
    readonly country: string | null;
    readonly portraitFound: boolean;
    readonly fields: SessionDocumentFields;
  };
  readonly face_match: {
    readonly similarityScore: number | null;
    readonly isMatch: boolean;
    readonly portraitSource: PortraitSource;
  };
}

/** The latest attempt of a check exactly as the check reported it, before cross-check rules. */
export type ReportedAttempt<N extends CheckName = CheckName> = {
  /** When the result was recorded. */
  readonly at: Date;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly result: CheckResult;
  readonly reasons: readonly CheckReason[];
} & ReportedValuesMap[N];

/** The state of one requested check. */
export interface CheckState<N extends CheckName = CheckName> {
  readonly name: N;
  /** `COMPLETED` exactly when `final` is true. */
  readonly status: CheckStatus;
  /** Result of the latest attempt after cross-check rules; `null` before the first attempt. */
  readonly result: CheckResult | null;
  /** True when no further attempt is accepted: PASS, REVIEW, or a FAIL that is out of attempts or not retryable. */
  readonly final: boolean;
  /** Results recorded so far. */
  readonly attempts: number;
  /** Reasons of the latest attempt followed by reasons added by cross-check rules. */
  readonly reasons: readonly CheckReason[];
  /** Contract fields after cross-check rules (all `null` before the first attempt). */
  readonly values: CheckValuesMap[N];
  /** The latest attempt as reported, kept for cross-checks and audit; `null` before the first attempt. */
  readonly reported: ReportedAttempt<N> | null;
  readonly startedAt: Date | null;
  /** When the check became final. */
  readonly completedAt: Date | null;
}

/** The requested checks' states, keyed by check name (only requested checks are present). */
export type SessionChecks = { readonly [N in CheckName]?: CheckState<N> };

/** One entry of the append-only audit log. `data` never holds document PII. */
export interface SessionLogEntry {
  readonly at: Date;
  /** `system`, `api`, `user`, or `reviewer:<id>` (free text chosen by the caller). */
  readonly actor: string;
  /** `session.created`, `capture.started`, `check.recorded`, `check.reevaluated`, `session.completed`,
   * `session.cancelled`, `session.expired`, `review.resolved`, `session.redacted`. */
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A reviewer's decision on a session whose automatic overall result was `REVIEW`. */
export interface ReviewDecision {
  readonly decision: ReviewDecisionValue;
  readonly reviewer: string;
  /** Free text; replaced by `null` when the session is redacted. */
  readonly reason: string | null;
  readonly at: Date;
}

/** A verification session. Create with `createSession`; change only through the transition functions. */
export interface Session {
  /** Schema version of this object (bumped if the stored shape ever changes). */
  readonly version: 1;
  readonly id: string;
  readonly externalRef: string | null;
  /** In request order, without duplicates. */
  readonly requestedChecks: readonly CheckName[];
  readonly config: SessionConfig;
  readonly status: SessionStatus;
  /** Set exactly when `status` is `COMPLETED`; a reviewer's decision replaces `REVIEW`. */
  readonly overallResult: OverallResult | null;
  readonly checks: SessionChecks;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly redirectUrl: string | null;
  readonly callbackUrl: string | null;
  readonly createdAt: Date;
  /** Time of the latest log entry. */
  readonly updatedAt: Date;
  /** First capture. */
  readonly startedAt: Date | null;
  /** When the session became `COMPLETED`. */
  readonly completedAt: Date | null;
  /** When the session reached any terminal status (for `EXPIRED` this is `expiresAt`). */
  readonly endedAt: Date | null;
  readonly expiresAt: Date;
  readonly review: ReviewDecision | null;
  readonly redactedAt: Date | null;
  readonly log: readonly SessionLogEntry[];
}
