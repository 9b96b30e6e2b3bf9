import { blackHat } from './morphology.js';
import { type GrayImage, otsuThreshold, rotateGray } from './gray-image.js';

/** A horizontal run of dark text (characters joined by a horizontal closing), in working-image pixels. */
export interface TextLineSegment {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Robust text height: rows holding most of the ink. */
  height: number;
  /** Centre line: y = cy + slope * (x - cx). */
  cx: number;
  cy: number;
  slope: number;
  /** Ink pixels (before closing). */
  ink: number;
  /** Fraction of the segment's columns that hold ink. */
  coverage: number;
}

export interface TextLineOptions {
  /** Black-hat kernel side (default 13). */
  blackHatSize?: number;
  /** Horizontal closing width joining characters (default 13). */
  joinWidth?: number;
  /** Smallest text height kept (default 4). */
  minHeight?: number;
}

/**
 * Horizontal binary closing: fills background runs of at most `maxGap` pixels that have ink on both
 * sides (what a dilation then erosion with a 1 x (maxGap + 1) segment does), in one pass per row.
 */
function fillRowGaps(mask: Uint8Array, w: number, h: number, maxGap: number): Uint8Array {
  const out = new Uint8Array(mask);
  for (let y = 0; y < h; y++) {
    const base = y * w;
    let lastInk = -1;
    for (let x = 0; x < w; x++) {
      if (!mask[base + x]) continue;
      if (lastInk >= 0 && x - lastInk - 1 <= maxGap && x - lastInk > 1) out.fill(255, base + lastInk + 1, base + x);
      lastInk = x;
    }
  }
  return out;
}

interface Acc {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  sxy: number;
}

/**
 * Finds horizontal lines of dark text: black-hat to isolate strokes, Otsu threshold, horizontal closing
 * to join characters, then 4-connected components of the joined mask with their ink statistics
 * (height, slope from a least-squares fit of ink pixels, coverage).
 *
 * @example
 * ```ts
 * const lines = findTextLines(gray).filter((l) => l.x1 - l.x0 > 20 * l.height);
 * ```
 */
export function findTextLines(img: GrayImage, opts: TextLineOptions = {}): TextLineSegment[] {
  const { width: w, height: h } = img;
  const bh = blackHat(img, opts.blackHatSize ?? 13, opts.blackHatSize ?? 13);
  const hist = new Uint32Array(256);
  for (let i = 0; i < bh.data.length; i++) hist[bh.data[i]!]!++;
  // Otsu on the black-hat separates strokes from paper; a floor keeps flat regions (noise) out.
  const thr = Math.max(otsuThreshold(hist), 18);
  const ink = new Uint8Array(w * h);
  for (let i = 0; i < ink.length; i++) ink[i] = bh.data[i]! > thr ? 255 : 0;
  const jw = opts.joinWidth ?? 13;
  const joined = { data: fillRowGaps(ink, w, h, jw - 1), width: w, height: h };
  const minH = opts.minHeight ?? 4;

  // 4-connected components of the joined mask, accumulating statistics over ink pixels only.
  const labels = new Int32Array(w * h).fill(-1);
  const stack = new Int32Array(w * h);
  const accs: Acc[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!joined.data[start] || labels[start] !== -1) continue;
    const id = accs.length;
    const a: Acc = { x0: w, x1: 0, y0: h, y1: 0, n: 0, sx: 0, sy: 0, sxx: 0, sxy: 0 };
    accs.push(a);
    let sp = 0;
    stack[sp++] = start;
    labels[start] = id;
    while (sp > 0) {
      const p = stack[--sp]!;
      const x = p % w;
      const y = (p - x) / w;
      if (x < a.x0) a.x0 = x;
      if (x > a.x1) a.x1 = x;
      if (y < a.y0) a.y0 = y;
      if (y > a.y1) a.y1 = y;
      if (ink[p]) {
        a.n++;
        a.sx += x;
        a.sy += y;
        a.sxx += x * x;
        a.sxy += x * y;
      }
      if (x > 0 && joined.data[p - 1] && labels[p - 1] === -1) {
        labels[p - 1] = id;
        stack[sp++] = p - 1;
      }
      if (x < w - 1 && joined.data[p + 1] && labels[p + 1] === -1) {
        labels[p + 1] = id;
        stack[sp++] = p + 1;
      }
      if (y > 0 && joined.data[p - w] && labels[p - w] === -1) {
        labels[p - w] = id;
        stack[sp++] = p - w;
      }
      if (y < h - 1 && joined.data[p + w] && labels[p + w] === -1) {
        labels[p + w] = id;
        stack[sp++] = p + w;
      }
    }
  }

  const out: TextLineSegment[] = [];
  for (let id = 0; id < accs.length; id++) {
    const a = accs[id]!;
    const bw = a.x1 - a.x0 + 1;
    const bhh = a.y1 - a.y0 + 1;
    // Small blobs are kept: single characters (e.g. `<` fillers) extend lines later.
    if (a.n < 6 || bhh < Math.max(2, minH / 2) || bw < 2) continue;
    const cx = a.sx / a.n;
    const cy = a.sy / a.n;
    const varX = a.sxx / a.n - cx * cx;
    const slope = varX > 1 ? (a.sxy / a.n - cx * cy) / varX : 0;
    out.push({ ...stats(id, a, labels, ink, w, cx, cy, slope), x0: a.x0, x1: a.x1, y0: a.y0, y1: a.y1, cx, cy, slope, ink: a.n });
  }
  return out;
}

