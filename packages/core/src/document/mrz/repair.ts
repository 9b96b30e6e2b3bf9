import { states } from 'mrz';
import { isCheckDigitValid } from './check-digit.js';
import { type CheckSpec, type FieldSpec, LAYOUTS, type MrzFormat, type MrzLayout, type NationalLongNumber, type Span } from './formats.js';

/** Why a character was changed. */
export type CorrectionReason =
  /** A check digit that failed before the change and passes after it confirms the change. */
  | 'check-digit'
  /** A character that cannot occur in its field (a letter in a date, a digit in a name or state code). */
  | 'field-type'
  /** A `K` or other mark read inside a run of `<` fillers of a name field. */
  | 'filler'
  /** A character outside the MRZ alphabet (`«`, punctuation, lower case). */
  | 'alphabet'
  /** An unknown state code one character away from the document's other, known state code. */
  | 'state-code';

/** One character changed by the repair, with line and column (0-based) in the final lines. */
export interface MrzCorrection {
  readonly line: number;
  readonly column: number;
  readonly from: string;
  readonly to: string;
  readonly reason: CorrectionReason;
}

/** The outcome of one check digit. */
export interface MrzCheck {
  readonly name: CheckSpec['name'];
  readonly valid: boolean;
  /** The digit found in the MRZ. */
  readonly digit: string;
  /** The digit computed from the data (or `<` for an empty field). */
  readonly expected: string;
  /** Set when the check passed only in a national layout (e.g. `national-long-number` on Portuguese cards). */
  readonly layout?: 'national-long-number';
}

const LETTER_TO_DIGIT: Readonly<Record<string, string>> = { O: '0', I: '1', B: '8', S: '5', Z: '2', G: '6', D: '0', Q: '0' };
const DIGIT_TO_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '8': 'B', '5': 'S', '2': 'Z', '6': 'G' };
/** OCR confusions tried where a check digit can confirm them (both directions). */
const CONFUSABLE: Readonly<Record<string, readonly string[]>> = {
  O: ['0'],
  '0': ['O', 'D'],
  D: ['0'],
  I: ['1'],
  '1': ['I'],
  B: ['8'],
  '8': ['B'],
  S: ['5'],
  '5': ['S'],
  Z: ['2'],
  '2': ['Z'],
  G: ['6'],
  '6': ['G'],
  K: ['<'],
  '<': ['K'],
};

/** Marks OCR engines and people type for the filler. */
const FILLER_LOOKALIKES = new Set(['«', '‹', '(', '[', '{', '＜']);

/**
 * Maps a line towards the MRZ alphabet: lower case to upper case and filler look-alikes (`«`, `‹`, `(`) to `<`.
 * Other characters stay (they make the line invalid rather than being guessed).
 */
function toAlphabet(line: string, lineIndex: number, corrections: MrzCorrection[]): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    let to = FILLER_LOOKALIKES.has(c) ? '<' : c;
    if (/[a-z]/.test(to)) to = to.toUpperCase();
    if (to !== c) corrections.push({ line: lineIndex, column: i, from: c, to, reason: 'alphabet' });
    out += to;
  }
  return out;
}

function checkValue(lines: readonly string[], check: CheckSpec): { value: string; digit: string; digitPos: { line: number; pos: number } } {
  const digit = lines[check.digit.line]![check.digit.pos]!;
  const value = check.spans.map((sp) => lines[sp.line]!.slice(sp.start, sp.end)).join('');
  if (check.extension && digit === '<') {
    const ext = lines[check.extension.line]!.slice(check.extension.start, check.extension.end);
    const end = ext.indexOf('<') === -1 ? ext.length : ext.indexOf('<');
    if (end >= 1) {
      return {
        value: value + ext.slice(0, end - 1),
        digit: ext[end - 1]!,
        digitPos: { line: check.extension.line, pos: check.extension.start + end - 1 },
      };
    }
  }
  return { value, digit, digitPos: check.digit };
}

