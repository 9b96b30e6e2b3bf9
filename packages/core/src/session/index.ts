/**
 * Verification sessions: a pure, serialisable state machine (PENDING -> IN_PROGRESS -> COMPLETED | EXPIRED |
 * CANCELLED), the decision and cross-check rules, and the mapping onto the API contract's JSON. No I/O; time is
 * always passed in. See docs/sessions.md.
 */
export type {
  AgeEstimationOutcome,
  CheckName,
  CheckOutcome,
  CheckState,
  CheckStatus,
  CheckValuesMap,
  DocumentOutcome,
  FaceMatchOutcome,
  LivenessOutcome,
  OverallResult,
  PortraitSource,
  ReportedAttempt,
  ReportedValuesMap,
  ReviewDecision,
  ReviewDecisionValue,
  Session,
  SessionChecks,
  SessionConfig,
  SessionDocumentFields,
  SessionDocumentType,
  SessionLogEntry,
  SessionStatus,
} from './types.js';
export { CHECK_NAMES, CONTRACT_CHECK_KEYS, TERMINAL_STATUSES, isCheckName, isTerminalStatus } from './check-names.js';
export { DEFAULT_SESSION_CONFIG, resolveSessionConfig } from './config.js';
export { createSession, type CreateSessionInput, type CreateSessionOptions } from './create-session.js';
export { startCapture, type StartCaptureOptions } from './start-capture.js';
export { recordCheckResult, type RecordCheckResultOptions } from './record-check-result.js';
export { cancelSession, type CancelSessionOptions } from './cancel-session.js';
export { finishSession, type FinishSessionOptions } from './finish-session.js';
export { refreshSession, refresh } from './refresh-session.js';
export { resolveReview, type ResolveReviewOptions } from './resolve-review.js';
export { redactSession, REDACTED_FIELDS, type RedactSessionOptions } from './redact-session.js';
export { applyEvent, type SessionEvent } from './apply-event.js';
export {
  CHECK_RULES,
  ageMismatchRule,
  assertFaceMatchPortrait,
  decideOverallResult,
  documentAgeTolerance,
  documentExpiredRule,
  documentSettlesAgeRule,
  documentUnderageRule,
  estimateVersusDocument,
  ESTIMATE_JUDGEMENT_CODES,
  RULE_REASON_CODES,
  trustedDocumentRead,
  worstCheckResult,
  type RuleReasonCode,
  type RuleReasonInfo,
  type CheckRule,
  type RuleFinding,
} from './rules/index.js';
export { reasonCodes, toContractChecks, toContractJson } from './contract/to-contract-json.js';
export { toCreateResponse } from './contract/to-create-response.js';
export { toWebhookChecks, toWebhookPayload, webhookEventFor } from './contract/to-webhook-payload.js';
export { toCompletionMessage, toRedirectUrl } from './contract/redirect.js';
export type {
  CompletionMessage,
  ContractChecks,
  VerifyCreateResponse,
  VerifySessionJson,
  WebhookChecks,
  WebhookEvent,
  WebhookPayload,
} from './contract/contract-types.js';
export { deserializeSession, serializeSession, toSessionJson, type SessionJson, type Serialized } from './serialize-session.js';
export * from './capture-plan/index.js';
