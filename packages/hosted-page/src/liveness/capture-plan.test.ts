import { describe, expect, it } from 'vitest';
import { planCapture } from './capture-plan.js';

describe('planCapture', () => {
  it('fits the frame budget with the densest capture on the blink', () => {
    const plan = planCapture(['look_straight', 'blink', 'turn_left'], 30);
    expect(plan.map((p) => p.challenge)).toEqual(['look_straight', 'blink', 'turn_left']);
    expect(plan.reduce((s, p) => s + p.frames, 0)).toBeLessThanOrEqual(30);
    expect(planCapture(['look_straight', 'blink', 'turn_right'], 40).reduce((s, p) => s + p.frames, 0)).toBe(34);
    const fps = (p: (typeof plan)[number]) => p.frames / (p.durationMs / 1000);
    expect(fps(plan[1]!)).toBeGreaterThan(fps(plan[0]!));
    expect(fps(plan[1]!)).toBeGreaterThan(fps(plan[2]!));
  });

  it('scales down to small budgets and keeps at least two frames per challenge', () => {
    const plan = planCapture(['look_straight', 'turn_right', 'blink'], 8);
    expect(plan.reduce((s, p) => s + p.frames, 0)).toBeLessThanOrEqual(8);
    expect(plan.every((p) => p.frames >= 2)).toBe(true);
    expect(planCapture([], 40)).toEqual([{ challenge: 'look_straight', durationMs: 1200, frames: 4 }]);
  });
});
