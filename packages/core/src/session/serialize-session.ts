import { resolveSessionConfig } from './config.js';
import { isIsoInstant } from './internal/dates.js';
import {
  CHECK_RESULTS,
  DOCUMENT_TYPES,
  bool,
  checkName,
  invalid,
  isObject,
  jsonObject,
  normaliseOutcome,
  nullableNumber,
  oneOf,
  optionalText,
  reasons,
  text,
  url,
} from './internal/validate.js';
import type {
  CheckName,
  CheckState,
  CheckStatus,
  CheckValuesMap,
  OverallResult,
  ReportedAttempt,
  ReviewDecision,
  ReviewDecisionValue,
  Session,
  SessionChecks,
  SessionLogEntry,
  SessionStatus,
} from './types.js';

/** A type with every `Date` replaced by its ISO string, as stored in JSON. */
export type Serialized<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Serialized<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Serialized<T[K]> }
      : T;

/** The JSON form of a {@link Session}: the same tree with dates as ISO strings (`2025-03-07T12:30:00.000Z`). */
export type SessionJson = Serialized<Session>;

/**
 * The session as a JSON string (dates as ISO strings with millisecond precision). Lossless:
 * `deserializeSession(serializeSession(s))` deep-equals `s`, and serialising that again gives the same string.
 *
 * @example
 * ```ts
 * await db.query('update sessions set data = $1 where id = $2', [serializeSession(session), session.id]);
 * ```
 */
export function serializeSession(session: Session): string {
  return JSON.stringify(session); // Date#toJSON is toISOString; a session holds nothing else JSON cannot carry
}

/**
 * The session as a plain JSON object (e.g. for a JSONB column).
 *
 * @example
 * ```ts
 * const json = toSessionJson(session); json.expiresAt; // '2025-03-07T12:30:00.000Z'
 * ```
 */
export function toSessionJson(session: Session): SessionJson {
  return JSON.parse(serializeSession(session)) as SessionJson;
}

/**
 * Reads a session back from `serializeSession` output (string) or `toSessionJson` output (object), validating
 * every field; malformed input throws `PROVEFY_ERR_INVALID_INPUT` naming the field.
 *
 * @example
 * ```ts
 * const session = refreshSession(deserializeSession(row.data), new Date());
 * ```
 */
export function deserializeSession(input: string | SessionJson): Session {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch {
      invalid('session', 'is not valid JSON');
    }
  }
  return fromSessionJson(json);
}

function date(value: unknown, field: string): Date {
  if (typeof value !== 'string' || !isIsoInstant(value)) invalid(field, 'must be an ISO date-time string like 2025-03-07T12:30:00.000Z');
  return new Date(value);
}

function nullableDate(value: unknown, field: string): Date | null {
  return value === null ? null : date(value, field);
}

function integer(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) invalid(field, `must be an integer >= ${min}`);
  return value;
}

function nullableBool(value: unknown, field: string): boolean | null {
  return value === null ? null : bool(value, field);
}

function checkValues(name: CheckName, v: unknown, field: string): CheckValuesMap[CheckName] {
  if (!isObject(v)) invalid(field, 'must be an object');
  const f = (k: string) => `${field}.${k}`;
  switch (name) {
    case 'liveness':
      return { livenessScore: nullableNumber(v.livenessScore, f('livenessScore'), 0, 1) };
    case 'age_estimation':
      return { estimatedAge: nullableNumber(v.estimatedAge, f('estimatedAge'), 0, 150), meetsMinAge: nullableBool(v.meetsMinAge, f('meetsMinAge')) };
    case 'doc_verify':
      return {
        documentType: v.documentType === null ? null : oneOf(v.documentType, DOCUMENT_TYPES, f('documentType')),
        ocrConfidence: nullableNumber(v.ocrConfidence, f('ocrConfidence'), 0, 1),
      };
    case 'face_match':
      return { similarityScore: nullableNumber(v.similarityScore, f('similarityScore'), -1, 1), isMatch: nullableBool(v.isMatch, f('isMatch')) };
  }
}

function reported(name: CheckName, r: unknown, field: string): ReportedAttempt | null {
  if (r === null) return null;
  if (!isObject(r)) invalid(field, 'must be an object or null');
  const n = normaliseOutcome({ ...r, check: name }, field, true);
  return {
    at: date(r.at, `${field}.at`),
    attempt: integer(r.attempt, `${field}.attempt`, 1),
    result: n.result,
    reasons: n.reasons,
    ...n.values,
  } as ReportedAttempt;
}

