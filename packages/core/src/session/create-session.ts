import { resolveSessionConfig } from './config.js';
import { emptyCheckValues } from './evaluate-checks.js';
import { instant } from './internal/dates.js';
import { logEntry } from './internal/log.js';
import { checkName, invalid, isObject, jsonObject, optionalText, text, url } from './internal/validate.js';
import type { CheckName, CheckState, Session, SessionChecks, SessionConfig } from './types.js';

/** What `createSession` needs: the contract's POST /verify body (with `checks` resolved) plus the key's config. */
export interface CreateSessionInput {
  /** Checks to run; the adapter fills these from the API key's features when the request omits them. */
  readonly checks: readonly CheckName[];
  readonly externalRef?: string | null;
  readonly redirectUrl?: string | null;
  readonly callbackUrl?: string | null;
  /** Arbitrary JSON object stored with the session and returned in GET and webhooks. */
  readonly metadata?: Readonly<Record<string, unknown>> | null;
  /** Overrides of {@link DEFAULT_SESSION_CONFIG}. */
  readonly config?: Partial<SessionConfig>;
}

export interface CreateSessionOptions {
  /** Creation time; `expiresAt = now + config.expiresInMs`. */
  readonly now: Date;
  /** Session id; a random UUID when omitted. */
  readonly id?: string;
  /** Log actor (default `api`). */
  readonly actor?: string;
}

/**
 * Creates a PENDING session with every requested check PENDING. Validates the input (unknown checks, empty check
 * list, non-URL redirect/callback, non-JSON metadata, bad config throw `PROVEFY_ERR_INVALID_INPUT`). Duplicate
 * checks are dropped; the request order is kept.
 *
 * @example
 * ```ts
 * const session = createSession(
 *   { externalRef: 'user_12345', checks: ['liveness', 'doc_verify', 'face_match'], metadata: { plan: 'premium' } },
 *   { now: new Date('2025-03-07T12:00:00.000Z') },
 * );
 * session.expiresAt.toISOString(); // '2025-03-07T12:30:00.000Z'
 * ```
 */
export function createSession(input: CreateSessionInput, options: CreateSessionOptions): Session {
  if (!isObject(input)) invalid('input', 'must be an object');
  if (!isObject(options)) invalid('options', 'must be an object with a `now` Date');
  const now = instant(options.now);
  const id = options.id === undefined ? globalThis.crypto.randomUUID() : text(options.id, 'id');
  const actor = options.actor === undefined ? 'api' : text(options.actor, 'actor');
  if (!Array.isArray(input.checks) || input.checks.length === 0) invalid('checks', 'must be a non-empty array of check names');
  const requestedChecks = [...new Set(input.checks.map((c, i) => checkName(c, `checks[${i}]`)))];
  const config = resolveSessionConfig(input.config);
  const metadata = input.metadata === undefined || input.metadata === null ? {} : jsonObject(input.metadata, 'metadata');

  const checks: Record<string, CheckState> = {};
  for (const name of requestedChecks) {
    checks[name] = {
      name,
      status: 'PENDING',
      result: null,
      final: false,
      attempts: 0,
      reasons: [],
      values: emptyCheckValues(name),
      reported: null,
      startedAt: null,
      completedAt: null,
    };
  }
  return {
    version: 1,
    id,
    externalRef: optionalText(input.externalRef, 'externalRef'),
    requestedChecks,
    config,
    status: 'PENDING',
    overallResult: null,
    checks: checks as SessionChecks,
    metadata,
    redirectUrl: url(input.redirectUrl, 'redirectUrl'),
    callbackUrl: url(input.callbackUrl, 'callbackUrl'),
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    completedAt: null,
    endedAt: null,
    expiresAt: new Date(now.getTime() + config.expiresInMs),
    review: null,
    redactedAt: null,
    log: [logEntry(now, actor, 'session.created', { checks: [...requestedChecks], config: { ...config } })],
  };
}
