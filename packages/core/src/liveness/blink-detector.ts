import type { EyeSignals } from './eye-openness.js';
import type { BlinkEvent } from './types.js';
import { numericOptions } from '../util/numeric-options.js';

/** Tunables of {@link detectBlinks}; the defaults are the documented ones (docs/liveness.md). */
export interface BlinkDetectorOptions {
  /** Closure level both eyes must pass (relative drop of the openness signals; default 0.2). */
  threshold?: number;
  /** Longest closure counted as a blink, seconds (default 0.5; longer is a deliberate eye closure). */
  maxDuration?: number;
  /** The eyes must reopen (closure under threshold/2, or a threshold below the peak) within this many seconds before and after (default 0.5). */
  recovery?: number;
  /** Half-width of the running-median baseline, seconds (default 1). */
  baselineHalfWindow?: number;
  /** A dip of this much between two closures splits them into two blinks (default 0.1)... */
  splitDepth?: number;
  /**
   * ...when the two closures' centres (closure-weighted mean times above the dip) are at least this many
   * seconds apart (default 0.15: a reopening, not a flutter).
   */
  minSeparation?: number;
  /**
   * Human timing: closures closer together than a person blinks are eye movements (fluttering, squinting,
   * rolling the eyes), not blinks. A closure with more than this many other closures within
   * `burstHalfWindow` seconds on either side is dropped with them (default 2: a squeeze of two or three
   * blinks stays, a flutter of four or more closures in a second does not).
   */
  maxBurst?: number;
  /** Half-width of the burst window, seconds (default 0.5). */
  burstHalfWindow?: number;
}

/** One frame's input to the blink detector. */
export interface BlinkFrame {
  /** Time in seconds. */
  readonly t: number;
  /** Both eyes' signals, or null when there is no usable face in the frame. */
  readonly eyes: readonly [EyeSignals, EyeSignals] | null;
  /** True when the frame must not start a blink (head turned away, face too small, ...). */
  readonly gated: boolean;
}

const DEFAULTS: Required<BlinkDetectorOptions> = {
  threshold: 0.2,
  maxDuration: 0.5,
  recovery: 0.5,
  baselineHalfWindow: 1,
  splitDepth: 0.1,
  minSeparation: 0.15,
  maxBurst: 2,
  burstHalfWindow: 0.5,
};

/**
 * Running median of `v` over `half` seconds on each side of each frame time (NaN entries skipped; NaN where
 * fewer than three values fall in the window).
 *
 * @example
 * ```ts
 * runningMedian([0, 1, 2, 3], [1, 9, 2, 3], 1); // [NaN, 2, 3, NaN]
 * ```
 */
export function runningMedian(t: readonly number[], v: readonly number[], half: number): number[] {
  const out = new Array<number>(v.length).fill(Number.NaN);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < v.length; i++) {
    while (t[lo]! < t[i]! - half) lo++;
    while (hi < v.length && t[hi]! <= t[i]! + half) hi++;
    const w: number[] = [];
    for (let k = lo; k < hi; k++) if (Number.isFinite(v[k]!)) w.push(v[k]!);
    if (w.length < 3) continue;
    w.sort((a, b) => a - b);
    const m = w.length >> 1;
    out[i] = w.length % 2 ? w[m]! : (w[m - 1]! + w[m]!) / 2;
  }
  return out;
}

/**
 * Per-frame eye closure of each eye: the relative drop of the edge energy below its running median
 * plus half the relative rise of the row peakiness, averaged (weights 1 and 0.5). Open eyes give
 * about 0; a full blink 0.3-0.9.
 *
 * @example
 * ```ts
 * const [left, right] = eyeClosure(frames);
 * ```
 */
export function eyeClosure(frames: readonly BlinkFrame[], halfWindow = DEFAULTS.baselineHalfWindow): [number[], number[]] {
  const t = frames.map((f) => f.t);
  const res: number[][] = [];
  for (const e of [0, 1] as const) {
    const edges = frames.map((f) => (f.eyes ? f.eyes[e].edges : Number.NaN));
    const peak = frames.map((f) => (f.eyes ? f.eyes[e].rowPeak : Number.NaN));
    const be = runningMedian(t, edges, halfWindow);
    const bp = runningMedian(t, peak, halfWindow);
    res.push(frames.map((_, i) => ((be[i]! - edges[i]!) / Math.abs(be[i]!) + (0.5 * (peak[i]! - bp[i]!)) / Math.abs(bp[i]!)) / 1.5));
  }
  return [res[0]!, res[1]!];
}

function nanMin(v: readonly number[], from: number, to: number): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = from; i <= to; i++) if (Number.isFinite(v[i]!) && v[i]! < m) m = v[i]!;
  return m;
}

function argMax(v: readonly number[], from: number, to: number): number {
  let best = from;
  for (let i = from; i <= to; i++) if (Number.isFinite(v[i]!) && !(v[i]! <= v[best]!)) best = i;
  return best;
}

