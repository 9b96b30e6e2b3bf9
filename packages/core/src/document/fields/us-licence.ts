import { labelValue } from './labels.js';
import { type DocumentLayout, type LayoutReading, cleanName, cleanNumber, countMatches, pickBirthAndExpiry } from './layout.js';
import { type VizLine, findDates, parseSexText } from './text-lines.js';

const US_STATES =
  /\b(ALABAMA|ALASKA|ARIZONA|ARKANSAS|CALIFORNIA|COLORADO|CONNECTICUT|DELAWARE|FLORIDA|GEORGIA|HAWAII|IDAHO|ILLINOIS|INDIANA|IOWA|KANSAS|KENTUCKY|LOUISIANA|MAINE|MARYLAND|MASSACHUSETTS|MICHIGAN|MINNESOTA|MISSISSIPPI|MISSOURI|MONTANA|NEBRASKA|NEVADA|NEW HAMPSHIRE|NEW JERSEY|NEW MEXICO|NEW YORK|NORTH CAROLINA|NORTH DAKOTA|OHIO|OKLAHOMA|OREGON|PENNSYLVANIA|RHODE ISLAND|SOUTH CAROLINA|SOUTH DAKOTA|TENNESSEE|TEXAS|UTAH|VERMONT|VIRGINIA|WASHINGTON|WEST VIRGINIA|WISCONSIN|WYOMING|DISTRICT OF COLUMBIA)\b/;
const CA_PROVINCES = /\b(ONTARIO|QUEBEC|BRITISH COLUMBIA|ALBERTA|MANITOBA|SASKATCHEWAN|NOVA SCOTIA|NEW BRUNSWICK|NEWFOUNDLAND|PRINCE EDWARD ISLAND|YUKON|NUNAVUT|NORTHWEST TERRITORIES|CANADA)\b/;
const LABELS = /\b(DOB|EXP|ISS|LN|FN|DL|SEX|HGT|WGT|EYES|HAIR|CLASS|REST|END|DD|DONOR)\b/g;

function extract(lines: readonly VizLine[], text: string, country: 'USA' | 'CAN'): LayoutReading {
  const order = country === 'USA' ? 'MDY' : 'YMD';
  const used: VizLine[] = [];
  const take = <T extends { line: VizLine } | null>(v: T): T => {
    if (v) used.push(v.line);
    return v;
  };
  const isDate = (v: string) => findDates(v, order === 'YMD' ? 'DMY' : order).length > 0;
  const dateOf = (v: string | undefined) => (v ? (findDates(v, order === 'YMD' ? 'DMY' : order)[0] ?? null) : null);
  const dob = take(labelValue(lines, /\b(3\s*)?(DOB|DATE OF BIRTH|BIRTH ?DATE|DATE DE NAISSANCE)\b/, { valueTest: isDate }));
  const exp = take(labelValue(lines, /\b(4B\s*)?(EXP|EXPIRES|EXPIRATION|EXPIRY)\b/, { valueTest: isDate }));
  const ln = take(labelValue(lines, /(^|\s)(1\s+)?(LN|LAST NAME|SURNAME)\b/, { otherLabels: LABELS }));
  const fn = take(labelValue(lines, /(^|\s)(2\s+)?(FN|FIRST NAME|GIVEN NAMES?)\b/, { otherLabels: LABELS }));
  const num = take(labelValue(lines, /(^|\s)(4D\s*)?(DL|DLN|LIC(ENSE|ENCE)? ?(NO|NUMBER|#)|ID ?(NO|#)|CUSTOMER ID|NUMBER|NO\.?)\b/, { valueTest: (v) => cleanNumber(v, 6) !== null }));
  const sex = take(labelValue(lines, /\b(15\s*)?SEX\b/, { valueTest: (v) => parseSexText(v.split(' ')[0] ?? '') !== null }));
  let lastName = cleanName(ln?.value.split(/\s{2,}|,/)[0]);
  let firstName = cleanName(fn?.value);
  if (!lastName) {
    // Many cards print "LAST, FIRST MIDDLE" or "1 LAST" / "2 FIRST" without letters.
    const named = lines.find((l) => /^[A-Z' -]{2,},\s*[A-Z' -]{2,}$/.test(l.norm));
    if (named) {
      used.push(named);
      const [l, f] = named.norm.split(',');
      lastName = cleanName(l);
      firstName ??= cleanName(f);
    }
  }
  const dates = findDates(text, order === 'YMD' ? 'DMY' : order);
  const picked = pickBirthAndExpiry(dates);
  return {
    layout: country === 'USA' ? 'us-licence' : 'ca-licence',
    documentType: /DRIVER|LICEN[CS]E|PERMIS/.test(text) ? 'DRIVERS_LICENSE' : 'ID_CARD',
    country,
    fields: {
      lastName,
      firstName,
      dateOfBirth: dateOf(dob?.value) ?? picked.birth,
      expiryDate: dateOf(exp?.value) ?? picked.expiry,
      documentNumber: cleanNumber(num?.value, 6),
      sex: sex ? parseSexText(sex.value.split(' ')[0] ?? '') : null,
      nationality: null,
    },
    sourceLines: used,
  };
}

/**
 * US driver licences and ID cards (AAMVA card design): labels DOB, EXP, LN, FN, DL, SEX (with or without
 * the AAMVA field numbers 1, 2, 3, 4b, 4d, 15); dates month first.
 */
export const usLicence: DocumentLayout = {
  id: 'us-licence',
  country: 'USA',
  detect: (text) => {
    if (CA_PROVINCES.test(text) && !US_STATES.test(text)) return 0;
    const strong = countMatches(text, [US_STATES, /\bUSA\b/, /DRIVER.?S? LICENSE|IDENTIFICATION CARD/]);
    const labels = countMatches(text, [/\bDOB\b/, /\bEXP\b/, /\bLN\b/, /\bFN\b/, /\bDL\b/, /\bISS\b/, /\bCLASS\b/]);
    return strong >= 1 || labels >= 3 ? strong * 2 + labels : 0;
  },
  extract: (lines, text) => extract(lines, text, 'USA'),
};

/** Canadian driver's licences (provincial): same AAMVA labels, dates year first. */
export const caLicence: DocumentLayout = {
  id: 'ca-licence',
  country: 'CAN',
  detect: (text) => (CA_PROVINCES.test(text) ? 2 + countMatches(text, [/LICEN[CS]E|PERMIS DE CONDUIRE/, /\bDOB\b|BIRTH|NAISSANCE/, /\bEXP/]) : 0),
  extract: (lines, text) => extract(lines, text, 'CAN'),
};
