/**
 * The one catalogue of Provefy's error codes, in fastify's style: each code has an HTTP status, a default message and
 * an anchor in `docs/errors.md`, and belongs to the layer that raises it (core, the server adapter, the reference
 * server, the kiosk). A code is defined once; `test` checks that no layer repeats another's and that each code is
 * documented under its anchor.
 *
 * Codes are part of the public contract: never rename one. Two codes that meant the same thing were merged; the old
 * name stays accepted as an alias ({@link ERROR_CODE_ALIASES}) so code that throws or tests for it keeps working.
 */
export interface ErrorCodeInfo {
  /** Human-readable default message (the contract's `{ "error": "..." }`). */
  readonly message: string;
  /** HTTP status the server adapter answers with. */
  readonly status: number;
}

/** Errors of @provefy/core: bad arguments, images, models, checks and the session state machine. */
export const CORE_ERROR_CODES = {
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
  PROVEFY_ERR_SESSION_FINISHED: { message: 'The session is already finished', status: 409 },
  PROVEFY_ERR_DATASET: { message: 'The evaluation dataset is not valid', status: 400 },
  PROVEFY_ERR_CONFIG: { message: 'The configuration is not valid', status: 500 },
  PROVEFY_ERR_TIMEOUT: { message: 'The operation timed out', status: 504 },
  PROVEFY_ERR_INTERNAL_SERVER: { message: 'Internal server error', status: 500 },
  PROVEFY_ERR_NOT_FOUND: { message: 'Not found', status: 404 },
} as const satisfies Record<string, ErrorCodeInfo>;

/** Errors of @provefy/server-adapter: its HTTP layer, storage, encryption and webhooks. */
export const ADAPTER_ERROR_CODES = {
  PROVEFY_ERR_VALIDATION: { message: 'The request is not valid', status: 400 },
  PROVEFY_ERR_INVALID_JSON: { message: 'The request body is not valid JSON', status: 400 },
  PROVEFY_ERR_INVALID_UPLOAD: { message: 'The upload is not valid', status: 400 },
  PROVEFY_ERR_UNAUTHORIZED: { message: 'Invalid or missing API key', status: 401 },
  PROVEFY_ERR_ADMIN_UNAUTHORIZED: { message: 'Invalid or missing admin token', status: 401 },
  PROVEFY_ERR_SESSION_TOKEN: { message: 'Invalid or expired verification link', status: 401 },
  PROVEFY_ERR_CHECK_NOT_ENABLED: { message: 'Feature not enabled for this API key', status: 403 },
  PROVEFY_ERR_ADMIN_DISABLED: { message: 'The admin API is disabled', status: 403 },
  PROVEFY_ERR_SESSION_NOT_FOUND: { message: 'Session not found', status: 404 },
  PROVEFY_ERR_API_KEY_NOT_FOUND: { message: 'API key not found', status: 404 },
  PROVEFY_ERR_METHOD_NOT_ALLOWED: { message: 'Method not allowed', status: 405 },
  PROVEFY_ERR_CHECK_NOT_REQUESTED: { message: 'This check is not part of the session', status: 409 },
  PROVEFY_ERR_FLOW_ORDER: { message: 'This capture needs an earlier one first', status: 409 },
  PROVEFY_ERR_CHECKS_PENDING: { message: 'Not all checks are finished', status: 409 },
  PROVEFY_ERR_NONCE_MISSING: { message: 'The liveness upload carries no attempt nonce', status: 400 },
  PROVEFY_ERR_NONCE_UNKNOWN: { message: 'The attempt nonce is not one this session issued', status: 400 },
  PROVEFY_ERR_NONCE_REUSED: { message: 'The liveness attempt was already used', status: 409 },
  PROVEFY_ERR_NONCE_EXPIRED: { message: 'The liveness attempt has expired', status: 409 },
  PROVEFY_ERR_NOT_SESSION_KEY: { message: 'This API key did not create the session', status: 403 },
  PROVEFY_ERR_NOT_AWAITING_REVIEW: { message: 'This session is not awaiting review', status: 409 },
  PROVEFY_ERR_IDEMPOTENCY_IN_PROGRESS: { message: 'A request with this Idempotency-Key is still in progress', status: 409 },
  PROVEFY_ERR_PAYLOAD_TOO_LARGE: { message: 'The request body is too large', status: 413 },
  PROVEFY_ERR_UNSUPPORTED_MEDIA_TYPE: { message: 'The content type is not supported', status: 415 },
  PROVEFY_ERR_HEADERS_TOO_LARGE: { message: 'The request line or headers are too large', status: 431 },
  PROVEFY_ERR_REQUEST_TIMEOUT: { message: 'The request was not received in time', status: 408 },
  PROVEFY_ERR_MALFORMED_REQUEST: { message: 'The request is not valid HTTP', status: 400 },
  PROVEFY_ERR_IDEMPOTENCY_MISMATCH: { message: 'Idempotency-Key was already used with a different request', status: 422 },
  PROVEFY_ERR_RATE_LIMITED: { message: 'Rate limit exceeded', status: 429 },
  PROVEFY_ERR_BUSY: { message: 'The server is busy, try again shortly', status: 503 },
  PROVEFY_ERR_HOSTED_PAGE_NOT_BUILT: { message: 'The hosted verification page is not built', status: 503 },
  PROVEFY_ERR_STORE_CONFLICT: { message: 'The record was changed concurrently', status: 409 },
  PROVEFY_ERR_STORE: { message: 'The storage backend failed', status: 500 },
  PROVEFY_ERR_ENCRYPTION_KEY_MISSING: { message: 'No encryption key is configured (PROVEFY_ENCRYPTION_KEY)', status: 500 },
  PROVEFY_ERR_ENCRYPTION_KEY_INVALID: { message: 'The encryption key is not 32 bytes of base64 or hex', status: 500 },
  PROVEFY_ERR_DECRYPT: { message: 'A stored value could not be decrypted', status: 500 },
  PROVEFY_ERR_CALLBACK_URL_REFUSED: { message: 'The callback URL is not allowed', status: 400 },
} as const satisfies Record<string, ErrorCodeInfo>;

