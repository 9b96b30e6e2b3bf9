import type { DocumentFields } from '../types.js';
import type { OcrTextLine } from './extract-fields.js';
import { findDates, normaliseText } from './text-lines.js';

/** ICAO 9303 transliterations of letters that print with diacritics (Ä as AE in the MRZ, …). */
const TRANSLIT: readonly [RegExp, string][] = [
  [/[ÄÆ]/g, 'AE'],
  [/[ÖØŒ]/g, 'OE'],
  [/Ü/g, 'UE'],
  [/ß/g, 'SS'],
  [/Å/g, 'AA'],
  [/Þ/g, 'TH'],
];

function compact(s: string): string {
  return s.replace(/[^A-Z0-9]/g, '');
}

/**
 * Which MRZ fields the printed (visual) zone shows: the last name (plain or ICAO-transliterated), the document
 * number (spaces ignored), the birth and expiry dates (in any printed notation, day first).
 *
 * @example
 * ```ts
 * compareVisualZone(viz.lines, mrz.fields); // { found: ['lastName', 'dateOfBirth'], missing: ['documentNumber', 'expiryDate'] }
 * ```
 */
export function compareVisualZone(lines: readonly OcrTextLine[], fields: DocumentFields): { found: string[]; missing: string[] } {
  // The MRZ itself is printed on the page: its lines (fillers, or long runs without spaces) are not the visual zone.
  const printed = lines.filter((l) => !/[<«]{2}|<[A-Z0-9]|[A-Z0-9<]{28,}/.test(l.text.toUpperCase().replace(/\s+/g, '')));
  const raw = printed.map((l) => l.text.toUpperCase()).join('\n');
  let translit = raw;
  for (const [re, to] of TRANSLIT) translit = translit.replace(re, to);
  const texts = [compact(normaliseText(raw)), compact(normaliseText(translit))];
  const dates = new Set(findDates(raw, 'DMY'));
  const found: string[] = [];
  const missing: string[] = [];
  const check = (key: string, present: boolean | null) => {
    if (present === null) return;
    (present ? found : missing).push(key);
  };
  const last = fields.lastName ? compact(fields.lastName) : null;
  check('lastName', last && last.length >= 2 ? texts.some((t) => t.includes(last)) : null);
  const num = fields.documentNumber ? compact(fields.documentNumber) : null;
  check('documentNumber', num && num.length >= 5 ? texts.some((t) => t.includes(num)) : null);
  check('dateOfBirth', fields.dateOfBirth ? dates.has(fields.dateOfBirth) : null);
  check('expiryDate', fields.expiryDate ? dates.has(fields.expiryDate) : null);
  return { found, missing };
}
