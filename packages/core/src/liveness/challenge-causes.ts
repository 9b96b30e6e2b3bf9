import type { CheckReason } from '../check-result.js';
import { type ChallengeFailureCause, LIVENESS_CHALLENGES, type LivenessChallengeType } from './types.js';

/** One challenge that was not found, and why (from a `CHALLENGE_NOT_PERFORMED` reason). */
export interface MissedChallenge {
  readonly type: LivenessChallengeType;
  readonly cause: ChallengeFailureCause | null;
}

/** Every {@link ChallengeFailureCause}, for screens that word each one (tested there). */
export const CHALLENGE_FAILURE_CAUSES: readonly ChallengeFailureCause[] = ['not_facing', 'no_blink', 'eyes_not_seen', 'no_turn', 'wrong_direction', 'no_return', 'too_few_frames'];

/**
 * The challenges a `CHALLENGE_NOT_PERFORMED` reason names, each with its machine-readable cause (null when the
 * reason was recorded before causes existed); empty for any other reason. This is what the flow state and the kiosk
 * pass to the person's screen, which words it ("you turned to your right instead of your left").
 *
 * @example
 * ```ts
 * missedChallenges(reason('CHALLENGE_NOT_PERFORMED', '...', { challenges: ['turn_left'], causes: { turn_left: 'wrong_direction' } }));
 * // [{ type: 'turn_left', cause: 'wrong_direction' }]
 * ```
 */
export function missedChallenges(r: Pick<CheckReason, 'code' | 'details'>): MissedChallenge[] {
  if (r.code !== 'CHALLENGE_NOT_PERFORMED' || !r.details) return [];
  const list = Array.isArray(r.details.challenges) ? r.details.challenges : [];
  const causes = (r.details.causes && typeof r.details.causes === 'object' ? r.details.causes : {}) as Record<string, unknown>;
  return list
    .filter((t): t is LivenessChallengeType => LIVENESS_CHALLENGES.includes(t as LivenessChallengeType))
    .map((type) => {
      const c = causes[type];
      return { type, cause: CHALLENGE_FAILURE_CAUSES.includes(c as ChallengeFailureCause) ? (c as ChallengeFailureCause) : null };
    });
}