/** Errors of the reference server's admin dashboard API (its other answers are the adapter's). */
export const REFERENCE_SERVER_ERROR_CODES = {
  PROVEFY_ERR_LOGIN_FAILED: { message: 'Wrong username or password', status: 401 },
  PROVEFY_ERR_FORBIDDEN: { message: 'The request was refused: cross-site, or without a valid CSRF token', status: 403 },
  PROVEFY_ERR_SETUP_LINK: { message: 'This setup link is not valid or was already used', status: 401 },
  PROVEFY_ERR_WRONG_PASSWORD: { message: 'The current password is wrong', status: 400 },
  PROVEFY_ERR_IMAGE_NOT_FOUND: { message: 'Image not found', status: 404 },
  PROVEFY_ERR_WEBHOOK_EVENT_NOT_FOUND: { message: 'Webhook event not found', status: 404 },
  PROVEFY_ERR_WEBHOOK_EVENT_PENDING: { message: 'The event is still pending: it will be retried automatically', status: 409 },
  PROVEFY_ERR_WEBHOOK_EVENT_REDACTED: { message: 'The event body was deleted with the session data', status: 409 },
  PROVEFY_ERR_DASHBOARD_NOT_BUILT: { message: 'The dashboard is not built', status: 503 },
} as const satisfies Record<string, ErrorCodeInfo>;

