/** One measurement of the document area of a camera frame. */
export interface FrameSample {
  /** Laplacian variance of the area at a fixed working size. */
  sharpness: number;
  /** Mean absolute grey difference to the previous sample (Infinity for the first). */
  motion: number;
  /** Mean grey level, 0-255. */
  brightness: number;
}

/** What the page tells the user, and whether to take the photo now. */
export type SteadyHint = 'dark' | 'moving' | 'blurry' | 'steady' | 'ready';

export interface SteadyOptions {
  /** Consecutive good samples needed (default 4: about one second at 4 samples a second). */
  steadySamples?: number;
  /** Largest motion that counts as still (default 6 grey levels). */
  maxMotion?: number;
  /** Smallest sharpness that counts as in focus (default 60). */
  minSharpness?: number;
  /** A good sample must also reach this fraction of the sharpest recent sample (default 0.7): capture after focus settles. */
  relativeSharpness?: number;
  /** Darkest acceptable mean grey level (default 45). */
  minBrightness?: number;
}

/**
 * Decides when a document held in front of the camera is steady and sharp enough to capture automatically:
 * feed it one {@link FrameSample} per tick; it answers `ready` after `steadySamples` consecutive still, bright and
 * sharp samples (sharp both absolutely and relative to the recent best, so autofocus has settled).
 *
 * @example
 * ```ts
 * const d = new SteadyDetector();
 * d.push({ sharpness: 140, motion: 2, brightness: 120 }); // 'steady' ... then 'ready' on the 4th
 * ```
 */
export class SteadyDetector {
  readonly #opts: Required<SteadyOptions>;
  #good = 0;
  #recent: number[] = [];

  constructor(opts: SteadyOptions = {}) {
    this.#opts = { steadySamples: 4, maxMotion: 6, minSharpness: 60, relativeSharpness: 0.7, minBrightness: 45, ...opts };
  }

  /** Progress towards an automatic capture, 0-1. */
  get progress(): number {
    return Math.min(1, this.#good / this.#opts.steadySamples);
  }

  push(s: FrameSample): SteadyHint {
    const o = this.#opts;
    this.#recent.push(s.sharpness);
    if (this.#recent.length > 12) this.#recent.shift();
    const best = Math.max(...this.#recent);
    let hint: SteadyHint;
    if (s.brightness < o.minBrightness) hint = 'dark';
    else if (!(s.motion <= o.maxMotion)) hint = 'moving';
    else if (s.sharpness < o.minSharpness || s.sharpness < best * o.relativeSharpness) hint = 'blurry';
    else hint = 'steady';
    this.#good = hint === 'steady' ? this.#good + 1 : 0;
    if (this.#good >= o.steadySamples) return 'ready';
    return hint;
  }

  reset(): void {
    this.#good = 0;
    this.#recent = [];
  }
}
