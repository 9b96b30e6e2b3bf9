/** Operator-screen texts (English). The customer screen's texts, in English and pt-BR, are in customer-messages.ts. */
export const CHECK_LABEL: Record<string, string> = {
  liveness: 'Liveness',
  age_estimation: 'Age estimation',
  doc_verify: 'Document',
  face_match: 'Face match',
};

export const RESULT_LABEL: Record<string, string> = {
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  REVIEW: 'Needs review',
  PASS: 'Pass',
  FAIL: 'Fail',
};

/**
 * A message for an error code shown to people.
 *
 * @example
 * ```ts
 * errorText('PROVEFY_ERR_OPERATOR_LOCKED', 'Too many wrong PINs'); // 'Too many wrong PINs'
 * ```
 */
export function errorText(code: string, fallback: string): string {
  if (code === 'PROVEFY_ERR_WORKER_CRASHED') return 'Something went wrong while checking. Please try again.';
  if (code === 'PROVEFY_ERR_SCANNER') return `Scanner problem: ${fallback}`;
  return fallback;
}
