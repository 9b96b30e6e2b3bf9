import { createSession, recordCheckResult } from '@provefy/core';
import { describe, expect, it } from 'vitest';
import { nextCaptureSteps } from './capture-steps.js';
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

describe('capture steps', () => {
  const now = new Date('2025-03-07T12:00:00Z');
  it('orders liveness, selfie, document and follows results', () => {
    let s = createSession({ checks: ['liveness', 'age_estimation', 'doc_verify', 'face_match'], config: { maxAttempts: 2 } }, { now });
    const c = { selfie: null as Uint8Array | null, documentFront: null as Uint8Array | null };
    expect(nextCaptureSteps(s, c, false)).toEqual(['liveness', 'selfie', 'document_front']);
    s = recordCheckResult(s, { check: 'liveness', result: 'FAIL', livenessScore: 0.2 }, { now });
    expect(nextCaptureSteps(s, c, false)[0]).toBe('liveness'); // retry
    s = recordCheckResult(s, { check: 'liveness', result: 'PASS', livenessScore: 0.95 }, { now });
    s = recordCheckResult(s, { check: 'age_estimation', result: 'PASS', estimatedAge: 30, meetsMinAge: true }, { now });
    c.selfie = new Uint8Array([1]);
    expect(nextCaptureSteps(s, c, false)).toEqual(['document_front']);
    expect(nextCaptureSteps(s, c, true)).toEqual(['document_back']);
    s = recordCheckResult(s, { check: 'doc_verify', result: 'PASS', documentType: 'PASSPORT', ocrConfidence: 0.9, portrait: true }, { now });
    c.documentFront = new Uint8Array([1]);
    expect(nextCaptureSteps(s, c, false)).toEqual([]);
    s = recordCheckResult(s, { check: 'face_match', result: 'FAIL', similarityScore: 0.1, isMatch: false }, { now });
    expect(nextCaptureSteps(s, c, false)).toEqual(['selfie']); // a new selfie for the retry
    s = recordCheckResult(s, { check: 'face_match', result: 'PASS', similarityScore: 0.7, isMatch: true }, { now });
    expect(s.status).toBe('COMPLETED');
    expect(nextCaptureSteps(s, c, false)).toEqual([]);
  });
});