/** Robust height (rows around the fitted centre line holding 90% of the ink) and column coverage. */
function stats(id: number, a: Acc, labels: Int32Array, ink: Uint8Array, w: number, cx: number, cy: number, slope: number): { height: number; coverage: number } {
  const span = a.y1 - a.y0 + 1;
  const offsets = new Uint32Array(2 * span + 3);
  const cols = new Uint8Array(a.x1 - a.x0 + 1);
  let total = 0;
  for (let y = a.y0; y <= a.y1; y++) {
    for (let x = a.x0; x <= a.x1; x++) {
      const p = y * w + x;
      if (labels[p] !== id || !ink[p]) continue;
      const d = Math.round(y - (cy + slope * (x - cx))) + span + 1;
      if (d >= 0 && d < offsets.length) offsets[d]!++;
      cols[x - a.x0] = 1;
      total++;
    }
  }
  // Smallest window of offsets holding 90% of the ink.
  const need = total * 0.9;
  let best = span;
  let lo = 0;
  let acc = 0;
  for (let hi = 0; hi < offsets.length; hi++) {
    acc += offsets[hi]!;
    while (acc - offsets[lo]! >= need && lo < hi) acc -= offsets[lo++]!;
    if (acc >= need) best = Math.min(best, hi - lo + 1);
  }
  let covered = 0;
  for (let i = 0; i < cols.length; i++) covered += cols[i]!;
  return { height: best, coverage: covered / cols.length };
}

const turnedCache = new WeakMap<GrayImage, Map<string, TextLineSegment[]>>();

/**
 * {@link findTextLines} of `img` turned by `q` clockwise quarter turns, memoised per image, turn and
 * options (the MRZ search and the visual-zone reader look at the same lines).
 *
 * @example
 * ```ts
 * const horizontal = textLinesTurned(work, 0);
 * const vertical = textLinesTurned(work, 1);
 * ```
 */
export function textLinesTurned(img: GrayImage, q: 0 | 1, opts: TextLineOptions = {}): TextLineSegment[] {
  const key = `${q}:${opts.blackHatSize ?? ''}:${opts.joinWidth ?? ''}:${opts.minHeight ?? ''}`;
  let m = turnedCache.get(img);
  if (!m) {
    m = new Map();
    turnedCache.set(img, m);
  }
  let hit = m.get(key);
  if (!hit) {
    hit = findTextLines(rotateGray(img, q), opts);
    m.set(key, hit);
  }
  return hit;
}
