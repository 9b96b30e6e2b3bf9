/** Date helpers shared by MRZ, barcode and visual-zone readers. All outputs are ISO `YYYY-MM-DD` or null. */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ISO date when year, month and day form a real calendar date, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * Expands an MRZ `YYMMDD` date. Birth dates are never in the future; expiry dates are taken within
 * 30 years after `now` (so `961210` expires in 1996 and `300101` in 2030).
 *
 * @example
 * ```ts
 * mrzDate('740812', 'birth', new Date('2025-01-01')); // '1974-08-12'
 * mrzDate('120415', 'expiry', new Date('2025-01-01')); // '2012-04-15'
 * ```
 */
export function mrzDate(yymmdd: string, kind: 'birth' | 'expiry', now: Date = new Date()): string | null {
  if (!/^[0-9]{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  const nowYear = now.getUTCFullYear();
  let year = 2000 + yy;
  if (kind === 'birth') {
    const iso = isoDate(year, mm, dd);
    if (year > nowYear || (iso !== null && iso > now.toISOString().slice(0, 10))) year -= 100;
  } else if (year > nowYear + 30) {
    year -= 100;
  }
  return isoDate(year, mm, dd);
}

/** True when the ISO date `expiry` is before the day of `now` (a document is valid through its expiry day). */
export function isExpired(expiry: string, now: Date = new Date()): boolean {
  return expiry < now.toISOString().slice(0, 10);
}