/** Evaluates one check digit on the lines (handles ICAO long document numbers). */
export function evaluateCheck(lines: readonly string[], check: CheckSpec): MrzCheck {
  const { value, digit } = checkValue(lines, check);
  let valid = isCheckDigitValid(value, digit);
  if (!valid && check.extension && lines[check.digit.line]![check.digit.pos] === '<') {
    // Some issuers include the `<` of the check-digit slot in the computation (ICAO 9303 is ambiguous).
    const sp = check.spans[0]!;
    const withFiller = lines[sp.line]!.slice(sp.start, sp.end) + '<' + value.slice(sp.end - sp.start);
    valid = isCheckDigitValid(withFiller, digit);
  }
  const expected = /^<*$/.test(value) ? '<' : String(computeDigit(value));
  if (!valid && check.nationalLongNumber) {
    const national = nationalLongNumber(lines, check.nationalLongNumber);
    if (national) return { name: check.name, valid: true, digit: national.digit, expected: national.digit, layout: 'national-long-number' };
  }
  return { name: check.name, valid, digit, expected };
}

/**
 * The document number in a national long-number layout, when the issuer uses one and its check digit
 * passes (computed over the number with or without its inner fillers), else null.
 *
 * @example
 * ```ts
 * const spec = LAYOUTS.TD1.checks[0]!.nationalLongNumber!;
 * nationalLongNumber(['I<PRT0000414022<ZZ70<<<<<<<<<<', '8010100M2012294PRT<<<<<<<<<<<2', 'MIGUEL<<SOPHIA<<<<<<<<<<<<<<<<'], spec);
 * // { number: '0000414022ZZ', digit: '7' }
 * ```
 */
export function nationalLongNumber(lines: readonly string[], spec: NationalLongNumber): { number: string; digit: string } | null {
  const issuer = lines[spec.issuer.line]!.slice(spec.issuer.start, spec.issuer.end);
  if (!spec.issuers.includes(issuer)) return null;
  const raw = lines[spec.span.line]!.slice(spec.span.start, spec.span.end);
  const digit = lines[spec.digit.line]![spec.digit.pos]!;
  const number = raw.replace(/</g, '');
  if (!/^[0-9]$/.test(digit) || number.length === 0) return null;
  return isCheckDigitValid(number, digit) || isCheckDigitValid(raw, digit) ? { number, digit } : null;
}

function computeDigit(value: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : 0;
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}

function setChar(lines: string[], line: number, pos: number, c: string): void {
  const l = lines[line]!;
  lines[line] = l.slice(0, pos) + c + l.slice(pos + 1);
}

function fieldAt(layout: MrzLayout, line: number, pos: number): FieldSpec | undefined {
  return layout.fields.find((fl) => fl.line === line && pos >= fl.start && pos < fl.end);
}

/** Russian internal passports transliterate some letters as digits in names. */
function namesMayHoldDigits(lines: readonly string[], format: MrzFormat): boolean {
  if (format !== 'TD3') return false;
  return lines[0]!.startsWith('PNRUS');
}

function typeFix(lines: string[], layout: MrzLayout, corrections: MrzCorrection[]): void {
  const digitsInNames = namesMayHoldDigits(lines, layout.format);
  for (const fl of layout.fields) {
    for (let pos = fl.start; pos < fl.end; pos++) {
      const c = lines[fl.line]![pos]!;
      let to = c;
      let reason: CorrectionReason = 'field-type';
      if (fl.kind === 'numeric') {
        to = LETTER_TO_DIGIT[c] ?? (c === 'K' ? '<' : c);
      } else if (fl.kind === 'alpha') {
        to = DIGIT_TO_LETTER[c] ?? c;
      } else if (fl.kind === 'sex') {
        to = c === 'K' ? '<' : c === '0' ? 'O' : c;
      } else if (fl.kind === 'name') {
        if (!digitsInNames) to = DIGIT_TO_LETTER[c] ?? c;
        if (to === 'K' && isInsideFillerRun(lines[fl.line]!, pos, fl)) {
          to = '<';
          reason = 'filler';
        }
      } else if (fl.kind === 'alnum' && c === 'K' && isInsideFillerRun(lines[fl.line]!, pos, fl)) {
        // K (value 20) and < (value 0) weigh the same modulo 10: no check digit can tell them apart.
        to = '<';
        reason = 'filler';
      }
      if (to !== c) {
        setChar(lines, fl.line, pos, to);
        corrections.push({ line: fl.line, column: pos, from: c, to, reason });
      }
    }
  }
}

