/**
 * Comparing MRZ parses across libraries. Test suites of different MRZ parsers (the `mrz` npm package,
 * MRZParser, PassportEye, the `mrz` PyPI package) name and format fields differently; these helpers bring
 * any of them, and Provefy's own parser output, to one canonical form before comparing.
 */

/** The canonical MRZ fields compared. Dates are YYMMDD as written in the MRZ; sex is M, F or X. */
export const CANONICAL_MRZ_FIELDS = [
  'documentCode',
  'issuingState',
  'documentNumber',
  'birthDate',
  'expiryDate',
  'sex',
  'nationality',
  'lastName',
  'firstName',
] as const;

export type CanonicalMrzField = (typeof CANONICAL_MRZ_FIELDS)[number];
/** Canonical field values: a string, null (the source says "no value"), or absent (not reported). */
export type CanonicalMrzFields = Partial<Record<CanonicalMrzField, string | null>>;

/** Source key names per canonical field, in priority order. */
const KEY_ALIASES: Record<CanonicalMrzField, readonly string[]> = {
  documentCode: ['documentCode', 'type', 'document_type', 'code'],
  issuingState: ['issuingState', 'issuingCountry', 'countryCode', 'country', 'issuer'],
  documentNumber: ['documentNumber', 'number', 'document_number'],
  birthDate: ['birthDate', 'birthdate', 'dateOfBirth', 'date_of_birth', 'birth_date'],
  expiryDate: ['expiryDate', 'expirationDate', 'expiration_date', 'expiry_date', 'dateOfExpiry'],
  sex: ['sex', 'gender'],
  nationality: ['nationality', 'nationalityCountryCode', 'nationalityCode'],
  lastName: ['lastName', 'surnames', 'surname', 'primaryIdentifier'],
  firstName: ['firstName', 'givenNames', 'given_names', 'names', 'name', 'secondaryIdentifier'],
};

function text(v: unknown): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return undefined;
}

/**
 * A date as YYMMDD from `YYMMDD`, `YYYYMMDD`, `YYYY-MM-DD` (ISO) or a Date; other text is kept as is.
 *
 * @example
 * ```ts
 * mrzDate('1974-08-12'); // '740812'
 * mrzDate('19400907');   // '400907'
 * ```
 */
export function mrzDate(v: string | Date): string {
  if (v instanceof Date) return v.toISOString().slice(2, 10).replace(/-/g, '');
  const s = v.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return `${iso[1]!.slice(2)}${iso[2]}${iso[3]}`;
  if (/^\d{8}$/.test(s)) return s.slice(2);
  return s;
}

/**
 * Sex as M, F or X from any spelling (`male`, `.female`, `F`, `<`, `nonspecified`...).
 *
 * @example
 * ```ts
 * mrzSex('.female'); // 'F'
 * ```
 */
export function mrzSex(v: string): string {
  const s = v.trim().toLowerCase().replace(/^\./, '');
  if (s === 'm' || s === 'male') return 'M';
  if (s === 'f' || s === 'female') return 'F';
  if (s === '' || s === '<' || s === 'x' || /unspecified|nonspecified|unknown|other/.test(s)) return 'X';
  return v.trim().toUpperCase();
}

/** Upper case, filler `<` and runs of spaces collapsed to one space, trimmed. */
export function mrzText(v: string): string {
  return v.replace(/</g, ' ').replace(/\s+/g, ' ').trim().toUpperCase();
}

function normaliseValue(field: CanonicalMrzField, v: string | Date): string {
  switch (field) {
    case 'birthDate':
    case 'expiryDate':
      return mrzDate(v);
    case 'sex':
      return mrzSex(String(v));
    case 'documentCode':
      return mrzText(String(v)).replace(/\s+/g, '');
    case 'issuingState':
    case 'nationality': {
      const c = mrzText(String(v)).replace(/\s+/g, '');
      return c === 'D' ? 'DEU' : c; // Germany's one-letter MRZ code
    }
    default:
      return mrzText(String(v));
  }
}

