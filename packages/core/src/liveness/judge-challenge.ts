import type { LivenessSequence } from './analyse-sequence.js';
import type { LivenessChallengeResult, LivenessChallengeType } from './types.js';

/** A time window in seconds (frame times) in which a challenge must be performed. */
export interface ChallengeWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * Whether one requested challenge was performed in an analysed sequence, and where.
 *
 * - `look_straight`: a stretch facing the camera.
 * - `blink`: a blink (both eyes close and reopen with human timing, see `detectBlinks`).
 * - `turn_left` / `turn_right`: a head turn in the user's direction past the turn level, held, and back
 *   toward the camera before the sequence ends (`returned`); a turn that never comes back (drifting away
 *   and staying) does not count.
 *
 * With `window`, only events inside it count (a blink's closed frame, a turn's start and its return): the
 * time after the prompt the user was given.
 *
 * @example
 * ```ts
 * judgeChallenge('turn_left', seq);                            // { type: 'turn_left', passed: true, atFrame: 41, at: 2.73 }
 * judgeChallenge('blink', seq, { start: 3, end: 6 }).passed;   // false when the only blink was at 1.5 s
 * ```
 */
export function judgeChallenge(type: LivenessChallengeType, seq: Pick<LivenessSequence, 'lookStraight' | 'blinks' | 'turns' | 'blinkCoverage'>, window?: ChallengeWindow): LivenessChallengeResult {
  const inWindow = (a: number, b = a) => !window || (a >= window.start && b <= window.end);
  switch (type) {
    case 'look_straight': {
      const s = seq.lookStraight.find((x) => inWindow(x.start));
      return s ? { type, passed: true, atFrame: s.startFrame, at: s.start } : { type, passed: false, cause: 'not_facing', detail: 'the face never faced the camera (|yaw| <= 15, |pitch| <= 20) long enough' };
    }
    case 'blink': {
      const b = seq.blinks.find((x) => inWindow(x.t));
      if (b) return { type, passed: true, atFrame: b.frame, at: b.t };
      const hidden = seq.blinkCoverage < 0.5;
      return {
        type,
        passed: false,
        cause: hidden ? 'eyes_not_seen' : 'no_blink',
        detail: hidden ? 'no blink found; the eyes were measurable in too few frames (face turned or too small)' : 'no blink found',
      };
    }
    case 'turn_left':
    case 'turn_right': {
      const want = type === 'turn_left' ? 'left' : 'right';
      const candidates = seq.turns.filter((x) => x.direction === want && inWindow(x.start, x.end));
      const turn = candidates.find((x) => x.returned);
      if (turn) return { type, passed: true, atFrame: turn.peakFrame, at: turn.peakT };
      if (candidates.length) return { type, passed: false, cause: 'no_return', detail: `the head turned ${want} but did not come back toward the camera` };
      const other = seq.turns.find((x) => x.direction !== want);
      return other
        ? { type, passed: false, cause: 'wrong_direction', detail: `the head turned ${other.direction}, not ${want}` }
        : { type, passed: false, cause: 'no_turn', detail: `no head turn to the ${want} found` };
    }
  }
}
