import { isProvefyError } from '@provefy/core';
import { HTTP_ERROR_CODES, type HttpErrorCode, httpErrorDocsAnchor } from './error-catalogue.js';

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
  readonly code: string;
  readonly status: number;
  readonly field?: string;
  readonly details?: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: HttpErrorCode, message?: string, options: HttpErrorOptions = {}) {
    super(message ?? HTTP_ERROR_CODES[code].message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.code = code;
    this.status = HTTP_ERROR_CODES[code].status;
    if (options.field !== undefined) this.field = options.field;
    if (options.details !== undefined) this.details = options.details;
    this.headers = options.headers ?? {};
  }

  /** The JSON body sent to clients. */
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { error: this.message, code: this.code, docs: docsFor(this.code) };
    if (this.field !== undefined) body.field = this.field;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

function docsFor(code: string): string {
  return code in HTTP_ERROR_CODES ? httpErrorDocsAnchor(code) : `docs/errors.md#${code.toLowerCase()}`;
}

/** An HttpError built from a ProvefyError of @provefy/core, keeping its code and status. */
class CoreHttpError extends HttpError {
  override readonly code: string;
  override readonly status: number;
  constructor(code: string, status: number, message: string, details?: Record<string, unknown>) {
    super('PROVEFY_ERR_INTERNAL_SERVER', message, details ? { details } : {});
    this.code = code;
    this.status = status;
  }
}

/**
 * Maps anything thrown to an {@link HttpError}: HttpErrors pass through; a `ProvefyError` from @provefy/core keeps its
 * code and status (4xx keep their message and details; 5xx get a generic message); anything else becomes a 500
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
    if (e.status >= 500) return new CoreHttpError(e.code, e.status, HTTP_ERROR_CODES.PROVEFY_ERR_INTERNAL_SERVER.message);
    const details = Object.keys(e.details).length > 0 ? { ...e.details } : undefined;
    return new CoreHttpError(e.code, e.status, e.message, details);
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
