import type { CheckResult } from '@provefy/core';

/** One age-estimation outcome against its label. */
export interface AgeOutcome {
  /** Labelled age in years. */
  readonly truth: number;
  /** Estimated age, or null when no estimate was made (no face, error). */
  readonly predicted: number | null;
  /** The check's decision for the minimum age. */
  readonly result: CheckResult;
}

/** The age bands of the report: [low, high] inclusive, `high` Infinity for the last. */
export const AGE_BANDS: readonly { readonly name: string; readonly low: number; readonly high: number }[] = [
  { name: '0-12', low: 0, high: 12 },
  { name: '13-17', low: 13, high: 17 },
  { name: '18-24', low: 18, high: 24 },
  { name: '25-39', low: 25, high: 39 },
  { name: '40-59', low: 40, high: 59 },
  { name: '60+', low: 60, high: Number.POSITIVE_INFINITY },
];

/** The band name of an age, e.g. `ageBand(17) === '13-17'`. */
export function ageBand(age: number): string {
  return AGE_BANDS.find((b) => age >= b.low && age <= b.high + 0.999_999)?.name ?? AGE_BANDS[0]!.name;
}

/** Counts of a subset that meet a condition. */
export interface CountOf {
  readonly count: number;
  readonly of: number;
  readonly rate: number;
}

function countOf(count: number, of: number): CountOf {
  return { count, of, rate: of ? count / of : Number.NaN };
}

/** Age-estimation metrics. */
export interface AgeMetrics {
  readonly items: number;
  /** Items with an estimate (MAE and within-5 are over these). */
  readonly estimated: number;
  /** Items without an estimate (no face or error). */
  readonly noEstimate: number;
  /** Mean absolute error in years. */
  readonly mae: number;
  /** Share of estimates within ±5 years of the label. */
  readonly within5: number;
  readonly minAge: number;
  /** Labelled under minAge whose result is PASS (the dangerous error). */
  readonly minorsPass: CountOf;
  /** Labelled 25 or older whose result is FAIL or REVIEW (friction for adults). */
  readonly adults25FailOrReview: CountOf;
  /** Count per age band and result (plus `noEstimate` per band). */
  readonly bands: Record<string, { PASS: number; REVIEW: number; FAIL: number; noEstimate: number; n: number }>;
}

/**
 * MAE, share within ±5 years, minors that PASS, adults 25+ that FAIL or REVIEW, and counts per age band
 * x result, for a minimum age.
 *
 * @example
 * ```ts
 * ageMetrics([{ truth: 16, predicted: 20, result: 'PASS' }, { truth: 30, predicted: 28, result: 'PASS' }], 18);
 * // { mae: 3, within5: 1, minorsPass: { count: 1, of: 1, rate: 1 }, ... }
 * ```
 */
export function ageMetrics(outcomes: readonly AgeOutcome[], minAge = 18): AgeMetrics {
  const est = outcomes.filter((o) => o.predicted !== null && Number.isFinite(o.predicted));
  const errors = est.map((o) => Math.abs((o.predicted as number) - o.truth));
  const minors = outcomes.filter((o) => o.truth < minAge);
  const adults = outcomes.filter((o) => o.truth >= 25);
  const bands: AgeMetrics['bands'] = {};
  for (const b of AGE_BANDS) bands[b.name] = { PASS: 0, REVIEW: 0, FAIL: 0, noEstimate: 0, n: 0 };
  for (const o of outcomes) {
    const b = bands[ageBand(o.truth)]!;
    b.n++;
    b[o.result]++;
    if (o.predicted === null) b.noEstimate++;
  }
  return {
    items: outcomes.length,
    estimated: est.length,
    noEstimate: outcomes.length - est.length,
    mae: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : Number.NaN,
    within5: errors.length ? errors.filter((e) => e <= 5).length / errors.length : Number.NaN,
    minAge,
    minorsPass: countOf(minors.filter((o) => o.result === 'PASS').length, minors.length),
    adults25FailOrReview: countOf(adults.filter((o) => o.result !== 'PASS').length, adults.length),
    bands,
  };
}
