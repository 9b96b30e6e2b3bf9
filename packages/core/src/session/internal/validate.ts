/** Runtime validation of everything that enters a session from outside (HTTP bodies, check modules, storage). */
import type { CheckReason, CheckResult } from '../../check-result.js';
import { ProvefyError } from '../../errors/index.js';
import { isCheckName } from '../check-names.js';
import type {
  CheckName,
  PortraitSource,
  ReportedValuesMap,
  SessionDocumentFields,
  SessionDocumentType,
} from '../types.js';
import { isIsoDate } from './dates.js';

/** Throws `PROVEFY_ERR_INVALID_INPUT` naming the offending field. */
export function invalid(field: string, message: string): never {
  throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `${field} ${message}`, { field });
}

export const CHECK_RESULTS: readonly CheckResult[] = ['PASS', 'FAIL', 'REVIEW'];
export const DOCUMENT_TYPES: readonly SessionDocumentType[] = ['PASSPORT', 'ID_CARD', 'DRIVERS_LICENSE', 'RESIDENCE_PERMIT', 'VISA', 'UNKNOWN'];
const DOCUMENT_FIELDS: readonly (keyof SessionDocumentFields)[] = [
  'firstName',
  'lastName',
  'dateOfBirth',
  'documentNumber',
  'expiryDate',
  'sex',
  'nationality',
];

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) invalid(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) invalid(field, 'must be a non-empty string');
  return value;
}

export function optionalText(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : text(value, field);
}

export function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') invalid(field, 'must be a boolean');
  return value;
}

/** A finite number in [min, max] or null; -0 becomes 0 so JSON round trips stay exact. */
export function nullableNumber(value: unknown, field: string, min: number, max: number): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    invalid(field, `must be a number from ${min} to ${max} or null`);
  }
  return value === 0 ? 0 : value;
}

export function checkName(value: unknown, field: string): CheckName {
  if (!isCheckName(value)) invalid(field, 'must be one of liveness, age_estimation, doc_verify, face_match');
  return value;
}

export function reasons(value: unknown, field: string): CheckReason[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(field, 'must be an array of {code, message, details?}');
  return value.map((r, i) => {
    if (!isObject(r)) invalid(`${field}[${i}]`, 'must be an object');
    const out: { code: string; message: string; details?: Record<string, unknown> } = {
      code: text(r.code, `${field}[${i}].code`),
      message: typeof r.message === 'string' ? r.message : invalid(`${field}[${i}].message`, 'must be a string'),
    };
    if (r.details !== undefined) out.details = jsonDetails(r.details, `${field}[${i}].details`);
    return out;
  });
}

/**
 * Reason details as JSON: what JSON cannot carry is dropped or converted the way `JSON.stringify` does
 * (`undefined` dropped, NaN to null, Dates to strings), so a check module's sloppy details never block a result.
 */
function jsonDetails(value: unknown, field: string): Record<string, unknown> {
  if (!isObject(value)) invalid(field, 'must be an object');
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch {
    return invalid(field, 'must be JSON-serialisable (no cycles or BigInts)');
  }
}

/** An absolute http(s) URL. */
export function url(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') invalid(field, 'must be a URL string');
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    invalid(field, 'must be an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') invalid(field, 'must be an http(s) URL');
  return value;
}

/**
 * A deep copy of a JSON object (what `metadata` and log data may hold). Rejects what JSON cannot carry
 * (undefined, functions, Dates, NaN, cycles...), so a stored session always survives a JSON round trip unchanged.
 */
export function jsonObject(value: unknown, field: string): Record<string, unknown> {
  if (!isObject(value) || !isPlainJson(value, new Set())) invalid(field, 'must be a plain JSON object');
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function isPlainJson(value: unknown, seen: Set<object>): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || seen.has(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  seen.add(value);
  const ok = Array.isArray(value)
    ? Array.from(value).every((v) => isPlainJson(v, seen)) // Array.from: holes become undefined and fail
    : Object.values(value).every((v) => isPlainJson(v, seen));
  seen.delete(value);
  return ok;
}

function documentFields(value: unknown, field: string): SessionDocumentFields {
  if (value === undefined || value === null) value = {};
  if (!isObject(value)) invalid(field, 'must be an object');
  const out: Record<string, string | null> = {};
  for (const key of DOCUMENT_FIELDS) {
    const v = value[key];
    if (v === undefined || v === null) out[key] = null;
    else if (typeof v !== 'string') invalid(`${field}.${key}`, 'must be a string or null');
    else if ((key === 'dateOfBirth' || key === 'expiryDate') && !isIsoDate(v)) invalid(`${field}.${key}`, 'must be a YYYY-MM-DD date');
    else out[key] = v;
  }
  return out as unknown as SessionDocumentFields;
}

/** What `normaliseOutcome` returns: the validated result plus the check's own stored values (a union by `check`). */
export type NormalisedOutcome = {
  readonly [N in CheckName]: {
    readonly check: N;
    readonly result: CheckResult;
    readonly reasons: readonly CheckReason[];
    readonly values: ReportedValuesMap[N];
  };
}[CheckName];

/**
 * Validates a check outcome (from a check module or from storage) and keeps only the fields a session stores.
 * `stored` reads the stored form (`portraitFound`, full `fields`) instead of the check-module form (`portrait`).
 */
export function normaliseOutcome(outcome: unknown, field = 'outcome', stored = false): NormalisedOutcome {
  if (!isObject(outcome)) invalid(field, 'must be an object');
  const check = checkName(outcome.check, `${field}.check`);
  const result = oneOf(outcome.result, CHECK_RESULTS, `${field}.result`);
  const why = reasons(outcome.reasons, `${field}.reasons`);
  const o = outcome;
  const f = (k: string) => `${field}.${k}`;
  switch (check) {
    case 'liveness':
      return { check, result, reasons: why, values: { livenessScore: nullableNumber(o.livenessScore, f('livenessScore'), 0, 1) } };
    case 'age_estimation':
      return {
        check,
        result,
        reasons: why,
        values: {
          estimatedAge: nullableNumber(o.estimatedAge, f('estimatedAge'), 0, 150),
          meetsMinAge: bool(o.meetsMinAge, f('meetsMinAge')),
        },
      };
    case 'doc_verify': {
      let portraitFound: boolean;
      if (stored) portraitFound = bool(o.portraitFound, f('portraitFound'));
      else if (o.portrait === undefined) invalid(f('portrait'), 'must be given (the portrait box, true/false, or null)');
      else portraitFound = o.portrait === true || isObject(o.portrait);
      return {
        check,
        result,
        reasons: why,
        values: {
          documentType: oneOf(o.documentType, DOCUMENT_TYPES, f('documentType')),
          ocrConfidence: nullableNumber(o.ocrConfidence, f('ocrConfidence'), 0, 1),
          country: optionalText(o.country, f('country')),
          portraitFound,
          fields: documentFields(o.fields, f('fields')),
        },
      };
    }
    case 'face_match':
      return {
        check,
        result,
        reasons: why,
        values: {
          similarityScore: nullableNumber(o.similarityScore, f('similarityScore'), -1, 1),
          isMatch: bool(o.isMatch, f('isMatch')),
          portraitSource: oneOf<PortraitSource>(o.portraitSource ?? 'doc_verify', ['doc_verify', 'document_photo'], f('portraitSource')),
        },
      };
  }
}