/**
 * A `K` after at least two fillers and before a filler (or at the field's end): inside the trailing
 * filler run or the `<<` name separator. A single-letter name after a single filler (`ANNA<K<<<`) stays.
 */
function isInsideFillerRun(line: string, pos: number, fl: FieldSpec): boolean {
  const left = line.slice(Math.max(fl.start, pos - 2), pos);
  const right = line.slice(pos + 1, Math.min(fl.end, pos + 3));
  if (left !== '<<') return false;
  return pos === fl.end - 1 || right.startsWith('<');
}

/** ICAO 9303 codes: ISO 3166 alpha-3 plus D, organisations, stateless, and the specimen state UTO. */
const KNOWN_STATES = new Set<string>([...Object.keys(states), 'UTO']);

export function isKnownStateCode(code: string): boolean {
  return KNOWN_STATES.has(code.replace(/<+$/, ''));
}

/**
 * An unknown issuing-state or nationality code (e.g. `MLD` read for `NLD`) is replaced by the document's
 * other state code when that one is known and differs in a single character.
 */
function repairStateCodes(lines: string[], layout: MrzLayout, corrections: MrzCorrection[]): void {
  const issuing = layout.fields.find((f) => f.name === 'issuingState');
  const nationality = layout.fields.find((f) => f.name === 'nationality');
  if (!issuing || !nationality) return;
  const get = (f: FieldSpec) => lines[f.line]!.slice(f.start, f.end);
  for (const [bad, good] of [
    [issuing, nationality],
    [nationality, issuing],
  ] as const) {
    const b = get(bad);
    const g = get(good);
    if (isKnownStateCode(b) || !isKnownStateCode(g) || b.length !== g.length) continue;
    const diff = [...b].map((c, i) => (c !== g[i] ? i : -1)).filter((i) => i >= 0);
    if (diff.length !== 1) continue;
    const pos = bad.start + diff[0]!;
    corrections.push({ line: bad.line, column: pos, from: b[diff[0]!]!, to: g[diff[0]!]!, reason: 'state-code' });
    setChar(lines, bad.line, pos, g[diff[0]!]!);
  }
}

interface Flip {
  line: number;
  pos: number;
  to: string;
}

function* combinations<T>(items: readonly T[], k: number, start = 0, acc: T[] = []): Generator<T[]> {
  if (acc.length === k) {
    yield acc.slice();
    return;
  }
  for (let i = start; i < items.length; i++) {
    acc.push(items[i]!);
    yield* combinations(items, k, i + 1, acc);
    acc.pop();
  }
}

/** Positions of a check's data that may be misread characters: alphanumeric fields only (others are type-fixed). */
function candidatePositions(lines: readonly string[], layout: MrzLayout, spans: readonly Span[]): { line: number; pos: number }[] {
  const out: { line: number; pos: number }[] = [];
  for (const sp of spans) {
    for (let pos = sp.start; pos < sp.end; pos++) {
      const fl = fieldAt(layout, sp.line, pos);
      if (fl?.kind !== 'alnum') continue;
      if (CONFUSABLE[lines[sp.line]![pos]!]) out.push({ line: sp.line, pos });
    }
  }
  return out;
}

