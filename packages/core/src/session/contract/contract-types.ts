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

/** One check in GET /verify/:id. */
export interface ContractCheckBase {
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
  liveness?: { result: CheckResult | null; livenessScore: number | null };
  ageEstimation?: { result: CheckResult | null; estimatedAge: number | null; meetsMinAge: boolean | null };
  documentVerification?: { result: CheckResult | null; documentType: SessionDocumentType | null; ocrConfidence: number | null };
  faceMatch?: { result: CheckResult | null; similarityScore: number | null; isMatch: boolean | null };
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
