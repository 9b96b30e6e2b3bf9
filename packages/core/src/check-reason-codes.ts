import { CAPTURE_REASON_CODES, type CaptureReasonCode } from './liveness/capture-reason-codes.js';
import type { CheckName } from './session/types.js';

/** One reason code a check can give (`CheckReason.code`). */
export interface CheckReasonInfo {
  /** The checks that give it. */
  readonly checks: readonly CheckName[];
  readonly meaning: string;
}

/** The reason codes the checks and the session's cross-check rules give (not the capture's integrity codes). */
const CHECK_RESULT_REASON_CODES = {
  // liveness
  NO_FACE: { checks: ['liveness', 'age_estimation'], meaning: 'No face was found in the frames or the image' },
  MULTIPLE_FACES: { checks: ['liveness', 'age_estimation', 'face_match'], meaning: "Another face appears beside the person's" },
  SPOOF_SCORE: { checks: ['liveness'], meaning: 'The passive liveness score is under the threshold: a photo, screen or mask' },
  TOO_FEW_FRAMES: { checks: ['liveness'], meaning: 'Too few frames with a face to judge the challenges' },
  CHALLENGE_NOT_PERFORMED: { checks: ['liveness'], meaning: 'An asked challenge (look straight, blink, turn) was not found; `details.causes` says why per challenge' },
  FACE_CHANGED: { checks: ['liveness'], meaning: 'The face changed person during the frames' },
  // age
  LOW_QUALITY: { checks: ['age_estimation'], meaning: 'The face is too dark, blurred, small or turned to judge age' },
  WEAK_EVIDENCE: { checks: ['age_estimation'], meaning: 'The age estimate is less certain than usual' },
  BORDERLINE_AGE: { checks: ['age_estimation'], meaning: 'The estimate is too close to the minimum age to decide' },
  UNDER_MIN_AGE: { checks: ['age_estimation'], meaning: 'The estimated age is under the minimum age' },
  // document
  IMAGE_UNUSABLE: { checks: ['doc_verify', 'face_match', 'age_estimation'], meaning: 'An image could not be decoded or used; it is asked for again' },
  NO_DOCUMENT: { checks: ['doc_verify'], meaning: 'No identity document was found in the image' },
  MRZ_CHECK_FAILED: { checks: ['doc_verify'], meaning: 'The MRZ check digits fail' },
  MRZ_INVALID: { checks: ['doc_verify'], meaning: 'The MRZ is malformed' },
  DOCUMENT_SPECIMEN: { checks: ['doc_verify'], meaning: 'A specimen document (ICAO state UTO)' },
  UNKNOWN_STATE_CODE: { checks: ['doc_verify'], meaning: 'The MRZ names no ICAO 9303 state' },
  MRZ_REPAIRED: { checks: ['doc_verify'], meaning: 'MRZ characters were repaired (information)' },
  DOCUMENT_EXPIRED: { checks: ['doc_verify'], meaning: 'The document has expired' },
  EXPIRY_UNKNOWN: { checks: ['doc_verify'], meaning: 'The expiry date could not be read' },
  FIELD_MISMATCH: { checks: ['doc_verify'], meaning: 'The MRZ, barcode and printed text disagree' },
  LOW_CONFIDENCE: { checks: ['doc_verify'], meaning: 'The text recognition confidence is low' },
  INCOMPLETE_FIELDS: { checks: ['doc_verify'], meaning: 'Some fields could not be read' },
  PORTRAIT_UNAVAILABLE: { checks: ['doc_verify'], meaning: 'Portrait detection on the document failed' },
  NO_PORTRAIT: { checks: ['doc_verify'], meaning: 'No face was found on the document' },
  // face match
  NO_FACE_SELFIE: { checks: ['face_match'], meaning: 'No face was found in the selfie' },
  NO_FACE_DOCUMENT: { checks: ['face_match'], meaning: 'No portrait was found on the document' },
  NEAR_THRESHOLD: { checks: ['face_match'], meaning: 'The similarity is too close to the threshold to decide' },
  FACE_MISMATCH: { checks: ['face_match'], meaning: 'The selfie and the document portrait are not the same person' },
  LOW_QUALITY_SELFIE: { checks: ['face_match'], meaning: 'The selfie is not good enough to decide automatically' },
  LOW_QUALITY_DOCUMENT: { checks: ['face_match'], meaning: 'The document portrait is not good enough to decide automatically' },
  // cross-check rules (RULE_REASON_CODES)
  DOCUMENT_UNDERAGE: { checks: ['age_estimation'], meaning: "The document's date of birth is under the minimum age" },
  DOCUMENT_AGE_MISMATCH: { checks: ['age_estimation'], meaning: "The face estimate disagrees with the document's age" },
  AGE_FROM_DOCUMENT: { checks: ['age_estimation'], meaning: "The document's date of birth settled the age check" },
} as const satisfies Record<string, CheckReasonInfo>;

/** The liveness capture's integrity and injection codes ({@link CAPTURE_REASON_CODES}), as reasons of the liveness check. */
const CAPTURE_CHECK_REASONS = Object.fromEntries(
  Object.entries(CAPTURE_REASON_CODES).map(([code, info]) => [code, { checks: ['liveness'], meaning: info.meaning }]),
) as Record<string, CheckReasonInfo> as { readonly [K in CaptureReasonCode]: CheckReasonInfo };

/**
 * Every reason code the checks and the capture plan put on a result (`CheckReason.code`), with the checks that give
 * it: the checks' own, the session's cross-check rules' ({@link RULE_REASON_CODES}) and the liveness capture's
 * integrity and injection codes ({@link CAPTURE_REASON_CODES}). A test reads core's sources and fails when a
 * `reason('CODE', ...)` is missing here; the hosted page and the kiosk test that each code has a message for the
 * person in every language.
 *
 * @example
 * ```ts
 * CHECK_REASON_CODES.CHALLENGE_NOT_PERFORMED.checks; // ['liveness']
 * CHECK_REASON_CODES.VIRTUAL_CAMERA.checks;          // ['liveness']
 * ```
 */
export const CHECK_REASON_CODES = { ...CHECK_RESULT_REASON_CODES, ...CAPTURE_CHECK_REASONS };

/** A reason code of {@link CHECK_REASON_CODES}. */
export type CheckReasonCode = keyof typeof CHECK_REASON_CODES;
