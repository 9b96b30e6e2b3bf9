/** Country-code helpers: MRZ codes to ISO 3166-1 alpha-3, and the alpha-2 codes of the countries with visual-zone readers. */

/** MRZ codes that are not ISO alpha-3 (ICAO 9303 part 3), mapped to ISO alpha-3. */
const MRZ_SPECIAL: Readonly<Record<string, string>> = { D: 'DEU', GBD: 'GBR', GBN: 'GBR', GBO: 'GBR', GBP: 'GBR', GBS: 'GBR' };

/**
 * Normalises a 3-character MRZ state code (`D<<`, `UTO`, `GBD`) to ISO alpha-3 where one exists.
 * Returns null for an empty or non-alphabetic code.
 *
 * @example
 * ```ts
 * mrzStateToIso('D<<'); // 'DEU'
 * ```
 */
export function mrzStateToIso(code: string): string | null {
  const c = code.replace(/</g, '');
  if (!/^[A-Z]{1,3}$/.test(c)) return null;
  return MRZ_SPECIAL[c] ?? c;
}

const ALPHA2_TO_3: Readonly<Record<string, string>> = {
  US: 'USA', CA: 'CAN', BR: 'BRA', GB: 'GBR', UK: 'GBR', AR: 'ARG', CO: 'COL', MX: 'MEX', PT: 'PRT', ES: 'ESP', FR: 'FRA', DE: 'DEU', IT: 'ITA',
  NL: 'NLD', BE: 'BEL', IE: 'IRL', AT: 'AUT', CH: 'CHE', PL: 'POL', SE: 'SWE', NO: 'NOR', DK: 'DNK', FI: 'FIN', CL: 'CHL', PE: 'PER', UY: 'URY',
};

/** ISO alpha-2 (or alpha-3) to alpha-3; unknown codes are returned upper-cased. */
export function toAlpha3(code: string): string {
  const c = code.trim().toUpperCase();
  return ALPHA2_TO_3[c] ?? c;
}
