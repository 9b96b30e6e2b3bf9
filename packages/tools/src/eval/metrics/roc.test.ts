import { describe, expect, it } from 'vitest';
import { aucRank, equalErrorRate, padRates, ratesAtThreshold, rocCurve, tarAtFar } from './roc.js';

// A hand-computed case with ties across classes:
//   genuine  0.9  0.8  0.8  0.5
//   impostor      0.8       0.6  0.3
// ROC (threshold: far, tar): inf 0,0 | 0.9 0,1/4 | 0.8 1/3,3/4 | 0.6 2/3,3/4 | 0.5 2/3,1 | 0.3 1,1
// AUC by pairs: 0.9 beats 3; each 0.8 ties one (1/2) and beats two; 0.5 beats one -> (3 + 2.5 + 2.5 + 1) / 12 = 0.75
const G = [0.9, 0.8, 0.8, 0.5];
const I = [0.8, 0.6, 0.3];

describe('rocCurve', () => {
  it('has one point per distinct score, ties in one step', () => {
    const roc = rocCurve(G, I);
    expect(roc.map((p) => p.threshold)).toEqual([Number.POSITIVE_INFINITY, 0.9, 0.8, 0.6, 0.5, 0.3]);
    expect(roc.map((p) => p.far)).toEqual([0, 0, 1 / 3, 2 / 3, 2 / 3, 1]);
    expect(roc.map((p) => p.tar)).toEqual([0, 0.25, 0.75, 0.75, 1, 1]);
    expect(roc.map((p) => p.frr)).toEqual([1, 0.75, 0.25, 0.25, 0, 0]);
  });

  it('rejects an empty class and NaN scores', () => {
    expect(() => rocCurve([], [1])).toThrow(RangeError);
    expect(() => rocCurve([Number.NaN], [1])).toThrow(RangeError);
  });
});

describe('aucRank', () => {
  it('counts ties as one half (hand-computed 0.75)', () => {
    expect(aucRank(G, I)).toBeCloseTo(0.75, 12);
  });

  it('equals the trapezoidal area under the ROC', () => {
    const roc = rocCurve(G, I);
    let area = 0;
    for (let k = 1; k < roc.length; k++) area += ((roc[k]!.far - roc[k - 1]!.far) * (roc[k]!.tar + roc[k - 1]!.tar)) / 2;
    expect(aucRank(G, I)).toBeCloseTo(area, 12);
  });

  it('is 1 for perfect separation, 0 when reversed, 0.5 when all tie', () => {
    expect(aucRank([3, 4], [1, 2])).toBe(1);
    expect(aucRank([1, 2], [3, 4])).toBe(0);
    expect(aucRank([0.5, 0.5], [0.5])).toBe(0.5);
  });

  it('handles -Infinity (no face) as the lowest score', () => {
    expect(aucRank([Number.NEGATIVE_INFINITY, 0.9], [0.1])).toBe(0.5);
    expect(aucRank([0.2], [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(1);
  });
});

describe('equalErrorRate', () => {
  it('interpolates the FAR = FRR crossing (hand-computed 0.3 at 0.81)', () => {
    // between threshold 0.9 (far 0, frr 3/4) and 0.8 (far 1/3, frr 1/4): t = 0.75 / (0.75 + 1/12) = 0.9
    const r = equalErrorRate(G, I);
    expect(r.eer).toBeCloseTo(0.3, 12);
    expect(r.threshold).toBeCloseTo(0.81, 12);
  });

  it('is 0 for perfect separation and 0.5 on an exact tie of rates', () => {
    expect(equalErrorRate([0.9, 0.8], [0.1, 0.2]).eer).toBe(0);
    expect(equalErrorRate([0.9, 0.6], [0.7, 0.1]).eer).toBeCloseTo(0.5, 12);
  });
});

describe('tarAtFar', () => {
  it('takes the best TAR with FAR at or under the target', () => {
    expect(tarAtFar(G, I, 0.34)).toMatchObject({ tar: 0.75, far: 1 / 3, threshold: 0.8, impostors: 3, belowResolution: false });
    expect(tarAtFar(G, I, 0.1)).toMatchObject({ tar: 0.25, far: 0, threshold: 0.9 });
  });

  it('says when the target FAR is finer than 1 / impostors', () => {
    const r = tarAtFar(G, I, 1e-3);
    expect(r.belowResolution).toBe(true);
    expect(r.far).toBe(0);
    expect(r.tar).toBe(0.25);
    expect(tarAtFar([1], new Array(1000).fill(0), 1e-3).belowResolution).toBe(false);
  });

  it('gives TAR 0 at threshold Infinity when even the top score is an impostor', () => {
    expect(tarAtFar([0.5], [0.9, 0.1], 0.1)).toMatchObject({ tar: 0, far: 0, threshold: Number.POSITIVE_INFINITY });
  });
});

describe('ratesAtThreshold and padRates', () => {
  it('counts score >= threshold as accepted', () => {
    expect(ratesAtThreshold(G, I, 0.8)).toEqual({
      threshold: 0.8,
      truePositives: 3,
      falseNegatives: 1,
      falsePositives: 1,
      trueNegatives: 2,
      far: 1 / 3,
      frr: 0.25,
      accuracy: 5 / 7,
    });
  });

  it('gives APCER, BPCER and ACER', () => {
    expect(padRates([0.95, 0.5], [0.9, 0.1, 0.2, 0.3], 0.85)).toEqual({ threshold: 0.85, apcer: 0.25, bpcer: 0.5, acer: 0.375, attacks: 4, bonaFide: 2 });
  });
});
