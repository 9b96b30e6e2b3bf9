/**
 * Matching what the liveness check reports on a video against the labelled events of the clip.
 *
 * Labels give head-turn directions in image terms ("nose_to_image_right"). The liveness challenges
 * `turn_left` / `turn_right` are as the user sees them on a mirrored preview, i.e. the user's own left or
 * right. On an unmirrored camera, the nose moving toward the image's right is the user turning to their own
 * left (`turn_left`); on a mirrored recording it is the user's right.
 */

/** A labelled event of a clip (seconds). `t` alone marks an instant; `start`/`end` a span. */
export interface LabelledEvent {
  readonly type: string;
  readonly t?: number;
  readonly start?: number;
  readonly end?: number;
  readonly direction?: string;
}

export type TurnChallenge = 'turn_left' | 'turn_right';

/**
 * The challenge a labelled image-terms turn direction corresponds to.
 *
 * @example
 * ```ts
 * turnChallengeFor('nose_to_image_right');       // 'turn_left' (unmirrored camera: the user's own left)
 * turnChallengeFor('nose_to_image_right', true); // 'turn_right'
 * turnChallengeFor('up');                        // null
 * ```
 */
export function turnChallengeFor(direction: string | undefined, mirrored = false): TurnChallenge | null {
  const d = (direction ?? '').toLowerCase();
  const toImageRight = /image[_ -]?right/.test(d);
  const toImageLeft = /image[_ -]?left/.test(d);
  if (toImageRight === toImageLeft) return null;
  const userLeft = toImageRight !== mirrored;
  return userLeft ? 'turn_left' : 'turn_right';
}

/** The time span of an event, widened by `tolerance` seconds on each side. */
export function eventSpan(e: LabelledEvent, tolerance = 0): { start: number; end: number } {
  const start = e.start ?? e.t ?? 0;
  const end = e.end ?? e.t ?? start;
  return { start: Math.min(start, end) - tolerance, end: Math.max(start, end) + tolerance };
}

/** True for a labelled full blink (not `partial_blink`, `blink_asymmetric` and similar). */
export function isBlinkEvent(e: LabelledEvent): boolean {
  return e.type === 'blink';
}

/** True for a labelled event that involves closing the eyes in any way (blinks, winks, partial or long closures). */
export function isEyeClosureEvent(e: LabelledEvent): boolean {
  return /blink|eyes?_closed|wink/.test(e.type);
}

/** True for a labelled head turn. */
export function isTurnEvent(e: LabelledEvent): boolean {
  return e.type === 'turn';
}

/**
 * Whether a reported event time falls inside one of the given labelled events (± tolerance seconds).
 *
 * @example
 * ```ts
 * timeMatchesEvent(1.5, [{ type: 'blink', start: 1.43, end: 1.53 }], 0.2); // true
 * ```
 */
export function timeMatchesEvent(t: number, events: readonly LabelledEvent[], tolerance = 0.25): boolean {
  return events.some((e) => {
    const s = eventSpan(e, tolerance);
    return t >= s.start && t <= s.end;
  });
}

/** A time span in seconds (a detected or labelled event). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One-to-one matching of detected events to labelled ones. */
export interface EventMatching {
  /** Pairs of indices [labelled, detected]. */
  readonly matched: [number, number][];
  readonly missedLabelled: number[];
  readonly unmatchedDetected: number[];
}

/**
 * Matches detected events to labelled events one to one: a pair qualifies when the spans overlap once the
 * labelled span is widened by `tolerance` seconds; pairs are taken greedily by the distance between span
 * centres, closest first.
 *
 * @example
 * ```ts
 * matchEventSpans([{ start: 1.4, end: 1.5 }, { start: 3, end: 3.1 }], [{ start: 1.45, end: 1.6 }], 0.2);
 * // { matched: [[0, 0]], missedLabelled: [1], unmatchedDetected: [] }
 * ```
 */
export function matchEventSpans(labelled: readonly Span[], detected: readonly Span[], tolerance = 0.2): EventMatching {
  const candidates: { l: number; d: number; dist: number }[] = [];
  labelled.forEach((l, i) => {
    detected.forEach((d, j) => {
      if (d.end >= l.start - tolerance && d.start <= l.end + tolerance) {
        candidates.push({ l: i, d: j, dist: Math.abs((l.start + l.end) / 2 - (d.start + d.end) / 2) });
      }
    });
  });
  candidates.sort((a, b) => a.dist - b.dist || a.l - b.l || a.d - b.d);
  const usedL = new Set<number>();
  const usedD = new Set<number>();
  const matched: [number, number][] = [];
  for (const c of candidates) {
    if (usedL.has(c.l) || usedD.has(c.d)) continue;
    usedL.add(c.l);
    usedD.add(c.d);
    matched.push([c.l, c.d]);
  }
  matched.sort((a, b) => a[0] - b[0]);
  return {
    matched,
    missedLabelled: labelled.map((_, i) => i).filter((i) => !usedL.has(i)),
    unmatchedDetected: detected.map((_, j) => j).filter((j) => !usedD.has(j)),
  };
}
