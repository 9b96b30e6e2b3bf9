import type { Challenge } from '../api/flow-api.js';

/** A side of the screen, or of the person. */
export type Side = 'left' | 'right';

/** How a challenge is shown over the camera preview. */
export interface ChallengeCue {
  /** The icon: an arrow for a turn, an eye for a blink, a target for looking straight. */
  icon: 'arrow' | 'blink' | 'straight';
  /** The person's own side the challenge asks them to turn toward (core's convention), or null. */
  personSide: Side | null;
  /** The side of the screen the arrow points to on this preview, or null (no arrow). */
  arrow: Side | null;
}

/**
 * How a challenge is shown over a camera preview. This is the one place that states the convention, for the hosted
 * page and the kiosk:
 *
 * - core's `turn_left` / `turn_right` are the person's OWN left and right (`packages/core/src/liveness/types.ts`;
 *   the pages send unmirrored frames with `mirrored: false` and core maps the nose's movement in the image back
 *   to the person's side);
 * - the words always say "your left" / "your right";
 * - the arrow points where the face in the preview moves when the person does it. On a mirrored preview (the
 *   selfie view both apps show, like a mirror) the person's own left is on the screen's left: `turn_left` points
 *   left. On an unmirrored preview (the picture as the camera sees it) the person's left is on the screen's right:
 *   `turn_left` points right.
 *
 * @example
 * ```ts
 * challengeCue('turn_left', { mirrored: true });  // { icon: 'arrow', personSide: 'left', arrow: 'left' }
 * challengeCue('turn_left', { mirrored: false }); // { icon: 'arrow', personSide: 'left', arrow: 'right' }
 * challengeCue('blink', { mirrored: true });      // { icon: 'blink', personSide: null, arrow: null }
 * ```
 */
export function challengeCue(challenge: Challenge, opts: { mirrored: boolean }): ChallengeCue {
  if (challenge === 'blink') return { icon: 'blink', personSide: null, arrow: null };
  if (challenge === 'look_straight') return { icon: 'straight', personSide: null, arrow: null };
  const personSide: Side = challenge === 'turn_left' ? 'left' : 'right';
  const flip: Side = personSide === 'left' ? 'right' : 'left';
  return { icon: 'arrow', personSide, arrow: opts.mirrored ? personSide : flip };
}