/**
 * Finds blinks: short closures of both eyes with the eyes open before and after. From pixels only
 * (five landmarks do not show eyelids): each frame's eye patches are aligned by the landmarks and
 * compared with the clip's own running baseline, so skin tone, glasses and lighting cancel out.
 * A run of frames where the closure of the less-closed eye exceeds the threshold is a blink when it
 * lasts at most `maxDuration`, the eyes reopen (closure under half the threshold, or a full threshold
 * below the closure's peak) within `recovery`
 * seconds on both sides, it is not in a gated stretch (head turned, face too small), and it spans two
 * frames or, for a single frame, closes twice as far (a fast blink at 30 fps can be one frame).
 * Two closures separated by a reopening dip are split into two blinks.
 *
 * @example
 * ```ts
 * const blinks = detectBlinks(frames); // [{ t: 1.47, start: 1.43, end: 1.5, frame: 44, strength: 0.6 }]
 * ```
 */
export function detectBlinks(frames: readonly BlinkFrame[], options: BlinkDetectorOptions = {}): BlinkEvent[] {
  // A value left undefined keeps its default (maxBurst: undefined would switch the burst filter off).
  const o = numericOptions('blink', DEFAULTS, options, { threshold: 0, maxDuration: 0, recovery: 0, baselineHalfWindow: 0, splitDepth: 0, minSeparation: 0, maxBurst: 0, burstHalfWindow: 0 });
  const n = frames.length;
  if (n < 3) return [];
  const t = frames.map((f) => f.t);
  const [c0, c1] = eyeClosure(frames, o.baselineHalfWindow);
  const both = frames.map((f, i) => (f.gated ? Number.NaN : Math.min(c0[i]!, c1[i]!)));
  const mean = frames.map((f, i) => (f.gated ? Number.NaN : (c0[i]! + c1[i]!) / 2));
  const above = both.map((v) => Number.isFinite(v) && v > o.threshold);
  const events: BlinkEvent[] = [];
  let i = 0;
  while (i < n) {
    if (!above[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && above[j + 1]) j++;
    const s = t[i]!;
    const e = t[j]!;
    let pre0 = i;
    while (pre0 > 0 && t[pre0 - 1]! >= s - o.recovery) pre0--;
    let post1 = j;
    while (post1 + 1 < n && t[post1 + 1]! <= e + o.recovery) post1++;
    // Reopened: the closure falls under half the threshold, or by a full threshold below the run's peak
    // (two blinks in quick succession need not reopen completely in between).
    let runPeak = Number.NEGATIVE_INFINITY;
    for (let k = i; k <= j; k++) if (Number.isFinite(mean[k]!) && mean[k]! > runPeak) runPeak = mean[k]!;
    const open = Math.max(o.threshold / 2, runPeak - o.threshold);
    const reopenedBefore = pre0 < i && nanMin(mean, pre0, i - 1) < open;
    const reopenedAfter = post1 > j && nanMin(mean, j + 1, post1) < open;
    if (reopenedBefore && reopenedAfter && e - s <= 2 * o.maxDuration) {
      for (const [a, b] of splitClosures(mean, t, i, j, o.splitDepth, o.minSeparation)) {
        const k = argMax(both, a, b);
        const peak = both[k]!;
        if (t[b]! - t[a]! <= o.maxDuration && (b > a || peak >= 2 * o.threshold)) {
          events.push({ t: t[k]!, start: t[a]!, end: t[b]!, frame: k, strength: peak });
        }
      }
    }
    i = j + 1;
  }
  return dropBursts(events, o.maxBurst, o.burstHalfWindow);
}

/** Drops closures that have more than `maxOthers` other closures within `half` seconds (see `maxBurst`). */
function dropBursts(events: readonly BlinkEvent[], maxOthers: number, half: number): BlinkEvent[] {
  return events.filter((e) => events.filter((x) => x !== e && Math.abs(x.t - e.t) <= half).length <= maxOthers);
}

/**
 * Splits the closure run [i..j] at reopening dips (on the two-eye mean): the deepest frame that lies at
 * least `depth` below the highest closure on both sides, where the closures on either side are centred
 * at least `minSep` apart. Repeats on both halves.
 */
function splitClosures(v: readonly number[], t: readonly number[], i: number, j: number, depth: number, minSep: number): [number, number][] {
  const out: [number, number][] = [];
  const stack: [number, number][] = [[i, j]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let best = -1;
    let bestDepth = 0;
    for (let k = a + 1; k < b; k++) {
      if (!Number.isFinite(v[k]!)) continue;
      const la = argMax(v, a, k - 1);
      const ra = argMax(v, k + 1, b);
      const d = Math.min(v[la]!, v[ra]!) - v[k]!;
      if (!(d >= depth && d > bestDepth)) continue;
      // Two closures, not a flutter within one: their centres (not their highest frames, which on a
      // saturated plateau can sit right beside the dip) are at least `minSep` apart.
      if (centroid(v, t, k + 1, b, v[k]!) - centroid(v, t, a, k - 1, v[k]!) >= minSep) {
        best = k;
        bestDepth = d;
      }
    }
    if (best < 0) out.push([a, b]);
    else {
      stack.push([a, best - 1]);
      stack.push([best + 1, b]);
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** Closure-weighted mean time of the frames [from..to] above `floor` (the centre of a closure, stable on a flat plateau). */
function centroid(v: readonly number[], t: readonly number[], from: number, to: number, floor: number): number {
  let w = 0;
  let s = 0;
  for (let k = from; k <= to; k++) {
    const x = v[k]! - floor;
    if (Number.isFinite(x) && x > 0) {
      w += x;
      s += x * t[k]!;
    }
  }
  return w > 0 ? s / w : Number.NaN;
}