function expandFlips(lines: readonly string[], positions: readonly { line: number; pos: number }[]): Flip[] {
  const flips: Flip[] = [];
  for (const p of positions) for (const to of CONFUSABLE[lines[p.line]![p.pos]!] ?? []) flips.push({ ...p, to });
  return flips;
}

function applyFlips(lines: readonly string[], flips: readonly Flip[]): string[] | null {
  const out = lines.slice();
  const seen = new Set<string>();
  for (const fl of flips) {
    const key = `${fl.line}:${fl.pos}`;
    if (seen.has(key)) return null;
    seen.add(key);
    setChar(out, fl.line, fl.pos, fl.to);
  }
  return out;
}

const MAX_FLIPS = 3;
const MAX_TRIALS = 20_000;

/** All smallest sets of confusion flips within `spans` that make `target` pass (empty when none within the limits). */
function minimalSolutions(lines: readonly string[], layout: MrzLayout, spans: readonly Span[], target: CheckSpec): Flip[][] {
  const flips = expandFlips(lines, candidatePositions(lines, layout, spans));
  let trials = 0;
  for (let k = 1; k <= Math.min(MAX_FLIPS, flips.length); k++) {
    const solutions: Flip[][] = [];
    for (const combo of combinations(flips, k)) {
      if (++trials > MAX_TRIALS) return solutions;
      const trial = applyFlips(lines, combo);
      if (trial && evaluateCheck(trial, target).valid) solutions.push(combo);
    }
    if (solutions.length > 0) return solutions;
  }
  return [];
}

function* product<T>(lists: readonly (readonly T[])[], i = 0, acc: T[] = []): Generator<T[]> {
  if (i === lists.length) {
    yield acc.slice();
    return;
  }
  for (const item of lists[i]!) {
    acc.push(item);
    yield* product(lists, i + 1, acc);
    acc.pop();
  }
}

/**
 * Repairs fields whose own check digit fails. With a composite check digit, a combination of field
 * repairs is applied only when it is the single one that also makes the composite pass; otherwise
 * (no composite, or no combination passes it) a field repair is applied only when it is the single smallest one.
 */
function repairOwnChecks(lines: readonly string[], layout: MrzLayout, own: readonly CheckSpec[], composite: readonly CheckSpec[]): Flip[] {
  const failing = own.filter((c) => !evaluateCheck(lines, c).valid);
  if (failing.length === 0) return [];
  const perCheck = failing.map((c) => minimalSolutions(lines, layout, c.extension ? [...c.spans, c.extension] : c.spans, c));
  if (composite.length > 0) {
    const options = perCheck.map((sols) => [null, ...sols] as (Flip[] | null)[]);
    const passing: Flip[][] = [];
    let n = 0;
    for (const choice of product(options)) {
      if (++n > MAX_TRIALS) break;
      const flips = choice.flatMap((x) => x ?? []);
      if (flips.length === 0) continue;
      const trial = applyFlips(lines, flips);
      if (trial && [...own, ...composite].every((c) => evaluateCheck(trial, c).valid)) passing.push(flips);
    }
    if (passing.length === 1) return passing[0]!;
    if (passing.length > 1) {
      const min = Math.min(...passing.map((p) => p.length));
      const best = passing.filter((p) => p.length === min);
      return best.length === 1 ? best[0]! : [];
    }
  }
  if (composite.length > 0) return [];
  // No composite check digit: a repair is accepted when it is the only single-character one.
  return perCheck.flatMap((sols) => (sols.length === 1 && sols[0]!.length === 1 ? sols[0]! : []));
}

export interface RepairResult {
  readonly format: MrzFormat;
  readonly lines: readonly string[];
  readonly corrections: readonly MrzCorrection[];
  readonly checks: readonly MrzCheck[];
}