function checkState(name: CheckName, c: unknown, field: string): CheckState {
  if (!isObject(c)) invalid(field, 'must be an object');
  if (c.name !== name) invalid(`${field}.name`, `must be ${name}`);
  return {
    name,
    status: oneOf<CheckStatus>(c.status, ['PENDING', 'IN_PROGRESS', 'COMPLETED'], `${field}.status`),
    result: c.result === null ? null : oneOf(c.result, CHECK_RESULTS, `${field}.result`),
    final: bool(c.final, `${field}.final`),
    attempts: integer(c.attempts, `${field}.attempts`, 0),
    reasons: reasons(c.reasons, `${field}.reasons`),
    values: checkValues(name, c.values, `${field}.values`),
    reported: reported(name, c.reported, `${field}.reported`),
    startedAt: nullableDate(c.startedAt, `${field}.startedAt`),
    completedAt: nullableDate(c.completedAt, `${field}.completedAt`),
  } as CheckState;
}

function review(r: unknown): ReviewDecision | null {
  if (r === null) return null;
  if (!isObject(r)) invalid('review', 'must be an object or null');
  return {
    decision: oneOf<ReviewDecisionValue>(r.decision, ['APPROVED', 'REJECTED'], 'review.decision'),
    reviewer: text(r.reviewer, 'review.reviewer'),
    reason: optionalText(r.reason, 'review.reason'),
    at: date(r.at, 'review.at'),
  };
}

function logEntries(log: unknown): SessionLogEntry[] {
  if (!Array.isArray(log) || log.length === 0) invalid('log', 'must be a non-empty array');
  return log.map((e, i) => {
    if (!isObject(e)) invalid(`log[${i}]`, 'must be an object');
    return {
      at: date(e.at, `log[${i}].at`),
      actor: text(e.actor, `log[${i}].actor`),
      type: text(e.type, `log[${i}].type`),
      data: jsonObject(e.data, `log[${i}].data`),
    };
  });
}

function fromSessionJson(json: unknown): Session {
  if (!isObject(json)) invalid('session', 'must be an object');
  const o = json;
  if (o.version !== 1) invalid('version', 'must be 1');
  if (!Array.isArray(o.requestedChecks) || o.requestedChecks.length === 0) invalid('requestedChecks', 'must be a non-empty array');
  const requestedChecks = o.requestedChecks.map((c, i) => checkName(c, `requestedChecks[${i}]`));
  if (new Set(requestedChecks).size !== requestedChecks.length) invalid('requestedChecks', 'must not repeat a check');
  if (!isObject(o.checks)) invalid('checks', 'must be an object');
  const checksIn = o.checks;
  const extra = Object.keys(checksIn).filter((k) => !(requestedChecks as string[]).includes(k));
  if (extra.length > 0) invalid(`checks.${extra[0]}`, 'is not a requested check');
  const checks: Record<string, CheckState> = {};
  for (const name of requestedChecks) checks[name] = checkState(name, checksIn[name], `checks.${name}`);
  return {
    version: 1,
    id: text(o.id, 'id'),
    externalRef: optionalText(o.externalRef, 'externalRef'),
    requestedChecks,
    config: resolveSessionConfig(o.config as never),
    status: oneOf<SessionStatus>(o.status, ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'EXPIRED', 'CANCELLED'], 'status'),
    overallResult: o.overallResult === null ? null : oneOf<OverallResult>(o.overallResult, ['APPROVED', 'REJECTED', 'REVIEW'], 'overallResult'),
    checks: checks as SessionChecks,
    metadata: jsonObject(o.metadata, 'metadata'),
    redirectUrl: url(o.redirectUrl, 'redirectUrl'),
    callbackUrl: url(o.callbackUrl, 'callbackUrl'),
    createdAt: date(o.createdAt, 'createdAt'),
    updatedAt: date(o.updatedAt, 'updatedAt'),
    startedAt: nullableDate(o.startedAt, 'startedAt'),
    completedAt: nullableDate(o.completedAt, 'completedAt'),
    endedAt: nullableDate(o.endedAt, 'endedAt'),
    expiresAt: date(o.expiresAt, 'expiresAt'),
    review: review(o.review),
    redactedAt: nullableDate(o.redactedAt, 'redactedAt'),
    log: logEntries(o.log),
  };
}
