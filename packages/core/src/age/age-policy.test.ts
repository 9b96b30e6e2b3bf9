import { describe, expect, it } from 'vitest';
import { decideAge } from './age-policy.js';
import { ageUncertainty, BASE_AGE_SIGMA } from './uncertainty.js';

describe('decideAge (contract rule on a conservative estimate)', () => {
  it('passes at minAge + 3 once the uncertainty is cleared', () => {
    expect(decideAge(23, 2, 18)).toBe('PASS');
    expect(decideAge(22.99, 2, 18)).toBe('REVIEW');
  });
  it('fails at minAge - 2 and below', () => {
    expect(decideAge(16, 1, 18)).toBe('FAIL');
    expect(decideAge(16.01, 1, 18)).toBe('REVIEW');
  });
  it('sends an uncertain high estimate to REVIEW, never PASS', () => {
    expect(decideAge(26, 6, 18)).toBe('REVIEW');
  });
  it('honours another minimum age and margins', () => {
    expect(decideAge(27, 2, 21, { passMargin: 3, failMargin: 2, z: 1 })).toBe('PASS');
    expect(decideAge(19, 0, 21, { passMargin: 3, failMargin: 2, z: 1 })).toBe('FAIL');
  });
});

describe('ageUncertainty', () => {
  it('is the baseline when views agree and grows with spread and weak evidence', () => {
    expect(ageUncertainty(0, [])).toBe(BASE_AGE_SIGMA);
    expect(ageUncertainty(3, [])).toBeCloseTo(Math.sqrt(13));
    expect(ageUncertainty(0, ['greyscale'])).toBeGreaterThan(BASE_AGE_SIGMA);
  });
});

describe('the age head gate (calibrated, age-head.json)', () => {
  it('uses its own base sigma and weak-evidence factor, and widens the spread when head and face-api disagree', async () => {
    const { AGE_HEAD_GATE, ageHeadSpread } = await import('./estimators/age-head.js');
    expect(ageUncertainty(3, ['greyscale'], { baseSigma: 1, weakFactor: 1.25 })).toBeCloseTo(1.25 * Math.sqrt(10));
    expect(ageHeadSpread(30, 30 - 1.6449 * 2, 30, 0.25)).toBeCloseTo(2);
    expect(ageHeadSpread(30, 30 - 1.6449 * 2, 26, 0.25)).toBeCloseTo(Math.sqrt(4 + 0.25 * 16));
    expect(ageHeadSpread(30, 31, 30, 0)).toBe(0); // a quantile above the median counts as no spread
    // The committed gate: a blend of the two estimates and a z that keeps the hold-out's minors out.
    expect(AGE_HEAD_GATE.headWeight).toBeGreaterThan(0);
    expect(AGE_HEAD_GATE.headWeight).toBeLessThanOrEqual(1);
    expect(AGE_HEAD_GATE.z).toBeGreaterThan(1);
  });
});
