import { LAYOUTS, type MrzFormat } from './formats.js';
import { type MrzReading, type ParseMrzOptions, parseMrz } from './parse-mrz.js';

/** One text line from OCR, top to bottom. */
export interface TextLine {
  readonly text: string;
  /** 0-1. */
  readonly confidence?: number;
  /** Confidence (0-1) of each character of `text` without spaces, when the OCR engine gives them. */
  readonly charConfidences?: readonly number[];
}

/** The best MRZ found in some OCR lines, with how it was assembled. */
export interface AssembledMrz {
  readonly reading: MrzReading;
  /** Indices of the OCR lines used. */
  readonly lineIndices: readonly number[];
  /** Characters inserted or removed to reach the format's line lengths. */
  readonly lengthEdits: number;
  /** Mean OCR confidence of the lines used (1 when unknown). */
  readonly confidence: number;
  /** Higher is better: valid check digits count, edits and problems cost. */
  readonly score: number;
}

const FILLER_LIKE = /[«‹({[＜]/g;

/** Upper case, no spaces, filler look-alikes as `<`. */
export function cleanOcrLine(s: string): string {
  return s.replace(/\s+/g, '').replace(FILLER_LIKE, '<').toUpperCase();
}

function longestRun(line: string): { start: number; length: number } | null {
  let best: { start: number; length: number } | null = null;
  const re = /<+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (!best || m[0].length > best.length || (m[0].length === best.length && m.index > best.start)) best = { start: m.index, length: m[0].length };
  }
  return best;
}

/**
 * Variants of `line` with exactly `len` characters: fillers added to or removed from the longest filler
 * run (OCR most often miscounts repeated `<`), or added/removed at either end; at most four variants, best first.
 * With `everyPosition`, a line one character off also gets the variants with a character removed or a filler
 * inserted at every position (the check digits pick the right one).
 */
export function fitLength(line: string, len: number, everyPosition = false): string[] {
  return fitLengthScored(line, len, everyPosition).map((v) => v.text);
}

interface Variant {
  text: string;
  /** 0 for filler edits; the confidence of a removed character (plus a twin penalty) otherwise. */
  cost: number;
  /** A character removed or a filler inserted away from the filler runs. */
  anywhere: boolean;
}

/** {@link fitLength} with a cost per variant. */
function fitLengthScored(line: string, len: number, everyPosition: boolean, conf?: readonly number[]): Variant[] {
  const diff = len - line.length;
  if (diff === 0) return [{ text: line, cost: 0, anywhere: false }];
  const out: Variant[] = fillerVariants(line, diff).map((text) => ({ text, cost: 0, anywhere: false }));
  if (!everyPosition || Math.abs(diff) !== 1) return out;
  // One character too many (a glyph read as two) or too few (two read as one): every position, checked by the
  // check digits; removing a confidently read character costs more.
  const seen = new Set(out.map((v) => v.text));
  for (let i = 0; i <= line.length; i++) {
    const text = diff < 0 ? line.slice(0, i) + line.slice(i + 1) : line.slice(0, i) + '<' + line.slice(i);
    if (text.length !== len || seen.has(text)) continue;
    seen.add(text);
    out.push({ text, cost: diff < 0 ? (conf?.[i] ?? 0.5) + twinPenalty(line, i) : 0.5, anywhere: true });
  }
  return out;
}

/** Letter twins that weigh the same as a digit or filler modulo 10 (G = 16 and 6, K = 20 and <): no check digit separates them. */
const TWINS: Readonly<Record<string, string>> = { '6': 'G', '<': 'K' };

/**
 * Removing a digit or filler that stands next to its letter twin ("6G", "K<") is the less likely repair
 * (a glyph read twice keeps its digit); both removals pass the check digits, so this decides.
 */
function twinPenalty(line: string, i: number): number {
  const twin = TWINS[line[i]!];
  return twin && (line[i - 1] === twin || line[i + 1] === twin) ? 0.5 : 0;
}

function fillerVariants(line: string, diff: number): string[] {
  const out: string[] = [];
  const run = longestRun(line);
  if (diff > 0) {
    const fill = '<'.repeat(diff);
    if (run) out.push(line.slice(0, run.start) + fill + line.slice(run.start));
    out.push(line + fill);
    if (!run || run.start + run.length !== line.length) out.push(fill + line);
  } else {
    const cut = -diff;
    if (run && run.length > cut) out.push(line.slice(0, run.start) + line.slice(run.start + cut));
    if (line.endsWith('<'.repeat(cut))) out.push(line.slice(0, line.length - cut));
    out.push(line.slice(cut));
    out.push(line.slice(0, line.length - cut));
  }
  return [...new Set(out)].slice(0, 4);
}

const GROUPS: readonly { format: MrzFormat; lengths: readonly number[] }[] = (
  ['TD3', 'TD2', 'TD1', 'SWISS_DRIVING_LICENSE', 'EU_DRIVING_LICENSE'] as const
).map((f) => ({ format: f, lengths: LAYOUTS[f].lineLengths }));

function scoreOf(r: MrzReading, lengthEdits: number): number {
  const validChecks = r.checks.filter((c) => c.valid).length;
  const invalidChecks = r.checks.length - validChecks;
  return validChecks * 2 - invalidChecks * 3 + (r.valid ? 6 : 0) - r.problems.length * 2 - r.corrections.length * 0.15 - lengthEdits * 0.5 + r.lines.length;
}

function* cartesian<T>(lists: readonly (readonly T[])[], i = 0, acc: T[] = []): Generator<T[]> {
  if (i === lists.length) {
    yield acc.slice();
    return;
  }
  for (const x of lists[i]!) {
    acc.push(x);
    yield* cartesian(lists, i + 1, acc);
    acc.pop();
  }
}

/**
 * Finds the MRZ in OCR text lines: tries every run of consecutive lines whose lengths are within
 * `maxLengthError` of a format's (TD1 3x30, TD2/MRV-B/French ID 2x36, TD3/MRV-A 2x44, Swiss 9+30+30,
 * one-line licences 1x30), fits the lengths by adding or removing fillers, repairs and parses each
 * variant and keeps the best by check digits. Returns null when no run of lines looks like an MRZ.
 *
 * @example
 * ```ts
 * const best = assembleMrz([{ text: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<' }, { text: 'L898902C36UTO7408122F1204159ZE184226B<<<<<10' }]);
 * best?.reading.lines[0].length; // 44 (one filler added)
 * ```
 */
export function assembleMrz(input: readonly (TextLine | string)[], opts: ParseMrzOptions & { maxLengthError?: number } = {}): AssembledMrz | null {
  const maxErr = opts.maxLengthError ?? 3;
  const lines = input.map((l) => {
    if (typeof l === 'string') return { text: cleanOcrLine(l), confidence: 1, chars: undefined };
    const text = cleanOcrLine(l.text);
    const chars = l.charConfidences && l.charConfidences.length === text.length ? l.charConfidences : undefined;
    return { text, confidence: l.confidence ?? 1, chars };
  });
  let best: AssembledMrz | null = null;
  for (const group of GROUPS) {
    const k = group.lengths.length;
    for (let i = 0; i + k <= lines.length; i++) {
      const slice = lines.slice(i, i + k);
      if (slice.some((l, j) => Math.abs(l.text.length - group.lengths[j]!) > maxErr)) continue;
      if (k === 1 && !/^D/.test(slice[0]!.text)) continue;
      const offLines = slice.filter((l, j) => l.text.length !== group.lengths[j]!).length;
      // When a single line is off by one, try every position in it (at most ~45 variants).
      const variants = slice.map((l, j) => fitLengthScored(l.text, group.lengths[j]!, offLines === 1, l.chars));
      const edits = slice.reduce((s, l, j) => s + Math.abs(l.text.length - group.lengths[j]!), 0);
      let n = 0;
      for (const combo of cartesian(variants)) {
        if (++n > 64) break;
        const reading = parseMrz(
          combo.map((v) => v.text),
          opts,
        );
        if (!reading) continue;
        // An edit anywhere in the line must make every check pass: with that many variants, a partial
        // improvement is more likely chance than repair (and would hide a tampered field).
        if (!reading.valid && combo.some((v) => v.anywhere)) continue;
        const score = scoreOf(reading, edits) - combo.reduce((s, v) => s + v.cost, 0);
        if (!best || score > best.score) {
          const confidence = slice.reduce((s, l) => s + l.confidence, 0) / slice.length;
          best = { reading, lineIndices: slice.map((_, j) => i + j), lengthEdits: edits, confidence, score };
        }
      }
    }
  }
  return best;
}