/**
 * Repairs OCR confusions in MRZ lines of a known format: characters outside the alphabet, letters in
 * numeric fields and digits in letter fields (`field-type`), `K` inside filler runs of names (`filler`),
 * and O/0, I/1, B/8, S/5, Z/2, G/6, D/0, K/< in alphanumeric fields only where a failing check digit then passes
 * (`check-digit`), with a unique smallest change. Every change is reported.
 *
 * @example
 * ```ts
 * const r = repairMrz(['P<UT0ERIK55ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO740BIZZF12041S9ZE184226B<<<<<1O'], 'TD3');
 * r.lines[1]; // 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'
 * ```
 */
export function repairMrz(input: readonly string[], format: MrzFormat): RepairResult {
  const layout = LAYOUTS[format];
  const corrections: MrzCorrection[] = [];
  const lines = input.map((l, i) => toAlphabet(l, i, corrections));
  typeFix(lines, layout, corrections);
  repairStateCodes(lines, layout, corrections);
  const own = layout.checks.filter((c) => c.name !== 'composite');
  const composite = layout.checks.filter((c) => c.name === 'composite');
  let current = lines;
  const ownFix = repairOwnChecks(current, layout, own, composite);
  if (ownFix.length > 0) {
    for (const fl of ownFix) corrections.push({ line: fl.line, column: fl.pos, from: current[fl.line]![fl.pos]!, to: fl.to, reason: 'check-digit' });
    current = applyFlips(current, ownFix)!;
  }
  for (const check of composite) {
    if (evaluateCheck(current, check).valid) continue;
    // Only characters that no field check digit covers (e.g. TD1 optional data) may change, and every field check must still pass.
    if (!own.every((c) => evaluateCheck(current, c).valid)) continue;
    const spans = check.spans.flatMap((sp) => subtractSpans(sp, own));
    const sols = minimalSolutions(current, layout, spans, check);
    if (sols.length !== 1) continue;
    const fix = sols[0]!;
    const next = applyFlips(current, fix)!;
    for (const fl of fix) corrections.push({ line: fl.line, column: fl.pos, from: current[fl.line]![fl.pos]!, to: fl.to, reason: 'check-digit' });
    current = next;
  }
  // Type fixes inside checked numeric fields count as confirmed when their check now passes.
  const checks = layout.checks.map((c) => evaluateCheck(current, c));
  return { format, lines: current, corrections: confirmTypeFixes(corrections, layout, checks), checks };
}

function subtractSpans(sp: Span, validated: readonly CheckSpec[]): Span[] {
  let parts = [sp];
  for (const c of validated) {
    const covered = [...c.spans, { line: c.digit.line, start: c.digit.pos, end: c.digit.pos + 1 }];
    for (const cv of covered) {
      parts = parts.flatMap((p) => {
        if (p.line !== cv.line || cv.end <= p.start || cv.start >= p.end) return [p];
        const out: Span[] = [];
        if (cv.start > p.start) out.push({ line: p.line, start: p.start, end: cv.start });
        if (cv.end < p.end) out.push({ line: p.line, start: cv.end, end: p.end });
        return out;
      });
    }
  }
  return parts;
}

function confirmTypeFixes(corrections: MrzCorrection[], layout: MrzLayout, checks: readonly MrzCheck[]): MrzCorrection[] {
  return corrections.map((c) => {
    if (c.reason !== 'field-type') return c;
    const fl = fieldAt(layout, c.line, c.column);
    if (fl?.kind !== 'numeric') return c;
    const confirmedBy = layout.checks.filter(
      (ck) =>
        ck.name !== 'composite' &&
        (ck.spans.some((sp) => sp.line === c.line && c.column >= sp.start && c.column < sp.end) || (ck.digit.line === c.line && ck.digit.pos === c.column)),
    );
    const ok = confirmedBy.length > 0 && confirmedBy.every((ck) => checks.find((x) => x.name === ck.name)?.valid);
    return ok ? { ...c, reason: 'check-digit' } : c;
  });
}
