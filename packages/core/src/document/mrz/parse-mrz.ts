import { type ParseResult, parse as mrzPackageParse } from 'mrz';
import { mrzStateToIso } from '../fields/country-codes.js';
import { mrzDate } from '../fields/dates.js';
import type { DocumentFields, DocumentSex, DocumentType, MrzData, StateCodeStatus } from '../types.js';
import { LAYOUTS, type MrzFormat, type MrzLayout, detectFormat } from './formats.js';
import { type MrzCheck, type MrzCorrection, evaluateCheck, isKnownStateCode, nationalLongNumber, repairMrz } from './repair.js';

/** Everything known about one MRZ: the public {@link MrzData}, normalised fields and the `mrz` package's own parse. */
export interface MrzReading extends MrzData {
  readonly documentType: DocumentType;
  readonly fields: DocumentFields;
  /** Optional / personal data fields as printed (fillers removed). */
  readonly optionalData: readonly string[];
  /** The `mrz` npm package's result on the final lines (null for MRV-A, MRV-B and ISO 18013 licences). */
  readonly raw: ParseResult | null;
}

export interface ParseMrzOptions {
  /** Repair OCR confusions confirmed by check digits and field types (default true). */
  repair?: boolean;
  /** Reference date for the century of birth and expiry dates (default now). */
  now?: Date;
  /** Force a format instead of detecting it from line lengths and the document code. */
  format?: MrzFormat;
}

function field(lines: readonly string[], layout: MrzLayout, name: string): string | null {
  const parts = layout.fields.filter((f) => f.name === name).map((f) => lines[f.line]!.slice(f.start, f.end));
  return parts.length ? parts.join('') : null;
}

function cleanName(s: string): string | null {
  const v = s.replace(/</g, ' ').replace(/\s+/g, ' ').trim();
  return v.length > 0 ? v : null;
}

/** Splits an ICAO name field: primary identifier, `<<`, secondary identifier. */
export function splitNames(field: string): { lastName: string | null; firstName: string | null } {
  const trimmed = field.replace(/<+$/, '');
  const idx = trimmed.indexOf('<<');
  if (idx === -1) return { lastName: cleanName(trimmed), firstName: null };
  return { lastName: cleanName(trimmed.slice(0, idx)), firstName: cleanName(trimmed.slice(idx + 2)) };
}

/** ICAO 9303: `<` in the MRZ is "unspecified", printed X in the visual zone. */
function parseSex(c: string | null): DocumentSex | null {
  if (c === 'M' || c === 'F' || c === 'X') return c;
  if (c === '<') return 'X';
  return null;
}

/**
 * The document type from the MRZ document code (ICAO 9303): P passport, V visa, I/A/C identity
 * card (with R as second letter, a residence permit), D driving licence.
 *
 * @example
 * ```ts
 * documentTypeFromCode('P<', 'TD3'); // 'PASSPORT'
 * documentTypeFromCode('IR', 'TD1'); // 'RESIDENCE_PERMIT'
 * ```
 */
export function documentTypeFromCode(code: string, format: MrzFormat): DocumentType {
  if (format === 'FRENCH_DRIVING_LICENSE' || format === 'SWISS_DRIVING_LICENSE' || format === 'EU_DRIVING_LICENSE') return 'DRIVERS_LICENSE';
  if (format === 'FRENCH_NATIONAL_ID') return 'ID_CARD';
  const c0 = code[0];
  if (c0 === 'P') return 'PASSPORT';
  if (c0 === 'V') return 'VISA';
  if (c0 === 'I' || c0 === 'A' || c0 === 'C') return code[1] === 'R' ? 'RESIDENCE_PERMIT' : 'ID_CARD';
  if (c0 === 'D') return 'DRIVERS_LICENSE';
  return 'UNKNOWN';
}

const CODE_FIRST: Readonly<Partial<Record<MrzFormat, RegExp>>> = {
  TD3: /^P/,
  MRVA: /^V/,
  MRVB: /^V/,
  TD2: /^[IAC]/,
  TD1: /^[IAC]/,
  FRENCH_NATIONAL_ID: /^IDFRA/,
  FRENCH_DRIVING_LICENSE: /^D1FRA/,
  EU_DRIVING_LICENSE: /^D/,
};

function structuralProblems(lines: readonly string[], layout: MrzLayout, fields: DocumentFields, code: string): string[] {
  const problems: string[] = [];
  const first = CODE_FIRST[layout.format];
  if (first && !first.test(lines[0]!)) problems.push(`document code "${code}" does not fit ${layout.format}`);
  const birth = field(lines, layout, 'birthDate');
  if (birth && !/^<+$/.test(birth) && !/</.test(birth) && fields.dateOfBirth === null) problems.push(`birth date "${birth}" is not a date`);
  const expiry = field(lines, layout, 'expirationDate');
  if (expiry && !/^<+$/.test(expiry) && !/</.test(expiry) && fields.expiryDate === null) problems.push(`expiry date "${expiry}" is not a date`);
  const sex = field(lines, layout, 'sex');
  if (sex !== null && !/^[MFX<]$/.test(sex)) problems.push(`sex "${sex}" is not M, F, X or <`);
  for (const l of lines) if (!/^[A-Z0-9<]*$/.test(l)) problems.push('characters outside the MRZ alphabet');
  return problems;
}

