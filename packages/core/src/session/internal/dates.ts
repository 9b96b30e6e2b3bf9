import { ProvefyError } from '../../errors/index.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Age in whole years on the UTC date of `at` for someone born on `dateOfBirth` (`YYYY-MM-DD`). A birthday counts
 * from its own date; someone born on 29 February turns a year older on 1 March in non-leap years.
 * Negative when the date of birth lies in the future.
 */
export function fullYearsAt(dateOfBirth: string, at: Date): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = utcDate(at).split('-').map(Number);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** Throws `PROVEFY_ERR_INVALID_INPUT` unless `now` is a valid `Date`. */
export function assertDate(now: unknown, field = 'now'): asserts now is Date {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `${field} must be a valid Date`, { field });
  }
}

/** Validates `now` and returns a private copy (a caller mutating its Date later cannot change the session). */
export function instant(now: unknown, field = 'now'): Date {
  assertDate(now, field);
  return new Date(now.getTime());
}

const ISO_INSTANT = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** True for the exact `Date#toISOString` form of a valid instant. */
export function isIsoInstant(value: string): boolean {
  if (!ISO_INSTANT.test(value)) return false;
  const t = Date.parse(value);
  return !Number.isNaN(t) && new Date(t).toISOString() === value;
}
