import { describe, expect, it } from 'vitest';
import { OFFLINE_CHALLENGES, challengeTypes, planCapture } from './challenge-plan.js';

const capture = { fps: 8, maxFrames: 30, lookStraightMs: 1200, blinkMs: 2000, turnMs: 2000 };

function isSubsequence(sub: readonly string[], seq: readonly string[]): boolean {
  let i = 0;
  for (const x of seq) if (x === sub[i]) i++;
  return i === sub.length;
}

describe('liveness capture plan', () => {
  it('keeps the capture within the server frame limit', () => {
    for (const max of [10, 20, 30, 60]) {
      const plan = planCapture(['look_straight', 'blink', 'turn_left'], capture, max);
      const frames = Math.floor((plan.steps.reduce((s, x) => s + x.durationMs, 0) / 1000) * plan.fps) + 1;
      expect(frames).toBeLessThanOrEqual(plan.maxFrames);
      expect(plan.maxFrames).toBeLessThanOrEqual(max);
      expect(plan.fps).toBeLessThanOrEqual(capture.fps);
    }
  });

  it('the offline challenges contain every order the server can draw', () => {
    for (const turn of ['turn_left', 'turn_right']) {
      expect(isSubsequence(['look_straight', 'blink', turn], OFFLINE_CHALLENGES)).toBe(true);
      expect(isSubsequence(['look_straight', turn, 'blink'], OFFLINE_CHALLENGES)).toBe(true);
    }
    expect(challengeTypes(planCapture(OFFLINE_CHALLENGES, capture).steps)).toEqual(['look_straight', 'blink', 'turn_left', 'turn_right']);
  });

  it('ignores unknown challenge names', () => {
    expect(planCapture(['look_straight', 'smile', 'blink'], capture).steps.map((s) => s.type)).toEqual(['look_straight', 'blink']);
  });
});
