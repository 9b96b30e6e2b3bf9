import { ProvefyError } from '@provefy/core';

/** How the sync should treat a failed request. */
export type FailureKind =
  /** Network error, timeout, 5xx, 429, 503: try again later, keep the order. */
  | 'retry'
  /** The kiosk's API key or configuration is refused (401/403 on the REST API): stop syncing until fixed. */
  | 'link'
  /** This item cannot be delivered (its session token is unknown, validation failed): park it, go on with the next. */
  | 'item';

/**
 * A failed request to the Provefy server, as a `PROVEFY_ERR_SERVER_LINK` ProvefyError with `details.status`,
 * `details.code` (the server's error code), `details.retryable` and `details.retryAfterMs`.
 *
 * @example
 * ```ts
 * try { await client.health() } catch (e) { if (isServerLinkError(e) && e.kind === 'retry') scheduleRetry() }
 * ```
 */
export class ServerLinkError extends ProvefyError {
  readonly kind: FailureKind;
  readonly httpStatus: number | null;
  readonly serverCode: string | null;
  readonly retryAfterMs: number | null;

  constructor(kind: FailureKind, message: string, opts: { status?: number | null; code?: string | null; retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(
      'PROVEFY_ERR_SERVER_LINK',
      message,
      { status: opts.status ?? null, code: opts.code ?? null, retryable: kind === 'retry', retryAfterMs: opts.retryAfterMs ?? null },
      { cause: opts.cause },
    );
    this.kind = kind;
    this.httpStatus = opts.status ?? null;
    this.serverCode = opts.code ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }
}

/**
 * True for a {@link ServerLinkError}.
 *
 * @example
 * ```ts
 * if (isServerLinkError(e) && e.kind === 'retry') scheduleRetry();
 * ```
 */
export function isServerLinkError(e: unknown): e is ServerLinkError {
  return e instanceof ServerLinkError;
}

/**
 * Classifies an HTTP error answer of the Provefy server.
 *
 * @example
 * ```ts
 * classifyStatus(503, 'PROVEFY_ERR_BUSY'); // 'retry'
 * classifyStatus(401, 'PROVEFY_ERR_SESSION_TOKEN'); // 'item'
 * ```
 */
export function classifyStatus(status: number, code: string | null): FailureKind {
  if (status >= 500 || status === 429 || status === 408 || code === 'PROVEFY_ERR_IDEMPOTENCY_IN_PROGRESS') return 'retry';
  if (code === 'PROVEFY_ERR_UNAUTHORIZED' || code === 'PROVEFY_ERR_CHECK_NOT_ENABLED') return 'link';
  if (status === 401 && code !== 'PROVEFY_ERR_SESSION_TOKEN') return 'link';
  return 'item';
}
