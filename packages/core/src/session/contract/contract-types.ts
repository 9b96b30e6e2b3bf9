/** The JSON shapes of the public API contract (docs: /verify endpoints and webhooks). */
import type { CheckResult } from '../../check-result.js';
import type { CheckName, CheckStatus, OverallResult, SessionDocumentType, SessionStatus } from '../types.js';

/** POST /verify response. */
export interface VerifyCreateResponse {
  sessionId: string;
  verificationUrl: string;
  expiresAt: string;
  requestedChecks: CheckName[];
}

/**
 * A check's reason codes (an addition to the contract): why it is FAIL or REVIEW (or what it noticed on a PASS), e.g.
 * `['LIVENESS_SCREEN_REPLAY']`. Present only when the check has reasons, after the contract's fields; codes only (the
 * messages and details may carry document data and stay on the server).
 */
export interface ContractReasons {
  reasons?: string[];
}

/** One check in GET /verify/:id. */
export interface ContractCheckBase extends ContractReasons {
  status: CheckStatus;
  result: CheckResult | null;
}

/** `checks` of GET /verify/:id; only requested checks are present. */
export interface ContractChecks {
  liveness?: ContractCheckBase & { livenessScore: number | null };
  ageEstimation?: ContractCheckBase & { estimatedAge: number | null; meetsMinAge: boolean | null };
  documentVerification?: ContractCheckBase & { documentType: SessionDocumentType | null };
  faceMatch?: ContractCheckBase & { similarityScore: number | null; isMatch: boolean | null };
}

/** GET /verify/:id response. */
export interface VerifySessionJson {
  id: string;
  externalRef: string | null;
  status: SessionStatus;
  overallResult: OverallResult | null;
  checks: ContractChecks;
  metadata: Record<string, unknown>;
}

/** Webhook events: the contract's `verification.completed`, plus `verification.expired` and `verification.cancelled`. */
export type WebhookEvent = 'verification.completed' | 'verification.expired' | 'verification.cancelled';

/** `checks` of a webhook payload; only requested checks are present. */
export interface WebhookChecks {
  liveness?: { result: CheckResult | null; livenessScore: number | null } & ContractReasons;
  ageEstimation?: { result: CheckResult | null; estimatedAge: number | null; meetsMinAge: boolean | null } & ContractReasons;
  documentVerification?: { result: CheckResult | null; documentType: SessionDocumentType | null; ocrConfidence: number | null } & ContractReasons;
  faceMatch?: { result: CheckResult | null; similarityScore: number | null; isMatch: boolean | null } & ContractReasons;
}

/** Webhook request body. */
export interface WebhookPayload {
  event: WebhookEvent;
  sessionId: string;
  externalRef: string | null;
  overallResult: OverallResult | null;
  /** When the session finished: completion, cancellation, or `expiresAt` for an expired session. */
  completedAt: string;
  checks: WebhookChecks;
  metadata: Record<string, unknown>;
}

/** `postMessage` payload the hosted flow sends to the embedding page when it finishes. */
export interface CompletionMessage {
  type: 'provefy:complete';
  data: { sessionId: string; status: SessionStatus; overallResult: OverallResult | null };
}
