/** Customer-facing texts (English). Codes from the checks map to plain instructions. */
export const CHALLENGE_TEXT: Record<string, string> = {
  look_straight: 'Look straight at the camera',
  blink: 'Blink your eyes',
  turn_left: 'Slowly turn your head to your left',
  turn_right: 'Slowly turn your head to your right',
};

export const HINT_TEXT: Record<string, string> = {
  no_face: 'We cannot see your face',
  multiple_faces: 'Only one person in front of the camera, please',
  move_closer: 'Move a little closer',
  move_back: 'Move back a little',
  centre_face: 'Put your face inside the oval',
  too_dark: 'It is too dark here',
  hold_still: 'Hold still',
};

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