/**
 * Brings a field object of any MRZ library (or Provefy's parser) to canonical fields. A value that is
 * not a code (e.g. MRZParser's `documentType: ".passport"`) is left out.
 *
 * @example
 * ```ts
 * canonicalMrzFields({ surnames: 'ERIKSSON', givenNames: 'ANNA MARIA', birthdate: '19740812', sex: '.female' });
 * // { lastName: 'ERIKSSON', firstName: 'ANNA MARIA', birthDate: '740812', sex: 'F' }
 * ```
 */
export function canonicalMrzFields(raw: Readonly<Record<string, unknown>> | null | undefined): CanonicalMrzFields {
  const out: CanonicalMrzFields = {};
  if (!raw) return out;
  for (const field of CANONICAL_MRZ_FIELDS) {
    for (const key of KEY_ALIASES[field]) {
      if (!(key in raw)) continue;
      const rawValue = raw[key];
      const v = rawValue instanceof Date ? rawValue : text(rawValue);
      if (v === undefined) continue;
      if (field === 'documentCode' && typeof v === 'string' && v.startsWith('.')) continue; // an enum name, not the code
      const norm = v === null ? null : normaliseValue(field, v);
      out[field] = norm === '' ? null : norm; // an empty field is no value, as a parser's null
      break;
    }
  }
  return out;
}

/** The outcome of comparing expected with actual canonical fields. */
export interface FieldComparison {
  /** Fields with an expected value that the actual parse reports (null or a value). */
  readonly compared: number;
  readonly agreed: number;
  readonly mismatches: { field: CanonicalMrzField; expected: string; actual: string | null }[];
  /** Fields expected but absent from the actual parse (not counted as compared). */
  readonly notReported: CanonicalMrzField[];
}

/**
 * Compares canonical fields: only fields with a non-null expected value count; a field the actual parse
 * does not report at all is listed in `notReported`.
 *
 * @example
 * ```ts
 * compareMrzFields({ sex: 'F', lastName: 'ERIKSSON' }, { sex: 'F', lastName: 'ERIKSON' });
 * // { compared: 2, agreed: 1, mismatches: [{ field: 'lastName', expected: 'ERIKSSON', actual: 'ERIKSON' }], notReported: [] }
 * ```
 */
export function compareMrzFields(expected: CanonicalMrzFields, actual: CanonicalMrzFields): FieldComparison {
  let compared = 0;
  let agreed = 0;
  const mismatches: FieldComparison['mismatches'] = [];
  const notReported: CanonicalMrzField[] = [];
  for (const field of CANONICAL_MRZ_FIELDS) {
    const e = expected[field];
    if (e === undefined || e === null) continue;
    if (!(field in actual)) {
      notReported.push(field);
      continue;
    }
    compared++;
    const a = actual[field] ?? null;
    if (a === e) agreed++;
    else mismatches.push({ field, expected: e, actual: a });
  }
  return { compared, agreed, mismatches, notReported };
}

/**
 * True when every MRZ line was read exactly (spaces removed, case-insensitive).
 *
 * @example
 * ```ts
 * mrzLinesExact(['P<UTO...', 'L898...'], ['P<UTO...', 'L898...']); // true
 * ```
 */
export function mrzLinesExact(predicted: readonly string[] | null | undefined, truth: readonly string[]): boolean {
  if (!predicted || predicted.length !== truth.length) return false;
  const clean = (s: string) => s.replace(/\s+/g, '').toUpperCase();
  return truth.every((line, i) => clean(predicted[i] ?? '') === clean(line));
}

/**
 * Share of MRZ characters read right, position by position over the labelled lines (missing lines or
 * characters count as wrong).
 *
 * @example
 * ```ts
 * mrzCharAccuracy(['AB<'], ['AC<']); // 2/3
 * ```
 */
export function mrzCharAccuracy(predicted: readonly string[] | null | undefined, truth: readonly string[]): number {
  const clean = (s: string) => s.replace(/\s+/g, '').toUpperCase();
  let total = 0;
  let right = 0;
  truth.forEach((line, i) => {
    const t = clean(line);
    const p = clean(predicted?.[i] ?? '');
    total += t.length;
    for (let k = 0; k < t.length; k++) if (p[k] === t[k]) right++;
  });
  return total ? right / total : Number.NaN;
}
