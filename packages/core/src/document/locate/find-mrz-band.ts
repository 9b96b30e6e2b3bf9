import { type TextLineSegment, textLinesTurned } from './find-text-lines.js';
import type { GrayImage } from './gray-image.js';

/**
 * A candidate machine-readable zone: 1 to 3 parallel, left-aligned text lines of OCR-B pitch, found in
 * the working image turned by `quarterTurns` (clockwise) so that the lines are horizontal.
 */
export interface MrzBandCandidate {
  /** Clockwise quarter turns applied to the working image; 0/2 and 1/3 share geometry, differing by 180 degrees. */
  readonly quarterTurns: 0 | 1 | 2 | 3;
  /** Size of the turned working image. */
  readonly frame: { readonly width: number; readonly height: number };
  /** Lines top to bottom in the turned working image. */
  readonly lines: readonly TextLineSegment[];
  /** Text height in working pixels. */
  readonly charHeight: number;
  /** Skew: slope of the lines (dy/dx). */
  readonly slope: number;
  /** Band rectangle along the skewed lines: left/right x and top/bottom y at x = cx. */
  readonly x0: number;
  readonly x1: number;
  readonly yTop: number;
  readonly yBottom: number;
  readonly cx: number;
  readonly score: number;
  /**
   * Text found above minus text found below the band (within its columns), normalised to -1..1. An MRZ
   * is at the bottom of its document, so a negative value suggests the band is upside down.
   */
  readonly textAboveBelow: number;
}

/**
 * Joins the pieces of one text line split by faint or widely spaced characters (runs of `<` fillers):
 * each line-like segment grows left and right through aligned segments and single-character blobs.
 * Only segments near the line's height band are looked at (a sorted window), so textured images with
 * thousands of blobs stay fast.
 */
