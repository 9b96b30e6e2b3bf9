/**
 * The JSON the verification-flow endpoints answer with. Type-only, so the hosted page (browser) and the kiosk
 * import these shapes with `import type` instead of redefining them.
 */
import type { CaptureStep, CheckName, CompletionMessage, OverallResult, SessionStatus } from '@provefy/core';

/** A capture the user still has to provide. */
export type FlowStep = CaptureStep;

/** What one upload did to one check, as shown to the person verifying (no scores). */
export interface CheckSummary {
  check: CheckName;
  result: 'PASS' | 'FAIL' | 'REVIEW' | null;
  final: boolean;
  attemptsLeft: number;
  /** `challenges`: with CHALLENGE_NOT_PERFORMED, the challenges not found and why (the page words it for the person). */
  reasons: { code: string; message: string; challenges?: { type: string; cause: string | null }[] }[];
}

/** The flow state returned after every flow call (`flowState`). */
export interface FlowStateJson {
  sessionId: string;
  status: SessionStatus;
  overallResult: OverallResult | null;
  expiresAt: string;
  checks: Partial<Record<CheckName, CheckSummary>>;
  next: FlowStep[];
  /** `redirectUrl?session_id=...&result=...` once finished, when the key allows the origin. */
  redirectUrl: string | null;
  /** The iframe `postMessage` payload once finished. */
  completion: CompletionMessage | null;
}

/** A kept image that proved unusable and is asked for again (an upload answer's `retake`). */
export interface FlowRetake {
  step: FlowStep;
  code: string;
  message: string;
}
