import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session.js';
import { recordCheckResult } from '../record-check-result.js';
import { nextCaptures } from './next-captures.js';

describe('nextCaptures', () => {
  const now = new Date('2025-03-07T12:00:00Z');
  it('orders liveness, selfie, document and follows results (moved from the kiosk: one set of rules)', () => {
    let s = createSession({ checks: ['liveness', 'age_estimation', 'doc_verify', 'face_match'], config: { maxAttempts: 2 } }, { now });
    const held = { selfie: false, documentFront: false, awaitingBack: false };
    expect(nextCaptures(s, held)).toEqual(['liveness', 'selfie', 'document_front']);
    s = recordCheckResult(s, { check: 'liveness', result: 'FAIL', livenessScore: 0.2 }, { now });
    expect(nextCaptures(s, held)[0]).toBe('liveness'); // retry
    s = recordCheckResult(s, { check: 'liveness', result: 'PASS', livenessScore: 0.95 }, { now });
    s = recordCheckResult(s, { check: 'age_estimation', result: 'PASS', estimatedAge: 30, meetsMinAge: true }, { now });
    expect(nextCaptures(s, { ...held, selfie: true })).toEqual(['document_front']);
    expect(nextCaptures(s, { ...held, selfie: true, documentFront: true, awaitingBack: true })).toEqual(['document_back']);
    s = recordCheckResult(s, { check: 'doc_verify', result: 'PASS', documentType: 'PASSPORT', ocrConfidence: 0.9, portrait: true }, { now });
    // Both images held and the face match not run (the plan runs it as soon as both are in; a race can leave it
    // undone): a new selfie runs it. The kiosk's old rule answered [] here, a dead end (#17).
    expect(nextCaptures(s, { ...held, selfie: true, documentFront: true })).toEqual(['selfie']);
    s = recordCheckResult(s, { check: 'face_match', result: 'FAIL', similarityScore: 0.1, isMatch: false }, { now });
    expect(nextCaptures(s, { ...held, selfie: true, documentFront: true })).toEqual(['selfie']); // a new selfie for the retry
    s = recordCheckResult(s, { check: 'face_match', result: 'PASS', similarityScore: 0.7, isMatch: true }, { now });
    expect(s.status).toBe('COMPLETED');
    expect(nextCaptures(s, { ...held, selfie: true, documentFront: true })).toEqual([]);
  });

  it('a session that is not finished always has a next step', () => {
    let s = createSession({ checks: ['face_match'] }, { now });
    expect(nextCaptures(s, { selfie: false, documentFront: false, awaitingBack: false })).toEqual(['selfie', 'document_front']);
    s = recordCheckResult(s, { check: 'face_match', result: 'FAIL', similarityScore: 0.1, isMatch: false, portraitSource: 'document_photo' }, { now });
    expect(nextCaptures(s, { selfie: true, documentFront: true, awaitingBack: false })).toEqual(['selfie']);
  });
});