function documentNumberOf(lines: readonly string[], layout: MrzLayout, raw: ParseResult | null, checks: readonly MrzCheck[]): string | null {
  const long = layout.checks.find((c) => c.nationalLongNumber)?.nationalLongNumber;
  if (long && checks.some((c) => c.layout === 'national-long-number')) return nationalLongNumber(lines, long)?.number ?? null;
  if (layout.format === 'SWISS_DRIVING_LICENSE' && raw?.fields.documentNumber) return raw.fields.documentNumber;
  if (raw?.documentNumber) return raw.documentNumber;
  const check = layout.checks.find((c) => c.name === 'documentNumber');
  let num = field(lines, layout, 'documentNumber') ?? '';
  if (check?.extension && lines[check.digit.line]![check.digit.pos] === '<') {
    const ext = lines[check.extension.line]!.slice(check.extension.start, check.extension.end);
    const end = ext.indexOf('<') === -1 ? ext.length : ext.indexOf('<');
    if (end > 1) num += ext.slice(0, end - 1);
  }
  num = num.replace(/</g, '');
  return num.length > 0 ? num : null;
}

function stateCodeStatus(code: string | null): StateCodeStatus | null {
  if (code === null) return null;
  const c = code.replace(/<+$/, '');
  if (c === 'UTO') return 'specimen';
  return c.length > 0 && isKnownStateCode(c) ? 'known' : 'unknown';
}

function safeMrzPackageParse(lines: readonly string[]): ParseResult | null {
  try {
    return mrzPackageParse(lines);
  } catch {
    return null;
  }
}

/**
 * Parses MRZ lines of any supported format: detects the format (TD1, TD2, TD3, MRV-A, MRV-B, French ID,
 * French, Swiss and ISO 18013 driving licences), repairs OCR confusions where check digits or field types
 * confirm them, evaluates every check digit and returns normalised fields (ISO dates). A failed check digit
 * is reported in `checks` and `valid: false`, never thrown. Returns null when the lines match no format.
 *
 * @example
 * ```ts
 * const r = parseMrz(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']);
 * r?.fields.lastName;   // 'ERIKSSON'
 * r?.fields.dateOfBirth; // '1974-08-12'
 * r?.valid;              // true
 * ```
 */
export function parseMrz(input: readonly string[], opts: ParseMrzOptions = {}): MrzReading | null {
  const now = opts.now ?? new Date();
  const cleaned = input.map((l) => l.replace(/\s+/g, '').replace(/«/g, '<').toUpperCase()).filter((l) => l.length > 0);
  const format = opts.format ?? detectFormat(cleaned) ?? detectFormat(cleaned.map((l) => l.replace(/[^A-Z0-9<]/g, '<')));
  if (!format) return null;
  const layout = LAYOUTS[format];
  if (cleaned.length !== layout.lineLengths.length || cleaned.some((l, i) => l.length !== layout.lineLengths[i])) return null;
  let lines: readonly string[];
  let corrections: readonly MrzCorrection[] = [];
  let checks: readonly MrzCheck[];
  if (opts.repair === false) {
    lines = cleaned;
    checks = layout.checks.map((c) => evaluateCheck(lines, c));
  } else {
    const rep = repairMrz(cleaned, format);
    lines = rep.lines;
    corrections = rep.corrections;
    checks = rep.checks;
  }
  const raw = layout.mrzPackage ? safeMrzPackageParse(lines) : null;

  const code = (field(lines, layout, 'documentCode') ?? '').replace(/<+$/, '');
  let names: { lastName: string | null; firstName: string | null };
  const namesField = field(lines, layout, 'names');
  if (namesField !== null) names = splitNames(namesField);
  else names = { lastName: cleanName(field(lines, layout, 'lastName') ?? ''), firstName: cleanName(field(lines, layout, 'firstName') ?? '') };

  const birth = field(lines, layout, 'birthDate');
  const expiry = field(lines, layout, 'expirationDate');
  const fields: DocumentFields = {
    firstName: names.firstName,
    lastName: names.lastName,
    dateOfBirth: birth ? mrzDate(birth, 'birth', now) : null,
    documentNumber: documentNumberOf(lines, layout, raw, checks),
    expiryDate: expiry ? mrzDate(expiry, 'expiry', now) : null,
    sex: parseSex(field(lines, layout, 'sex')),
    nationality: mrzStateToIso(field(lines, layout, 'nationality') ?? field(lines, layout, 'issuingState') ?? ''),
  };
  if (format === 'SWISS_DRIVING_LICENSE') fields.nationality = null;
  const problems = structuralProblems(lines, layout, fields, code);
  const optionalData = layout.fields
    .filter((f) => f.name === 'optional1' || f.name === 'optional2' || f.name === 'personalNumber')
    .map((f) => lines[f.line]!.slice(f.start, f.end).replace(/<+$/, '').replace(/</g, ' ').trim());
  return {
    format,
    lines,
    valid: checks.every((c) => c.valid) && problems.length === 0,
    checks,
    corrections,
    documentCode: code,
    issuingState: mrzStateToIso(field(lines, layout, 'issuingState') ?? ''),
    problems,
    stateCodes: { issuingState: stateCodeStatus(field(lines, layout, 'issuingState')), nationality: stateCodeStatus(field(lines, layout, 'nationality')) },
    documentType: documentTypeFromCode(code, format),
    fields,
    optionalData,
    raw,
  };
}
