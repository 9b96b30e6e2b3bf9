/**
 * MRZ layouts: where each field sits, which characters it may hold and which check digits cover it.
 * The layouts drive line assembly (expected lengths), repair (character classes, check digits) and
 * the generic parser used for formats the `mrz` package does not handle (MRV-A, MRV-B, ISO 18013 licences).
 */

/** MRZ formats Provefy reads. */
export type MrzFormat =
  | 'TD1'
  | 'TD2'
  | 'TD3'
  | 'MRVA'
  | 'MRVB'
  | 'FRENCH_NATIONAL_ID'
  | 'FRENCH_DRIVING_LICENSE'
  | 'SWISS_DRIVING_LICENSE'
  | 'EU_DRIVING_LICENSE';

/**
 * What a field may hold. `alpha`: A-Z and `<`; `numeric`: 0-9 and `<`; `alnum`: any MRZ character;
 * `name`: a name field (letters and `<`); `sex`: M, F, X or `<`; `fixed`: literal text checked elsewhere.
 */
export type CharKind = 'alpha' | 'numeric' | 'alnum' | 'name' | 'sex';

export type MrzFieldName =
  | 'documentCode'
  | 'issuingState'
  | 'names'
  | 'lastName'
  | 'firstName'
  | 'documentNumber'
  | 'documentNumberCheckDigit'
  | 'nationality'
  | 'birthDate'
  | 'birthDateCheckDigit'
  | 'sex'
  | 'expirationDate'
  | 'expirationDateCheckDigit'
  | 'personalNumber'
  | 'personalNumberCheckDigit'
  | 'optional1'
  | 'optional2'
  | 'compositeCheckDigit'
  | 'issueDate'
  | 'administrativeCode'
  | 'administrativeCode2'
  | 'configuration'
  | 'languageCode'
  | 'pinCode'
  | 'versionNumber'
  | 'filler';

export interface FieldSpec {
  readonly name: MrzFieldName;
  readonly line: number;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly kind: CharKind;
}

