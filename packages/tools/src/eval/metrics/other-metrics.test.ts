import { describe, expect, it } from 'vitest';
import { ageBand, ageMetrics } from './age.js';
import { probit } from './det-scale.js';
import { percentile, summariseLatency } from './latency.js';
import { canonicalMrzFields, compareMrzFields, mrzCharAccuracy, mrzDate, mrzLinesExact, mrzSex } from './mrz-compare.js';
import { eventSpan, isEyeClosureEvent, matchEventSpans, timeMatchesEvent, turnChallengeFor } from './video-events.js';

describe('percentile and summariseLatency', () => {
  it('interpolates between order statistics (type 7)', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30], 0.95)).toBeCloseTo(29, 12);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarises durations', () => {
    const s = summariseLatency([12, 15, 11, 40]);
    expect(s).toMatchObject({ n: 4, p50: 13.5, mean: 19.5, max: 40 });
    // sorted 11 12 15 40: p95 at position 2.85 -> 15 + 0.85 * 25 = 36.25
    expect(percentile([12, 15, 11, 40], 0.95)).toBeCloseTo(36.25, 9);
    expect(Math.abs(s.p95 - 36.25)).toBeLessThanOrEqual(0.05 + 1e-9); // rounded to 0.1 ms
  });
});

describe('ageMetrics', () => {
  it('computes MAE, within-5, minors that pass, adults that do not, and bands', () => {
    const m = ageMetrics(
      [
        { truth: 10, predicted: 16, result: 'FAIL' }, // error 6
        { truth: 16, predicted: 21, result: 'PASS' }, // error 5, minor passes
        { truth: 20, predicted: 19, result: 'REVIEW' }, // error 1
        { truth: 30, predicted: 22, result: 'REVIEW' }, // error 8, adult 25+ in review
        { truth: 45, predicted: null, result: 'FAIL' }, // no estimate, adult 25+ fails
        { truth: 70, predicted: 66, result: 'PASS' }, // error 4
      ],
      18,
    );
    expect(m.items).toBe(6);
    expect(m.estimated).toBe(5);
    expect(m.noEstimate).toBe(1);
    expect(m.mae).toBeCloseTo((6 + 5 + 1 + 8 + 4) / 5, 12);
    expect(m.within5).toBeCloseTo(3 / 5, 12);
    expect(m.minorsPass).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(m.adults25FailOrReview).toEqual({ count: 2, of: 3, rate: 2 / 3 });
    expect(m.bands['0-12']).toEqual({ PASS: 0, REVIEW: 0, FAIL: 1, noEstimate: 0, n: 1 });
    expect(m.bands['40-59']).toEqual({ PASS: 0, REVIEW: 0, FAIL: 1, noEstimate: 1, n: 1 });
    expect(m.bands['60+']!.PASS).toBe(1);
  });

  it('bands ages at their edges', () => {
    expect([0, 12, 13, 17, 18, 24, 25, 39, 40, 59, 60, 110].map(ageBand)).toEqual([
      '0-12', '0-12', '13-17', '13-17', '18-24', '18-24', '25-39', '25-39', '40-59', '40-59', '60+', '60+',
    ]);
  });
});

