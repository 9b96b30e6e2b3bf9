import type { Challenge } from '../api/flow-api.js';
import { challengeCue } from '../prompts/challenge-cue.js';

/**
 * The icon of a liveness challenge over the camera preview: for a head turn an arrow on the side of the preview the
 * face moves toward (see {@link challengeCue} for the convention), for a blink an eye, for looking straight a
 * target. Decorative (`aria-hidden`): the prompt's words say the same. No inline styles (the page's CSP): the
 * arrow is turned with an SVG transform attribute.
 *
 * @example
 * ```tsx
 * <ChallengeCueIcon challenge="turn_left" mirrored />
 * ```
 */
export function ChallengeCueIcon(props: { challenge: Challenge; mirrored: boolean }) {
  const { challenge, mirrored } = props;
  const cue = challengeCue(challenge, { mirrored });
  const side = cue.arrow ? ` pv-cue-${cue.arrow}` : '';
  return (
    <span className={`pv-cue pv-cue-${cue.icon}${side}`} data-testid="challenge-cue" data-challenge={challenge} data-arrow={cue.arrow ?? 'none'} aria-hidden="true">
      <svg viewBox="0 0 48 48" width="48" height="48" focusable="false" aria-hidden="true">
        {cue.icon === 'arrow' && (
          // Drawn pointing right; mirrored about the middle when it points left.
          <g transform={cue.arrow === 'left' ? 'matrix(-1 0 0 1 48 0)' : undefined}>
            <path d="M8 24 H36 M24 11 L38 24 L24 37" fill="none" stroke="currentColor" strokeWidth="6" strokeLinecap="round" strokeLinejoin="round" />
            <circle className="pv-cue-tip" data-testid="challenge-cue-tip" cx="38" cy="24" r="1.5" fill="currentColor" />
          </g>
        )}
        {cue.icon === 'blink' && (
          <g fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round">
            <path d="M6 22 Q24 38 42 22" />
            <path d="M12 29 L8 35 M24 33 V40 M36 29 L40 35" />
          </g>
        )}
        {cue.icon === 'straight' && (
          <g fill="none" stroke="currentColor" strokeWidth="4">
            <circle cx="24" cy="24" r="16" />
            <circle cx="24" cy="24" r="5" fill="currentColor" />
          </g>
        )}
      </svg>
    </span>
  );
}
