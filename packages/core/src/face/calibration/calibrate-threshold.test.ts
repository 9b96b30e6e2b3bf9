import { describe, expect, it } from 'vitest';
import { calibrateThreshold, normalQuantile } from './calibrate-threshold.js';

describe('normalQuantile', () => {
  it('matches standard normal tail quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6);
    expect(normalQuantile(0.025)).toBeCloseTo(1.96, 2);
    expect(normalQuantile(1e-4)).toBeCloseTo(3.719, 3);
    expect(normalQuantile(1e-5)).toBeCloseTo(4.265, 3);
    expect(normalQuantile(0.975)).toBeCloseTo(-1.96, 2);
  });
});

describe('calibrateThreshold', () => {
  it('puts the threshold at the impostor fit\'s target FAR and measures TAR and FAR there', () => {
    // Impostors: symmetric around 0.05 with sd 0.05; genuine around 0.7.
    const impostor = Array.from({ length: 1000 }, (_, i) => 0.05 + 0.05 * normalQuantile((i + 0.5) / 1000));
    const genuine = [0.45, 0.6, 0.7, 0.8, 0.2];
    const c = calibrateThreshold(genuine, impostor, 1e-5);
    expect(c.threshold).toBeGreaterThanOrEqual(0.05 + 0.05 * 4.26);
    expect(c.threshold).toBeLessThan(0.05 + 0.05 * 4.26 + 0.02);
    expect(c.tar).toBeCloseTo(0.8, 6);
    expect(c.far).toBe(0);
    expect(() => calibrateThreshold([], impostor)).toThrow(RangeError);
  });
});
