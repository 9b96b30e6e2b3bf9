import { ERROR_CODES, type ErrorCodeAlias, type ProvefyErrorCode, canonicalErrorCode, errorDocsAnchor, isProvefyError } from '@provefy/core';

/** A code of the one catalogue (core's `ERROR_CODES`, grouped by layer; documented in `docs/errors.md`). */
export type HttpErrorCode = ProvefyErrorCode | ErrorCodeAlias;
/** @deprecated The one catalogue is `ERROR_CODES` of @provefy/core; this is the same object. */
export const HTTP_ERROR_CODES = ERROR_CODES;

/**
 * Docs URL fragment for an error code.
 *
 * @example
 * ```ts
 * httpErrorDocsAnchor('PROVEFY_ERR_RATE_LIMITED'); // 'docs/errors.md#provefy_err_rate_limited'
 * ```
 */
export function httpErrorDocsAnchor(code: string): string {
  return code in ERROR_CODES ? errorDocsAnchor(code as ProvefyErrorCode) : `docs/errors.md#${code.toLowerCase()}`;
}

export interface HttpErrorOptions {
  /** The request field at fault (validation errors), e.g. `checks[1]`. */
  field?: string;
  /** Extra JSON-safe context returned to the client (never internals or PII). */
  details?: Record<string, unknown>;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The single error type of the HTTP layer. Throw it anywhere inside a handler or middleware; the router turns it into
 * the contract's JSON body `{ "error": "Human-readable message", "code": "...", "docs": "..." }` with `status`.
 *
 * @example
 * ```ts
 * throw new HttpError('PROVEFY_ERR_VALIDATION', "Invalid field 'checks': must be an array", { field: 'checks' });
 * ```
 */
export class HttpError extends Error {
  readonly code: ProvefyErrorCode;
  readonly status: number;
  readonly field?: string;
  readonly details?: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: HttpErrorCode, message?: string, options: HttpErrorOptions = {}) {
    const canonical = canonicalErrorCode(code);
    super(message ?? ERROR_CODES[canonical].message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.code = canonical;
    this.status = ERROR_CODES[canonical].status;
    if (options.field !== undefined) this.field = options.field;
    if (options.details !== undefined) this.details = options.details;
    this.headers = options.headers ?? {};
  }

  /** The JSON body sent to clients. */
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { error: this.message, code: this.code, docs: errorDocsAnchor(this.code) };
    if (this.field !== undefined) body.field = this.field;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

/**
 * Maps anything thrown to an {@link HttpError}: HttpErrors pass through; a `ProvefyError` keeps its code and status
 * (4xx keep their message and details; 5xx get a generic message), except that a bad argument naming its field
 * (`PROVEFY_ERR_INVALID_INPUT` with `details.field`, e.g. from the store's checks) is a request field at fault and
 * answers `PROVEFY_ERR_VALIDATION` with `field`, like the schemas do; anything else becomes a 500
 * "Internal server error" without internals.
 *
 * @example
 * ```ts
 * toHttpError(new Error('db password wrong')).toJSON(); // { error: 'Internal server error', code: 'PROVEFY_ERR_INTERNAL_SERVER', ... }
 * ```
 */
export function toHttpError(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (isProvefyError(e)) {
    if (e.status >= 500) return new HttpError(e.code, ERROR_CODES.PROVEFY_ERR_INTERNAL_SERVER.message);
    const { field, ...rest } = e.details;
    if (e.code === 'PROVEFY_ERR_INVALID_INPUT' && typeof field === 'string') {
      const details = Object.keys(rest).length > 0 ? rest : undefined;
      return new HttpError('PROVEFY_ERR_VALIDATION', e.message, { field, ...(details ? { details } : {}) });
    }
    const details = Object.keys(e.details).length > 0 ? { ...e.details } : undefined;
    return new HttpError(e.code, e.message, details ? { details } : {});
  }
  return new HttpError('PROVEFY_ERR_INTERNAL_SERVER');
}

/**
 * The JSON Response for an error (status, body, `Content-Type`, and the error's own headers).
 *
 * @example
 * ```ts
 * const res = errorResponse(new HttpError('PROVEFY_ERR_SESSION_NOT_FOUND')); // 404 { error: 'Session not found', ... }
 * ```
 */
export function errorResponse(e: unknown): Response {
  const err = toHttpError(e);
  const headers = new Headers(err.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(err.toJSON()), { status: err.status, headers });
}