/** Errors of the kiosk app: operator sign-in, scanners, its check worker and its link to a server. */
export const KIOSK_ERROR_CODES = {
  PROVEFY_ERR_OPERATOR_AUTH: { message: 'Wrong operator PIN, or no operator is signed in', status: 401 },
  PROVEFY_ERR_OPERATOR_LOCKED: { message: 'Too many wrong PINs: operator sign-in is locked for a while', status: 429 },
  PROVEFY_ERR_SCANNER: { message: 'The document scanner failed', status: 502 },
  PROVEFY_ERR_WORKER_CRASHED: { message: 'The check worker process stopped; it is being restarted', status: 503 },
  PROVEFY_ERR_SERVER_LINK: { message: 'The Provefy server could not be reached or refused the request', status: 502 },
} as const satisfies Record<string, ErrorCodeInfo>;

/** The catalogue by layer (the sections of `docs/errors.md`). */
export const ERROR_CODES_BY_LAYER = {
  core: CORE_ERROR_CODES,
  adapter: ADAPTER_ERROR_CODES,
  'reference-server': REFERENCE_SERVER_ERROR_CODES,
  kiosk: KIOSK_ERROR_CODES,
} as const;

export type ErrorLayer = keyof typeof ERROR_CODES_BY_LAYER;

/** Every code of every layer. */
export const ERROR_CODES = { ...CORE_ERROR_CODES, ...ADAPTER_ERROR_CODES, ...REFERENCE_SERVER_ERROR_CODES, ...KIOSK_ERROR_CODES } as const;

export type ProvefyErrorCode = keyof typeof ERROR_CODES;

/**
 * Old names of merged codes -> the code now raised. `PROVEFY_ERR_SESSION_TERMINAL` (core) and
 * `PROVEFY_ERR_SESSION_FINISHED` (adapter) said the same; so did `PROVEFY_ERR_INTERNAL` and `PROVEFY_ERR_INTERNAL_SERVER`.
 * The HTTP answers keep the code they always had; `new ProvefyError(alias)` and `isProvefyError(e, alias)` still work.
 */
export const ERROR_CODE_ALIASES = {
  PROVEFY_ERR_SESSION_TERMINAL: 'PROVEFY_ERR_SESSION_FINISHED',
  PROVEFY_ERR_INTERNAL: 'PROVEFY_ERR_INTERNAL_SERVER',
} as const satisfies Record<string, ProvefyErrorCode>;

export type ErrorCodeAlias = keyof typeof ERROR_CODE_ALIASES;

/**
 * The code an alias stands for (a code that is not an alias is returned as it is).
 *
 * @example
 * ```ts
 * canonicalErrorCode('PROVEFY_ERR_SESSION_TERMINAL'); // 'PROVEFY_ERR_SESSION_FINISHED'
 * canonicalErrorCode('PROVEFY_ERR_NO_FACE'); // 'PROVEFY_ERR_NO_FACE'
 * ```
 */
export function canonicalErrorCode(code: ProvefyErrorCode | ErrorCodeAlias): ProvefyErrorCode {
  return Object.hasOwn(ERROR_CODE_ALIASES, code) ? ERROR_CODE_ALIASES[code as ErrorCodeAlias] : (code as ProvefyErrorCode);
}

/**
 * True for a code of the catalogue (or one of its aliases).
 *
 * @example
 * ```ts
 * isErrorCode('PROVEFY_ERR_RATE_LIMITED'); // true
 * isErrorCode('E_SOMETHING'); // false
 * ```
 */
export function isErrorCode(code: unknown): code is ProvefyErrorCode | ErrorCodeAlias {
  return typeof code === 'string' && (Object.hasOwn(ERROR_CODES, code) || Object.hasOwn(ERROR_CODE_ALIASES, code));
}

/**
 * Docs URL fragment for a code.
 *
 * @example
 * ```ts
 * errorDocsAnchor('PROVEFY_ERR_NO_FACE'); // 'docs/errors.md#provefy_err_no_face'
 * ```
 */
export function errorDocsAnchor(code: ProvefyErrorCode): string {
  return `docs/errors.md#${code.toLowerCase()}`;
}
