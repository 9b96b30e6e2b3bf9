/** The ICAO 9303 value of one MRZ character: 0-9 for digits, 10-35 for A-Z, 0 for the filler `<`, -1 otherwise. */
export function mrzCharValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (c === '<') return 0;
  return -1;
}

/**
 * The ICAO 9303 check digit (weights 7, 3, 1, modulo 10) of an MRZ string, or -1 when the string
 * holds a character outside A-Z, 0-9 and `<`.
 *
 * @example
 * ```ts
 * computeCheckDigit('L898902C3'); // 6
 * ```
 */
export function computeCheckDigit(s: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const v = mrzCharValue(s[i]!);
    if (v < 0) return -1;
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}

/**
 * True when `digit` is the check digit of `value`. An all-filler value with a filler check digit
 * (an absent optional field or date) is valid, as ICAO 9303 allows.
 *
 * @example
 * ```ts
 * isCheckDigitValid('740812', '2'); // true
 * isCheckDigitValid('<<<<<<', '<'); // true
 * ```
 */
export function isCheckDigitValid(value: string, digit: string): boolean {
  if (digit === '<') return /^<*$/.test(value);
  const d = digit.charCodeAt(0) - 48;
  if (d < 0 || d > 9) return false;
  return computeCheckDigit(value) === d;
}
