import { describe, expect, it } from 'vitest';
import { applyFusion, calibrateDecisionThresholds, fitFusion, linearFusion, tarAtMeasuredFar, thresholdAtFar } from './calibrate-face-set.js';

describe('thresholdAtFar', () => {
  it('sits just above the impostor scores the FAR does not allow', () => {
    const imp = [0.1, 0.2, 0.31, 0.405];
    expect(thresholdAtFar(imp, 0.25)).toBe(0.32); // one of four (0.405) may be accepted
    expect(thresholdAtFar(imp, 0)).toBe(0.41);
    expect(thresholdAtFar([0.1, 0.4], 0)).toBe(0.41); // a score on the grid is not accepted
    expect(thresholdAtFar(imp, 1)).toBe(0);
  });
});

describe('calibrateDecisionThresholds', () => {
  it('puts PASS above every impostor with a margin and REVIEW at FAR 1e-2', () => {
    const impostor = Array.from({ length: 1000 }, (_, i) => i / 2000); // 0 .. 0.4995
    const genuine = [0.3, 0.45, 0.52, 0.6, 0.8];
    const c = calibrateDecisionThresholds(genuine, impostor);
    expect(c.matchThreshold).toBe(0.51);
    expect(c.reviewThreshold).toBe(0.5); // 10 impostors (>= 0.495) are allowed at FAR 1e-2
    expect(c.impostorDecisions.PASS).toBe(0);
    expect(c.genuineDecisions).toEqual({ PASS: 3, REVIEW: 0, FAIL: 2 });
  });
});

describe('score fusion', () => {
  it('maps the impostor-normalised mix onto the first recognizer\'s scale', () => {
    const f = linearFusion({ mean: 0.05, sd: 0.07 }, { mean: 0.35, sd: 0.14 }, 0.5);
    // An impostor-typical pair stays at the first recognizer's impostor mean; one sd up on both is one sd up.
    expect(applyFusion(f, 0.05, 0.35)).toBeCloseTo(0.05, 10);
    expect(applyFusion(f, 0.12, 0.49)).toBeCloseTo(0.12, 10);
  });

  it('prefers the recognizer that separates the classes', () => {
    // a separates perfectly, b is noise: the fitted mix weights a.
    const n = 400;
    const noise = (i: number) => ((i * 7919) % 101) / 101;
    const a = { genuine: Array.from({ length: n }, (_, i) => 0.6 + 0.3 * noise(i)), impostor: Array.from({ length: 4 * n }, (_, i) => 0.4 * noise(i + 3)) };
    const b = { genuine: Array.from({ length: n }, (_, i) => noise(i + 11)), impostor: Array.from({ length: 4 * n }, (_, i) => noise(i + 17)) };
    const f = fitFusion(a, b);
    expect(f.mix).toBeGreaterThan(0.3); // b alone (mix 0) cannot separate
    expect(f.objective).toBe(1);
    expect(tarAtMeasuredFar(b.genuine, b.impostor, 1e-3)).toBeLessThan(0.1);
  });
});