describe('video events', () => {
  it('maps image-terms turn directions to the challenge the user performs', () => {
    expect(turnChallengeFor('nose_to_image_right')).toBe('turn_left');
    expect(turnChallengeFor('nose_to_image_left')).toBe('turn_right');
    expect(turnChallengeFor('nose_to_image_right', true)).toBe('turn_right');
    expect(turnChallengeFor('up')).toBeNull();
  });

  it('matches a reported time to an event span with tolerance', () => {
    const events = [{ type: 'blink', t: 1.47, start: 1.43, end: 1.53 }];
    expect(timeMatchesEvent(1.6, events, 0.1)).toBe(true);
    expect(timeMatchesEvent(1.7, events, 0.1)).toBe(false);
    expect(eventSpan({ type: 'blink', t: 2 }, 0.5)).toEqual({ start: 1.5, end: 2.5 });
    expect(isEyeClosureEvent({ type: 'partial_blink' })).toBe(true);
    expect(isEyeClosureEvent({ type: 'smile' })).toBe(false);
  });

  it('matches detected to labelled events one to one, closest first', () => {
    // Two labelled blinks 0.3 s apart and two detections: the first detection is near both labels but
    // closest to the first; the second detection must then take the second label, not be left over.
    const labelled = [
      { start: 1.0, end: 1.1 },
      { start: 1.3, end: 1.4 },
      { start: 5.0, end: 5.2 },
    ];
    const detected = [
      { start: 1.05, end: 1.15 },
      { start: 1.25, end: 1.35 },
      { start: 8.0, end: 8.1 },
    ];
    expect(matchEventSpans(labelled, detected, 0.2)).toEqual({ matched: [[0, 0], [1, 1]], missedLabelled: [2], unmatchedDetected: [2] });
    expect(matchEventSpans(labelled, [], 0.2)).toEqual({ matched: [], missedLabelled: [0, 1, 2], unmatchedDetected: [] });
    // Tolerance widens the labelled span only.
    expect(matchEventSpans([{ start: 2, end: 2 }], [{ start: 2.3, end: 2.4 }], 0.25).matched).toEqual([]);
    expect(matchEventSpans([{ start: 2, end: 2 }], [{ start: 2.3, end: 2.4 }], 0.3).matched).toEqual([[0, 0]]);
  });
});

describe('MRZ comparison', () => {
  it('normalises dates, sex and names from any library', () => {
    expect(mrzDate('1974-08-12')).toBe('740812');
    expect(mrzDate('19400907')).toBe('400907');
    expect(mrzDate('740812')).toBe('740812');
    expect(mrzSex('.female')).toBe('F');
    expect(mrzSex('male')).toBe('M');
    expect(mrzSex('<')).toBe('X');
    expect(canonicalMrzFields({ documentType: '.passport', countryCode: 'UTO', surnames: 'ERIKSSON', givenNames: 'ANNA MARIA', birthdate: '19740812', sex: '.female' })).toEqual({
      issuingState: 'UTO',
      lastName: 'ERIKSSON',
      firstName: 'ANNA MARIA',
      birthDate: '740812',
      sex: 'F',
    });
    expect(canonicalMrzFields({ type: 'I<', number: 'D23145890', names: 'ANNA<MARIA', nationality: null })).toEqual({
      documentCode: 'I',
      documentNumber: 'D23145890',
      firstName: 'ANNA MARIA',
      nationality: null,
    });
  });

  it('compares only expected non-null fields and lists unreported ones', () => {
    const c = compareMrzFields({ sex: 'F', lastName: 'ERIKSSON', nationality: null, documentNumber: 'X1' }, { sex: 'F', lastName: 'ERIKSON' });
    expect(c).toEqual({ compared: 2, agreed: 1, mismatches: [{ field: 'lastName', expected: 'ERIKSSON', actual: 'ERIKSON' }], notReported: ['documentNumber'] });
  });

  it('checks MRZ lines exactly and per character', () => {
    expect(mrzLinesExact(['AB<', 'C D'], ['AB<', 'CD'])).toBe(true);
    expect(mrzLinesExact(['AB<'], ['AB<', 'CD'])).toBe(false);
    expect(mrzLinesExact(null, ['AB<'])).toBe(false);
    expect(mrzCharAccuracy(['AC<'], ['AB<'])).toBeCloseTo(2 / 3, 12);
    expect(mrzCharAccuracy(null, ['AB'])).toBe(0);
  });
});

describe('probit', () => {
  it('inverts the normal CDF', () => {
    expect(probit(0.5)).toBeCloseTo(0, 9);
    expect(probit(0.975)).toBeCloseTo(1.959964, 5);
    expect(probit(0.001)).toBeCloseTo(-3.090232, 5);
    expect(probit(0)).toBe(Number.NEGATIVE_INFINITY);
  });
});