function mergeFragments(segs: TextLineSegment[], frameWidth: number): TextLineSegment[] {
  const isSeed = (s: TextLineSegment) => s.x1 - s.x0 + 1 >= 4 * s.height && s.ink >= 20;
  const byY = segs.slice().sort((a, b) => a.cy - b.cy);
  const ys = byY.map((s) => s.cy);
  const lowerBound = (v: number) => {
    let lo = 0;
    let hi = ys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ys[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const used = new Set<TextLineSegment>();
  const seeds = segs.filter(isSeed).sort((a, b) => b.x1 - b.x0 - (a.x1 - a.x0));
  const out: TextLineSegment[] = [];
  for (const seed of seeds) {
    if (used.has(seed)) continue;
    used.add(seed);
    let cur = seed;
    // Candidates: centres within the band the (possibly skewed) line can reach across the frame.
    const reach = cur.height * 1.2 + Math.abs(cur.slope) * frameWidth;
    const window = byY.slice(lowerBound(cur.cy - reach), lowerBound(cur.cy + reach + 1e-9)).filter((s) => !used.has(s));
    const right = window.filter((s) => s.x0 >= cur.cx).sort((a, b) => a.x0 - b.x0);
    const left = window.filter((s) => s.x0 < cur.cx).sort((a, b) => b.x1 - a.x1);
    for (const [list, toRight] of [
      [right, true],
      [left, false],
    ] as const) {
      for (const s of list) {
        if (used.has(s)) continue;
        const seed2 = isSeed(s);
        const h = cur.height;
        const gap = toRight ? s.x0 - cur.x1 : cur.x0 - s.x1;
        if (gap > (seed2 ? 4 : 2.2) * h) break;
        if (gap < -h) continue;
        const sh = seed2 ? s.height : s.y1 - s.y0 + 1;
        if (sh > 1.5 * h || (seed2 && h > 1.8 * sh)) continue;
        const xm = toRight ? (cur.x1 + s.x0) / 2 : (s.x1 + cur.x0) / 2;
        const ya = cur.cy + cur.slope * (xm - cur.cx);
        const yb = seed2 ? s.cy + s.slope * (xm - s.cx) : (s.y0 + s.y1) / 2;
        if (Math.abs(ya - yb) > 0.4 * h) continue;
        used.add(s);
        if (!seed2) {
          cur = { ...cur, x0: Math.min(cur.x0, s.x0), x1: Math.max(cur.x1, s.x1) };
          continue;
        }
        const n = cur.ink + s.ink;
        const wa = cur.x1 - cur.x0;
        const wb = s.x1 - s.x0;
        cur = {
          x0: Math.min(cur.x0, s.x0),
          x1: Math.max(cur.x1, s.x1),
          y0: Math.min(cur.y0, s.y0),
          y1: Math.max(cur.y1, s.y1),
          height: (cur.height * cur.ink + s.height * s.ink) / n,
          cx: (cur.cx * cur.ink + s.cx * s.ink) / n,
          cy: (cur.cy * cur.ink + s.cy * s.ink) / n,
          slope: wa >= wb ? cur.slope : s.slope,
          ink: n,
          coverage: (cur.coverage * wa + s.coverage * wb) / Math.max(1, wa + wb),
        };
      }
    }
    out.push(cur);
  }
  return out;
}

function yAt(s: TextLineSegment, x: number): number {
  return s.cy + s.slope * (x - s.cx);
}

const width = (s: TextLineSegment): number => s.x1 - s.x0 + 1;

/**
 * Groups of 2-3 stacked lines with MRZ geometry, best first: maximal chains of left-aligned lines of
 * similar height at a regular pitch. Chains longer than 3 lines are paragraphs, not an MRZ.
 */
function groupLines(lines: TextLineSegment[], frame: { width: number; height: number }): { lines: TextLineSegment[]; score: number }[] {
  const long = lines.filter((s) => width(s) >= 10 * s.height && s.height >= 3);
  long.sort((a, b) => a.cy - b.cy);
  const compatible = (a: TextLineSegment, b: TextLineSegment): number | null => {
    const h = (a.height + b.height) / 2;
    if (Math.max(a.height, b.height) > 1.7 * Math.min(a.height, b.height)) return null;
    if (Math.abs(a.x0 - b.x0) > Math.max(2.2 * h, 0.06 * Math.max(width(a), width(b)))) return null;
    const x = (Math.max(a.x0, b.x0) + Math.min(a.x1, b.x1)) / 2;
    const d = yAt(b, x) - yAt(a, x);
    if (d < 1.25 * h || d > 3.2 * h) return null;
    if (Math.abs(a.slope - b.slope) > 0.03) return null;
    return d;
  };
  // Next line below each line (the nearest compatible one).
  const next = new Map<TextLineSegment, { line: TextLineSegment; pitch: number }>();
  const hasPrev = new Set<TextLineSegment>();
  for (let i = 0; i < long.length; i++) {
    for (let j = i + 1; j < long.length; j++) {
      const d = compatible(long[i]!, long[j]!);
      if (d === null) continue;
      const cur = next.get(long[i]!);
      if (!cur || d < cur.pitch) next.set(long[i]!, { line: long[j]!, pitch: d });
    }
  }
  for (const v of next.values()) hasPrev.add(v.line);
  const maxH = Math.max(1, ...long.map((l) => l.height));
  const groups: { lines: TextLineSegment[]; score: number }[] = [];
  for (const start of long) {
    if (hasPrev.has(start)) continue;
    const chain = [start];
    let pitch = 0;
    for (let cur = next.get(start); cur; cur = next.get(cur.line)) {
      if (pitch && Math.abs(cur.pitch - pitch) > 0.3 * pitch) break;
      pitch = pitch || cur.pitch;
      chain.push(cur.line);
    }
    if (chain.length < 2 || chain.length > 3) continue;
    const maxW = Math.max(...chain.map(width));
    const h = chain.reduce((s, l) => s + l.height, 0) / chain.length;
    const ratio = maxW / h;
    // OCR-B: 30 to 44 characters of about one text height pitch.
    if (ratio < 16 || ratio > 75) continue;
    const widthAgreement = Math.min(...chain.map(width)) / maxW;
    const cover = chain.reduce((s, l) => s + l.coverage, 0) / chain.length;
    const span = Math.min(1, maxW / (0.7 * frame.width));
    // Printed characters leave gaps: ruled lines and box edges cover every column.
    const coverTerm = cover > 0.93 ? -4 : cover >= 0.45 ? 2 : 0;
    const score = 3 + widthAgreement * 3 + coverTerm + span * 5 + (h / maxH) * 2 + (chain.length === 3 && widthAgreement > 0.85 ? 1 : 0);
    groups.push({ lines: chain, score });
  }
  return groups.sort((a, b) => b.score - a.score);
}

/** Ink of other text lines above minus below the band, within its columns and 12 text heights. */
function textAboveBelow(group: TextLineSegment[], all: readonly TextLineSegment[], h: number, x0: number, x1: number): number {
  const top = group[0]!.cy;
  const bottom = group[group.length - 1]!.cy;
  let above = 0;
  let below = 0;
  for (const s of all) {
    if (group.includes(s) || s.x1 < x0 || s.x0 > x1) continue;
    if (s.cy < top - h && s.cy > top - 12 * h) above += s.ink;
    else if (s.cy > bottom + h && s.cy < bottom + 12 * h) below += s.ink;
  }
  return above + below > 0 ? (above - below) / (above + below) : 0;
}

function toCandidate(group: { lines: TextLineSegment[]; score: number }, q: 0 | 1, frame: { width: number; height: number }, all: readonly TextLineSegment[]): MrzBandCandidate {
  const ls = group.lines;
  const totalW = ls.reduce((s, l) => s + width(l), 0);
  const slope = ls.reduce((s, l) => s + l.slope * width(l), 0) / totalW;
  const h = ls.reduce((s, l) => s + l.height, 0) / ls.length;
  const x0 = Math.min(...ls.map((l) => l.x0));
  const x1 = Math.max(...ls.map((l) => l.x1));
  const cx = (x0 + x1) / 2;
  const first = ls[0]!;
  const last = ls[ls.length - 1]!;
  return {
    quarterTurns: q,
    frame,
    lines: ls,
    charHeight: h,
    slope,
    x0,
    x1,
    yTop: yAt(first, cx) - first.height / 2,
    yBottom: yAt(last, cx) + last.height / 2,
    cx,
    score: group.score,
    textAboveBelow: textAboveBelow(ls, all, h, x0, x1),
  };
}

export interface FindMrzOptions {
  /** Which clockwise quarter turns of the working image to search (default [0, 1]: 2 and 3 are the same lines upside down). */
  turns?: readonly (0 | 1)[];
  /** Horizontal closing width in working pixels (default 13). */
  joinWidth?: number;
}

/**
 * Finds machine-readable-zone candidates in a grey working image (about 1000 px on the longer side):
 * text lines from a black-hat and a horizontal closing, fragments of one line joined, then groups of
 * 2-3 parallel, left-aligned lines with OCR-B proportions (30-44 characters of one text-height pitch).
 * Candidates come for the image as is and turned by 90 degrees; which of the two 180-degree turns is
 * upright is decided later (by OCR). Best first.
 *
 * @example
 * ```ts
 * const [best] = findMrzBands(gray);
 * best?.lines.length; // 2 for a passport
 * ```
 */
export function findMrzBands(img: GrayImage, opts: FindMrzOptions = {}): MrzBandCandidate[] {
  const out: MrzBandCandidate[] = [];
  for (const q of opts.turns ?? [0, 1]) {
    const frame = q === 0 ? { width: img.width, height: img.height } : { width: img.height, height: img.width };
    const segs = mergeFragments(textLinesTurned(img, q, { joinWidth: opts.joinWidth }), frame.width);
    for (const g of groupLines(segs, frame)) out.push(toCandidate(g, q, frame, segs));
  }
  return out.sort((a, b) => b.score - a.score);
}
