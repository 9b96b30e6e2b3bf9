/**
 * The catalogue of HTTP errors the server adapter answers with. Each code has a default message, an HTTP status and an
 * anchor in `docs/server-adapter.md` (section "Errors"). Codes are part of the public contract: never rename one, only add.
 * Errors raised by `@provefy/core` (`ProvefyError`) keep their own code and status (see `toHttpError`).
 */
export interface HttpErrorInfo {
  /** Human-readable default message (the contract's `{ "error": "..." }`). */
  readonly message: string;
  /** HTTP status. */
  readonly status: number;
}

export const HTTP_ERROR_CODES = {
  PROVEFY_ERR_VALIDATION: { message: 'The request is not valid', status: 400 },
  PROVEFY_ERR_INVALID_JSON: { message: 'The request body is not valid JSON', status: 400 },
  PROVEFY_ERR_INVALID_INPUT: { message: 'The request contains a NUL byte or text that is not valid UTF-8', status: 400 },
  PROVEFY_ERR_INVALID_UPLOAD: { message: 'The upload is not valid', status: 400 },
  PROVEFY_ERR_UNAUTHORIZED: { message: 'Invalid or missing API key', status: 401 },
  PROVEFY_ERR_ADMIN_UNAUTHORIZED: { message: 'Invalid or missing admin token', status: 401 },
  PROVEFY_ERR_SESSION_TOKEN: { message: 'Invalid or expired verification link', status: 401 },
  PROVEFY_ERR_CHECK_NOT_ENABLED: { message: 'Feature not enabled for this API key', status: 403 },
  PROVEFY_ERR_ADMIN_DISABLED: { message: 'The admin API is disabled', status: 403 },
  PROVEFY_ERR_FORBIDDEN: { message: 'The request was refused', status: 403 },
  PROVEFY_ERR_NOT_FOUND: { message: 'Not found', status: 404 },
  PROVEFY_ERR_SESSION_NOT_FOUND: { message: 'Session not found', status: 404 },
  PROVEFY_ERR_API_KEY_NOT_FOUND: { message: 'API key not found', status: 404 },
  PROVEFY_ERR_METHOD_NOT_ALLOWED: { message: 'Method not allowed', status: 405 },
  PROVEFY_ERR_SESSION_FINISHED: { message: 'The session is already finished', status: 409 },
  PROVEFY_ERR_CHECK_NOT_REQUESTED: { message: 'This check is not part of the session', status: 409 },
  PROVEFY_ERR_FLOW_ORDER: { message: 'This capture needs an earlier one first', status: 409 },
  PROVEFY_ERR_CHECKS_PENDING: { message: 'Not all checks are finished', status: 409 },
  PROVEFY_ERR_CONFLICT: { message: 'The request conflicts with the current state', status: 409 },
  PROVEFY_ERR_IDEMPOTENCY_IN_PROGRESS: { message: 'A request with this Idempotency-Key is still in progress', status: 409 },
  PROVEFY_ERR_PAYLOAD_TOO_LARGE: { message: 'The request body is too large', status: 413 },
  PROVEFY_ERR_UNSUPPORTED_MEDIA_TYPE: { message: 'The content type is not supported', status: 415 },
  PROVEFY_ERR_IDEMPOTENCY_MISMATCH: { message: 'Idempotency-Key was already used with a different request', status: 422 },
  PROVEFY_ERR_RATE_LIMITED: { message: 'Rate limit exceeded', status: 429 },
  PROVEFY_ERR_INTERNAL_SERVER: { message: 'Internal server error', status: 500 },
  PROVEFY_ERR_BUSY: { message: 'The server is busy, try again shortly', status: 503 },
  PROVEFY_ERR_HOSTED_PAGE_NOT_BUILT: { message: 'The hosted verification page is not built', status: 503 },
  PROVEFY_ERR_UNAVAILABLE: { message: 'The service is not available', status: 503 },
} as const satisfies Record<string, HttpErrorInfo>;

export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;

/**
 * Docs URL fragment for an adapter error code.
 *
 * @example
 * ```ts
 * httpErrorDocsAnchor('PROVEFY_ERR_RATE_LIMITED'); // 'docs/server-adapter.md#provefy_err_rate_limited'
 * ```
 */
export function httpErrorDocsAnchor(code: string): string {
  return `docs/server-adapter.md#${code.toLowerCase()}`;
}
