import { ERROR_CODES, type ErrorCodeAlias, type ProvefyErrorCode, canonicalErrorCode, errorDocsAnchor } from './error-codes.js';

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

  /** `code` may be an old name of a merged code ({@link ERROR_CODE_ALIASES}); `this.code` is the code it stands for. */
  constructor(code: ProvefyErrorCode | ErrorCodeAlias, message?: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    const canonical = canonicalErrorCode(code);
    super(message ?? ERROR_CODES[canonical].message, options);
    this.name = 'ProvefyError';
    this.code = canonical;
    this.status = ERROR_CODES[canonical].status;
    this.details = details;
    this.docs = errorDocsAnchor(canonical);
  }

  toJSON(): { code: ProvefyErrorCode; message: string; status: number; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, status: this.status, details: this.details };
  }
}

/**
 * True when `e` is a ProvefyError, optionally with the given code (or the code an alias stands for).
 *
 * @example
 * ```ts
 * isProvefyError(new ProvefyError('PROVEFY_ERR_SESSION_FINISHED'), 'PROVEFY_ERR_SESSION_TERMINAL'); // true (alias)
 * ```
 */
export function isProvefyError(e: unknown, code?: ProvefyErrorCode | ErrorCodeAlias): e is ProvefyError {
  return e instanceof ProvefyError && (code === undefined || e.code === canonicalErrorCode(code));
}
