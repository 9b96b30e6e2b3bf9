import { isoDate } from '../fields/dates.js';

/** Fields of an AAMVA DL/ID card design standard record (the PDF417 on US and Canadian licences). */
export interface AamvaRecord {
  /** AAMVA standard version (0-10+), from the header. */
  readonly version: number | null;
  /** Issuer identification number (6 digits, e.g. 636014 for California). */
  readonly issuerId: string | null;
  /** Subfile type: DL (driver licence) or ID (identification card). */
  readonly subfile: 'DL' | 'ID' | null;
  readonly documentNumber: string | null;
  readonly lastName: string | null;
  readonly firstName: string | null;
  readonly middleName: string | null;
  /** ISO dates. */
  readonly dateOfBirth: string | null;
  readonly expiryDate: string | null;
  readonly issueDate: string | null;
  readonly sex: 'M' | 'F' | 'X' | null;
  readonly street: string | null;
  readonly city: string | null;
  /** Jurisdiction code, e.g. `CA`, `ON`. */
  readonly state: string | null;
  readonly postalCode: string | null;
  /** `USA` or `CAN`. */
  readonly country: string | null;
  /** Every element by its three-letter id (e.g. `DAQ`, `DCS`, `DBB`). */
  readonly elements: Readonly<Record<string, string>>;
}

/** Canadian issuer identification numbers (AAMVA): dates are CCYYMMDD there, MMDDCCYY in the US. */
const CANADIAN_IIN = new Set(['604426', '604427', '604428', '604429', '604430', '604431', '604432', '604433', '636012', '636016', '636017', '636028', '636044', '636048', '636054', '990876']);

function parseAamvaDate(v: string | undefined, ccyyFirst: boolean): string | null {
  if (!v) return null;
  const d = v.replace(/[^0-9]/g, '');
  if (d.length !== 8) return null;
  const a = ccyyFirst ? isoDate(Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6, 8))) : isoDate(Number(d.slice(4, 8)), Number(d.slice(0, 2)), Number(d.slice(2, 4)));
  if (a) return a;
  return ccyyFirst ? isoDate(Number(d.slice(4, 8)), Number(d.slice(0, 2)), Number(d.slice(2, 4))) : isoDate(Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6, 8)));
}

function clean(v: string | undefined): string | null {
  if (v === undefined) return null;
  const s = v.replace(/\s+/g, ' ').trim();
  if (s.length === 0 || /^(NONE|UNAVL|UNAVAILABLE)$/i.test(s)) return null;
  return s;
}

function parseSex(v: string | undefined): 'M' | 'F' | 'X' | null {
  const s = (v ?? '').trim().toUpperCase();
  if (s === '1' || s === 'M') return 'M';
  if (s === '2' || s === 'F') return 'F';
  if (s === '9' || s === 'X') return 'X';
  return null;
}

/** True when the text looks like an AAMVA record (`@` header with `ANSI ` or `AAMVA`). */
export function isAamva(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: AAMVA headers hold record/group separators.
  return /^@?[\s\x1c-\x1e]*(ANSI |AAMVA)/.test(text.slice(0, 40)) || /ANSI \d{6}/.test(text.slice(0, 60));
}

/**
 * Parses the text of an AAMVA PDF417 barcode (versions 1-10): the header (issuer, version) and the
 * DL/ID subfile elements, into names, ISO dates (MMDDCCYY in the US, CCYYMMDD in Canada), sex, address
 * and document number. Returns null when the text is not an AAMVA record.
 *
 * @example
 * ```ts
 * const r = parseAamva('@\n\x1e\rANSI 636014080002DL00410100DLDAQD1234562\nDCSPUBLIC\nDACJOHN\nDBB01021990\n...');
 * r?.lastName; // 'PUBLIC'
 * ```
 */
export function parseAamva(text: string): AamvaRecord | null {
  if (!isAamva(text)) return null;
  const header = /(ANSI |AAMVA)(\d{6})(\d{2})(\d{2})?(\d{2})?/.exec(text);
  const issuerId = header?.[2] ?? null;
  const version = header?.[3] !== undefined ? Number(header[3]) : null;
  const elements: Record<string, string> = {};
  let subfile: 'DL' | 'ID' | null = null;
  // Elements are separated by LF (sometimes CR); a subfile starts with its type ("DL"/"ID") glued to the first element.
  const body = header ? text.slice(header.index + header[0].length) : text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: AAMVA separators are control characters.
  for (const raw of body.split(/[\n\r\x1e\x1c]+/)) {
    let line = raw;
    const sub = /(?:^|\d{4})(DL|ID)(D[A-Z]{2}.*)$/.exec(line);
    if (sub) {
      subfile ??= sub[1] as 'DL' | 'ID';
      line = sub[2]!;
    }
    const m = /^([DZ][A-Z]{2})(.*)$/.exec(line);
    if (m && !(m[1]! in elements)) elements[m[1]!] = m[2]!;
  }
  if (Object.keys(elements).length === 0) return null;
  const country = clean(elements.DCG) ?? (issuerId && CANADIAN_IIN.has(issuerId) ? 'CAN' : issuerId ? 'USA' : null);
  const ccyyFirst = country === 'CAN' || version === 1;
  let lastName = clean(elements.DCS) ?? clean(elements.DAB);
  let firstName = clean(elements.DAC) ?? clean(elements.DCT);
  let middleName = clean(elements.DAD);
  if (!lastName && elements.DAA) {
    // Version 1: full name "LAST,FIRST,MIDDLE" (or with spaces).
    const parts = elements.DAA.split(/[,$]/).map((p) => p.trim());
    lastName = clean(parts[0]);
    firstName ??= clean(parts[1]);
    middleName ??= clean(parts.slice(2).join(' '));
  }
  if (firstName && !middleName && elements.DCT && firstName.includes(',')) {
    const [f, ...rest] = firstName.split(',');
    firstName = clean(f);
    middleName = clean(rest.join(' '));
  }
  return {
    version,
    issuerId,
    subfile,
    documentNumber: clean(elements.DAQ),
    lastName,
    firstName,
    middleName,
    dateOfBirth: parseAamvaDate(elements.DBB, ccyyFirst),
    expiryDate: parseAamvaDate(elements.DBA, ccyyFirst),
    issueDate: parseAamvaDate(elements.DBD, ccyyFirst),
    sex: parseSex(elements.DBC),
    street: clean(elements.DAG),
    city: clean(elements.DAI),
    state: clean(elements.DAJ),
    postalCode: clean(elements.DAK),
    country,
    elements,
  };
}
