/**
 * The catalogue of stable Provefy error codes. Each code has a message template,
 * the HTTP status the server adapter answers with, and an anchor in `docs/errors.md`.
 *
 * Codes are part of the public contract: never rename one, only add.
 */
export interface ErrorCodeInfo {
  /** Human-readable default message. */
  readonly message: string;
  /** HTTP status the server adapter uses for this error. */
  readonly status: number;
}

export const ERROR_CODES = {
  PROVEFY_ERR_INVALID_INPUT: { message: 'The input is not valid', status: 400 },
  PROVEFY_ERR_INVALID_IMAGE: { message: 'The image could not be decoded', status: 400 },
  PROVEFY_ERR_UNSUPPORTED_IMAGE_FORMAT: { message: 'The image format is not supported', status: 415 },
  PROVEFY_ERR_IMAGE_TOO_LARGE: { message: 'The image exceeds the byte or pixel limit', status: 413 },
  PROVEFY_ERR_IMAGE_TOO_SMALL: { message: 'The image is too small to analyse', status: 400 },
  PROVEFY_ERR_MODEL_MISSING: { message: 'A model file is missing', status: 503 },
  PROVEFY_ERR_MODEL_CHECKSUM: { message: 'A model file does not match its sha256', status: 500 },
  PROVEFY_ERR_MODEL_UNKNOWN: { message: 'No such model in the manifest', status: 500 },
  PROVEFY_ERR_MODEL_DOWNLOAD: { message: 'A model could not be downloaded', status: 502 },
  PROVEFY_ERR_MODEL_LOAD: { message: 'A model could not be loaded', status: 500 },
  PROVEFY_ERR_NO_FACE: { message: 'No face was found in the image', status: 422 },
  PROVEFY_ERR_MULTIPLE_FACES: { message: 'More than one face was found in the image', status: 422 },
  PROVEFY_ERR_FACE_TOO_SMALL: { message: 'The face is too small to analyse', status: 422 },
  PROVEFY_ERR_NO_DOCUMENT: { message: 'No identity document was found in the image', status: 422 },
  PROVEFY_ERR_OCR: { message: 'Text recognition failed', status: 500 },
  PROVEFY_ERR_VIDEO: { message: 'The video could not be decoded', status: 400 },
  PROVEFY_ERR_INVALID_TRANSITION: { message: 'The session cannot make this transition', status: 409 },
  PROVEFY_ERR_SESSION_TERMINAL: { message: 'The session is already finished', status: 409 },
  PROVEFY_ERR_DATASET: { message: 'The evaluation dataset is not valid', status: 400 },
  PROVEFY_ERR_CONFIG: { message: 'The configuration is not valid', status: 500 },
  PROVEFY_ERR_TIMEOUT: { message: 'The operation timed out', status: 504 },
  PROVEFY_ERR_INTERNAL: { message: 'Internal error', status: 500 },
  PROVEFY_ERR_NOT_FOUND: { message: 'The requested record was not found', status: 404 },
  PROVEFY_ERR_STORE_CONFLICT: { message: 'The record was changed concurrently', status: 409 },
  PROVEFY_ERR_STORE: { message: 'The storage backend failed', status: 500 },
  PROVEFY_ERR_ENCRYPTION_KEY_MISSING: { message: 'No encryption key is configured (PROVEFY_ENCRYPTION_KEY)', status: 500 },
  PROVEFY_ERR_ENCRYPTION_KEY_INVALID: { message: 'The encryption key is not 32 bytes of base64 or hex', status: 500 },
  PROVEFY_ERR_DECRYPT: { message: 'A stored value could not be decrypted', status: 500 },
  PROVEFY_ERR_CALLBACK_URL_REFUSED: { message: 'The callback URL is not allowed', status: 400 },
  PROVEFY_ERR_OPERATOR_AUTH: { message: 'Wrong operator PIN, or no operator is signed in', status: 401 },
  PROVEFY_ERR_OPERATOR_LOCKED: { message: 'Too many wrong PINs: operator sign-in is locked for a while', status: 429 },
  PROVEFY_ERR_SCANNER: { message: 'The document scanner failed', status: 502 },
  PROVEFY_ERR_WORKER_CRASHED: { message: 'The check worker process stopped; it is being restarted', status: 503 },
  PROVEFY_ERR_SERVER_LINK: { message: 'The Provefy server could not be reached or refused the request', status: 502 },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ProvefyErrorCode = keyof typeof ERROR_CODES;

/** Docs URL fragment for a code, e.g. `docs/errors.md#provefy_err_no_face`. */
export function errorDocsAnchor(code: ProvefyErrorCode): string {
  return `docs/errors.md#${code.toLowerCase()}`;
}
