import { describe, expect, it } from 'vitest';
import { reason } from '../check-result.js';
import { CHALLENGE_FAILURE_CAUSES, missedChallenges } from './challenge-causes.js';
import { type PoseFrame, detectTurns } from './head-turn-detector.js';
import { judgeChallenge } from './judge-challenge.js';

const at25fps = (yaws: number[]): PoseFrame[] => yaws.map((yaw, i) => ({ t: i / 25, yaw, pitch: 0 }));
const seqOf = (yaws: number[], blinkCoverage = 1) => ({ lookStraight: [], blinks: [], blinkCoverage, turns: detectTurns(at25fps(yaws)) });

describe('why a challenge was not found (for the retry message)', () => {
  it('tells a wrong-way turn, a turn without the return, no turn, no blink and hidden eyes apart', () => {
    // nose toward image right on an unmirrored camera: the person's own left, and back
    const left = seqOf([...Array(10).fill(2), 10, 20, 30, 38, 40, 40, 38, 30, 20, 8, ...Array(10).fill(1)]);
    expect(judgeChallenge('turn_left', left)).toMatchObject({ passed: true });
    expect(judgeChallenge('turn_right', left)).toMatchObject({ passed: false, cause: 'wrong_direction' });
    const drift = seqOf(Array.from({ length: 100 }, (_, i) => Math.min(40, i * 0.5)));
    expect(judgeChallenge('turn_left', drift)).toMatchObject({ passed: false, cause: 'no_return' });
    const still = seqOf(Array(50).fill(2));
    expect(judgeChallenge('turn_right', still)).toMatchObject({ passed: false, cause: 'no_turn' });
    expect(judgeChallenge('blink', still)).toMatchObject({ passed: false, cause: 'no_blink' });
    expect(judgeChallenge('blink', seqOf(Array(50).fill(2), 0.2))).toMatchObject({ passed: false, cause: 'eyes_not_seen' });
    expect(judgeChallenge('look_straight', still)).toMatchObject({ passed: false, cause: 'not_facing' });
  });

  it('reads the causes back from a CHALLENGE_NOT_PERFORMED reason, and nothing from other reasons', () => {
    const r = reason('CHALLENGE_NOT_PERFORMED', 'Not performed: turn_left, blink', { challenges: ['turn_left', 'blink', 'wave'], causes: { turn_left: 'wrong_direction', blink: 'bogus' } });
    expect(missedChallenges(r)).toEqual([
      { type: 'turn_left', cause: 'wrong_direction' },
      { type: 'blink', cause: null },
    ]);
    expect(missedChallenges(reason('CHALLENGE_NOT_PERFORMED', 'old record', { challenges: ['blink'] }))).toEqual([{ type: 'blink', cause: null }]);
    expect(missedChallenges(reason('NO_FACE', 'No face'))).toEqual([]);
    expect(CHALLENGE_FAILURE_CAUSES).toContain('too_few_frames');
  });
});