export interface Span {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export type CheckName = 'documentNumber' | 'birthDate' | 'expirationDate' | 'personalNumber' | 'composite';

export interface CheckSpec {
  readonly name: CheckName;
  /** The characters the check digit is computed over, concatenated in order. */
  readonly spans: readonly Span[];
  /** Where the check digit is. */
  readonly digit: { readonly line: number; readonly pos: number };
  /**
   * ICAO 9303 long document numbers (TD1, TD2): when the check-digit slot holds `<`, the number
   * continues in this optional span up to its first filler, and the last character before that filler is the check digit.
   */
  readonly extension?: Span;
  /**
   * A national long-number layout (Portugal's and Belgium's TD1 cards): the number fills `span` (fillers
   * dropped) and its check digit is at `digit`. Tried only for these issuers and only when the ICAO reading fails.
   */
  readonly nationalLongNumber?: NationalLongNumber;
}

/** See {@link CheckSpec.nationalLongNumber}. */
export interface NationalLongNumber {
  readonly issuers: readonly string[];
  /** Where the issuing state is. */
  readonly issuer: Span;
  readonly span: Span;
  readonly digit: { readonly line: number; readonly pos: number };
}

export interface MrzLayout {
  readonly format: MrzFormat;
  readonly lineLengths: readonly number[];
  readonly fields: readonly FieldSpec[];
  readonly checks: readonly CheckSpec[];
  /** True when the `mrz` npm package parses this format. */
  readonly mrzPackage: boolean;
}

const f = (name: MrzFieldName, line: number, start: number, end: number, kind: CharKind): FieldSpec => ({ name, line, start, end, kind });
const s = (line: number, start: number, end: number): Span => ({ line, start, end });

/** Line 2 of TD3/MRV-A and TD2/MRV-B up to the expiry check digit (positions 0-27). */
function machineLine2(line: number): FieldSpec[] {
  return [
    f('documentNumber', line, 0, 9, 'alnum'),
    f('documentNumberCheckDigit', line, 9, 10, 'numeric'),
    f('nationality', line, 10, 13, 'alpha'),
    f('birthDate', line, 13, 19, 'numeric'),
    f('birthDateCheckDigit', line, 19, 20, 'numeric'),
    f('sex', line, 20, 21, 'sex'),
    f('expirationDate', line, 21, 27, 'numeric'),
    f('expirationDateCheckDigit', line, 27, 28, 'numeric'),
  ];
}

/** Document code: a letter, then a letter, digit or filler at the issuer's discretion (e.g. `C1` on US cards). */
function documentCode(line: number, start: number): FieldSpec[] {
  return [f('documentCode', line, start, start + 1, 'alpha'), f('documentCode', line, start + 1, start + 2, 'alnum')];
}

function line1(width: number): FieldSpec[] {
  return [...documentCode(0, 0), f('issuingState', 0, 2, 5, 'alpha'), f('names', 0, 5, width, 'name')];
}

const dateChecks = (line: number): CheckSpec[] => [
  { name: 'birthDate', spans: [s(line, 13, 19)], digit: { line, pos: 19 } },
  { name: 'expirationDate', spans: [s(line, 21, 27)], digit: { line, pos: 27 } },
];

export const LAYOUTS: Readonly<Record<MrzFormat, MrzLayout>> = {
  TD3: {
    format: 'TD3',
    lineLengths: [44, 44],
    mrzPackage: true,
    fields: [...line1(44), ...machineLine2(1), f('personalNumber', 1, 28, 42, 'alnum'), f('personalNumberCheckDigit', 1, 42, 43, 'numeric'), f('compositeCheckDigit', 1, 43, 44, 'numeric')],
    checks: [
      { name: 'documentNumber', spans: [s(1, 0, 9)], digit: { line: 1, pos: 9 } },
      ...dateChecks(1),
      { name: 'personalNumber', spans: [s(1, 28, 42)], digit: { line: 1, pos: 42 } },
      { name: 'composite', spans: [s(1, 0, 10), s(1, 13, 20), s(1, 21, 43)], digit: { line: 1, pos: 43 } },
    ],
  },
  MRVA: {
    format: 'MRVA',
    lineLengths: [44, 44],
    mrzPackage: false,
    fields: [...line1(44), ...machineLine2(1), f('optional1', 1, 28, 44, 'alnum')],
    checks: [{ name: 'documentNumber', spans: [s(1, 0, 9)], digit: { line: 1, pos: 9 } }, ...dateChecks(1)],
  },
  TD2: {
    format: 'TD2',
    lineLengths: [36, 36],
    mrzPackage: true,
    fields: [...line1(36), ...machineLine2(1), f('optional1', 1, 28, 35, 'alnum'), f('compositeCheckDigit', 1, 35, 36, 'numeric')],
    checks: [
      { name: 'documentNumber', spans: [s(1, 0, 9)], digit: { line: 1, pos: 9 }, extension: s(1, 28, 35) },
      ...dateChecks(1),
      { name: 'composite', spans: [s(1, 0, 10), s(1, 13, 20), s(1, 21, 35)], digit: { line: 1, pos: 35 } },
    ],
  },
  MRVB: {
    format: 'MRVB',
    lineLengths: [36, 36],
    mrzPackage: false,
    fields: [...line1(36), ...machineLine2(1), f('optional1', 1, 28, 36, 'alnum')],
    checks: [{ name: 'documentNumber', spans: [s(1, 0, 9)], digit: { line: 1, pos: 9 } }, ...dateChecks(1)],
  },
  TD1: {
    format: 'TD1',
    lineLengths: [30, 30, 30],
    mrzPackage: true,
    fields: [
      ...documentCode(0, 0),
      f('issuingState', 0, 2, 5, 'alpha'),
      f('documentNumber', 0, 5, 14, 'alnum'),
      f('documentNumberCheckDigit', 0, 14, 15, 'numeric'),
      f('optional1', 0, 15, 30, 'alnum'),
      f('birthDate', 1, 0, 6, 'numeric'),
      f('birthDateCheckDigit', 1, 6, 7, 'numeric'),
      f('sex', 1, 7, 8, 'sex'),
      f('expirationDate', 1, 8, 14, 'numeric'),
      f('expirationDateCheckDigit', 1, 14, 15, 'numeric'),
      f('nationality', 1, 15, 18, 'alpha'),
      f('optional2', 1, 18, 29, 'alnum'),
      f('compositeCheckDigit', 1, 29, 30, 'numeric'),
      f('names', 2, 0, 30, 'name'),
    ],
    checks: [
      {
        name: 'documentNumber',
        spans: [s(0, 5, 14)],
        digit: { line: 0, pos: 14 },
        extension: s(0, 15, 30),
        nationalLongNumber: { issuers: ['PRT', 'BEL'], issuer: s(0, 2, 5), span: s(0, 5, 18), digit: { line: 0, pos: 18 } },
      },
      { name: 'birthDate', spans: [s(1, 0, 6)], digit: { line: 1, pos: 6 } },
      { name: 'expirationDate', spans: [s(1, 8, 14)], digit: { line: 1, pos: 14 } },
      { name: 'composite', spans: [s(0, 5, 30), s(1, 0, 7), s(1, 8, 15), s(1, 18, 29)], digit: { line: 1, pos: 29 } },
    ],
  },
  FRENCH_NATIONAL_ID: {
    format: 'FRENCH_NATIONAL_ID',
    lineLengths: [36, 36],
    mrzPackage: true,
    fields: [
      f('documentCode', 0, 0, 2, 'alpha'),
      f('issuingState', 0, 2, 5, 'alpha'),
      f('lastName', 0, 5, 30, 'name'),
      f('administrativeCode', 0, 30, 36, 'alnum'),
      f('issueDate', 1, 0, 4, 'numeric'),
      f('administrativeCode2', 1, 4, 7, 'alnum'),
      f('documentNumber', 1, 7, 12, 'numeric'),
      f('documentNumberCheckDigit', 1, 12, 13, 'numeric'),
      f('firstName', 1, 13, 27, 'name'),
      f('birthDate', 1, 27, 33, 'numeric'),
      f('birthDateCheckDigit', 1, 33, 34, 'numeric'),
      f('sex', 1, 34, 35, 'sex'),
      f('compositeCheckDigit', 1, 35, 36, 'numeric'),
    ],
    checks: [
      { name: 'documentNumber', spans: [s(1, 0, 12)], digit: { line: 1, pos: 12 } },
      { name: 'birthDate', spans: [s(1, 27, 33)], digit: { line: 1, pos: 33 } },
      { name: 'composite', spans: [s(0, 0, 36), s(1, 0, 35)], digit: { line: 1, pos: 35 } },
    ],
  },
  FRENCH_DRIVING_LICENSE: {
    format: 'FRENCH_DRIVING_LICENSE',
    lineLengths: [30],
    mrzPackage: true,
    fields: [
      f('documentCode', 0, 0, 2, 'alnum'),
      f('issuingState', 0, 2, 5, 'alpha'),
      f('documentNumber', 0, 5, 14, 'alnum'),
      f('documentNumberCheckDigit', 0, 14, 15, 'numeric'),
      f('expirationDate', 0, 15, 21, 'numeric'),
      f('lastName', 0, 21, 29, 'name'),
      f('compositeCheckDigit', 0, 29, 30, 'numeric'),
    ],
    checks: [
      { name: 'documentNumber', spans: [s(0, 0, 14)], digit: { line: 0, pos: 14 } },
      { name: 'composite', spans: [s(0, 0, 29)], digit: { line: 0, pos: 29 } },
    ],
  },
  EU_DRIVING_LICENSE: {
    format: 'EU_DRIVING_LICENSE',
    lineLengths: [30],
    mrzPackage: false,
    fields: [
      f('documentCode', 0, 0, 2, 'alnum'),
      f('issuingState', 0, 2, 5, 'alpha'),
      f('configuration', 0, 5, 6, 'alnum'),
      f('documentNumber', 0, 6, 16, 'alnum'),
      f('optional1', 0, 16, 29, 'alnum'),
      f('compositeCheckDigit', 0, 29, 30, 'numeric'),
    ],
    checks: [{ name: 'composite', spans: [s(0, 0, 29)], digit: { line: 0, pos: 29 } }],
  },
  SWISS_DRIVING_LICENSE: {
    format: 'SWISS_DRIVING_LICENSE',
    lineLengths: [9, 30, 30],
    mrzPackage: true,
    fields: [
      f('documentNumber', 0, 0, 3, 'alnum'),
      f('documentNumber', 0, 3, 6, 'numeric'),
      f('languageCode', 0, 6, 7, 'alpha'),
      f('filler', 0, 7, 9, 'alnum'),
      f('documentCode', 1, 0, 2, 'alpha'),
      f('issuingState', 1, 2, 5, 'alpha'),
      f('pinCode', 1, 5, 14, 'numeric'),
      f('versionNumber', 1, 14, 17, 'numeric'),
      f('filler', 1, 17, 19, 'alnum'),
      f('birthDate', 1, 19, 25, 'numeric'),
      f('filler', 1, 25, 30, 'alnum'),
      f('names', 2, 0, 30, 'name'),
    ],
    checks: [],
  },
};

/**
 * The format of a set of MRZ lines from their lengths and document code, or null.
 *
 * @example
 * ```ts
 * detectFormat(['V<UTO...', 'L898...']); // 'MRVA' for two 44-character lines starting with V
 * ```
 */
export function detectFormat(lines: readonly string[]): MrzFormat | null {
  const lens = lines.map((l) => l.length).join(',');
  const first = lines[0] ?? '';
  switch (lens) {
    case '44,44':
      return first[0] === 'V' ? 'MRVA' : 'TD3';
    case '36,36':
      if (first.startsWith('IDFRA') || /[0-9]/.test(first.slice(30, 35))) return 'FRENCH_NATIONAL_ID';
      return first[0] === 'V' ? 'MRVB' : 'TD2';
    case '30,30,30':
      return 'TD1';
    case '9,30,30':
      return 'SWISS_DRIVING_LICENSE';
    case '30':
      return first.startsWith('D1FRA') ? 'FRENCH_DRIVING_LICENSE' : first[0] === 'D' ? 'EU_DRIVING_LICENSE' : null;
    default:
      return null;
  }
}
