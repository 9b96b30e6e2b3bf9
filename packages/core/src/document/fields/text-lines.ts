import { isoDate } from './dates.js';

/** A line of visual-zone text, normalised for matching, with its position (image pixels). */
export interface VizLine {
  /** Text as read. */
  readonly raw: string;
  /** Upper case, accents removed, spaces collapsed. */
  readonly norm: string;
  readonly confidence: number;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Upper case without accents (`DATA DE EMISSÃO` to `DATA DE EMISSAO`), single spaces. */
export function normaliseText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const MONTHS: Readonly<Record<string, number>> = {
  JAN: 1, JANUARY: 1, ENE: 1, ENERO: 1, JANEIRO: 1, JANV: 1,
  FEB: 2, FEBRUARY: 2, FEV: 2, FEVEREIRO: 2, FEBRERO: 2, FEVR: 2,
  MAR: 3, MARCH: 3, MARCO: 3, MARZO: 3, MARS: 3,
  APR: 4, APRIL: 4, ABR: 4, ABRIL: 4, AVR: 4, AVRIL: 4,
  MAY: 5, MAI: 5, MAIO: 5, MAYO: 5,
  JUN: 6, JUNE: 6, JUNHO: 6, JUNIO: 6, JUIN: 6,
  JUL: 7, JULY: 7, JULHO: 7, JULIO: 7, JUIL: 7,
  AUG: 8, AUGUST: 8, AGO: 8, AGOSTO: 8, AOUT: 8,
  SEP: 9, SEPT: 9, SEPTEMBER: 9, SET: 9, SETEMBRO: 9, SEPTIEMBRE: 9,
  OCT: 10, OCTOBER: 10, OUT: 10, OUTUBRO: 10, OCTUBRE: 10,
  NOV: 11, NOVEMBER: 11, NOVEMBRO: 11, NOVIEMBRE: 11,
  DEC: 12, DECEMBER: 12, DEZ: 12, DEZEMBRO: 12, DIC: 12, DICIEMBRE: 12,
};

/** Day/month order of numeric dates on a document. */
export type DateOrder = 'DMY' | 'MDY' | 'YMD';

/** Common OCR slips inside numbers. */
function digitsFix(s: string): string {
  return s.replace(/[O]/g, '0').replace(/[Il]/g, '1').replace(/S/g, '5').replace(/B/g, '8');
}

function year4(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n + (n > 40 ? 1900 : 2000);
}

/**
 * All dates in a text in document notation: `01/02/1990`, `01.02.1990`, `01-02-90`, `1990-02-01`,
 * `01 FEB 1990`, `01 DE FEVEREIRO DE 1990`, `12 AUG/AOUT 74`. Numeric day/month order follows `order`.
 * Returns ISO dates in reading order.
 *
 * @example
 * ```ts
 * findDates('DOB 08/31/1977 EXP 08/31/2027', 'MDY'); // ['1977-08-31', '2027-08-31']
 * ```
 */
export function findDates(text: string, order: DateOrder): string[] {
  const out: { at: number; end: number; iso: string }[] = [];
  const t = normaliseText(text);
  const free = (a: number, b: number) => out.every((o) => b <= o.at || a >= o.end);
  const add = (at: number, end: number, iso: string | null) => {
    if (iso && free(at, end)) out.push({ at, end, iso });
  };
  const dmy = (a: string, b: string, c: string) => {
    if (a.length === 4) return isoDate(Number(a), Number(b), Number(c));
    if (order === 'MDY') return isoDate(year4(c), Number(a), Number(b)) ?? isoDate(year4(c), Number(b), Number(a));
    return isoDate(year4(c), Number(b), Number(a)) ?? isoDate(year4(c), Number(a), Number(b));
  };
  // Strictest first: 4-digit years without spaces, then 2-digit years and spaced separators where nothing matched.
  const patterns = [
    /(?<![0-9A-Z])([0-9OIlSB]{4})[./-]([0-9OIlSB]{1,2})[./-]([0-9OIlSB]{1,2})(?![0-9])/g,
    /(?<![0-9A-Z])([0-9OIlSB]{1,2})[./-]([0-9OIlSB]{1,2})[./-]([0-9OIlSB]{4})(?![0-9])/g,
    /(?<![0-9])([0-9OIlSB]{1,2})\s?[./-]\s?([0-9OIlSB]{1,2})\s?[./-]\s?([0-9OIlSB]{2,4})(?![0-9])/g,
  ];
  for (const re of patterns) {
    for (let m = re.exec(t); m; m = re.exec(t)) add(m.index, m.index + m[0].length, dmy(digitsFix(m[1]!), digitsFix(m[2]!), digitsFix(m[3]!)));
  }
  const worded = /(?<![0-9])([0-9]{1,2})\s*(?:DE\s+)?([A-Z]{3,10})(?:\s*\/\s*[A-Z]{3,10})?\.?\s*(?:DE\s+)?([0-9]{2,4})(?![0-9])/g;
  for (let m = worded.exec(t); m; m = worded.exec(t)) {
    const month = MONTHS[m[2]!];
    if (month) add(m.index, m.index + m[0].length, isoDate(year4(m[3]!), month, Number(m[1])));
  }
  // 8 digits without separators: YYYYMMDD, MMDDYYYY (US) or DDMMYYYY.
  const compact = /(?<![0-9])([0-9]{8})(?![0-9])/g;
  for (let m = compact.exec(t); m; m = compact.exec(t)) {
    const d = m[1]!;
    let iso: string | null = null;
    if (/^(19|20)/.test(d)) iso = isoDate(Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6, 8)));
    if (!iso && order === 'MDY') iso = isoDate(Number(d.slice(4)), Number(d.slice(0, 2)), Number(d.slice(2, 4)));
    if (!iso) iso = isoDate(Number(d.slice(4)), Number(d.slice(2, 4)), Number(d.slice(0, 2)));
    add(m.index, m.index + d.length, iso);
  }
  return out.sort((x, y) => x.at - y.at).map((x) => x.iso);
}

/** Sex from a value: M/F/X, MASCULINO/FEMENINO, MALE/FEMALE, H (hombre), K (Polish kobieta is not used here). */
export function parseSexText(s: string): 'M' | 'F' | 'X' | null {
  const t = normaliseText(s);
  if (/\b(F|FEMALE|FEMENINO|FEMININO|MUJER|FEM)\b/.test(t)) return 'F';
  if (/\b(M|MALE|MASCULINO|HOMBRE|H|MASC)\b/.test(t)) return 'M';
  if (/\bX\b/.test(t)) return 'X';
  return null;
}
