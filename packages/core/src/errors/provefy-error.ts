import { ERROR_CODES, type ProvefyErrorCode, errorDocsAnchor } from './error-codes.js';

/**
 * The one error type thrown by Provefy. `code` is stable and documented in `docs/errors.md`;
 * `status` is the HTTP status an adapter should answer with; `details` carries structured context
 * (file names, hashes, limits) that is safe to log (never PII).
 *
 * @example
 * ```ts
 * try { await matchFaces(a, b) } catch (e) {
 *   if (e instanceof ProvefyError && e.code === 'PROVEFY_ERR_NO_FACE') askForAnotherPhoto();
 * }
 * ```
 */
export class ProvefyError extends Error {
  readonly code: ProvefyErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;
  readonly docs: string;

  constructor(code: ProvefyErrorCode, message?: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code].message, options);
    this.name = 'ProvefyError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
    this.docs = errorDocsAnchor(code);
  }

  toJSON(): { code: ProvefyErrorCode; message: string; status: number; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, status: this.status, details: this.details };
  }
}

/** True when `e` is a ProvefyError, optionally with the given code. */
export function isProvefyError(e: unknown, code?: ProvefyErrorCode): e is ProvefyError {
  return e instanceof ProvefyError && (code === undefined || e.code === code);
}
