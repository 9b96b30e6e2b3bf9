import { describe, expect, it } from 'vitest';
import { checkFrameSequence } from '../../liveness/capture-integrity.js';
import { createSession } from '../create-session.js';
import type { CaptureContext } from './capture-types.js';
import { captureLiveness, recordInMemory } from './run-capture.js';

const now = new Date('2026-01-05T10:00:00Z');

function context(): CaptureContext {
  const never = async (): Promise<never> => {
    throw new Error('no model may run for a capture that failed its integrity checks');
  };
  return {
    session: createSession({ checks: ['liveness'] }, { now }),
    checks: { verifyLiveness: never, estimateAge: never, readDocument: never, matchFaces: never },
    images: { get: async () => null, put: async () => undefined, drop: async () => undefined, held: async () => ({ selfie: false, documentFront: false, awaitingBack: false }) },
    record: recordInMemory('test', () => now),
    challenges: ['look_straight', 'blink'],
  };
}

describe('captureLiveness with capture-integrity reasons', () => {
  it('a FAIL reason records a retryable FAIL at once, with livenessScore 0 and the reason, without running the models', async () => {
    const frames = [new Uint8Array([0xff, 0xd8, 1]), new Uint8Array([0xff, 0xd8, 1])];
    const { reasons } = checkFrameSequence({ frames, timestamps: [0, 100] });
    const out = await captureLiveness(context(), frames, { timestamps: [0, 100], captureReasons: reasons });
    expect(out.recorded).toEqual(['liveness']);
    const l = out.session.checks.liveness!;
    expect(l.result).toBe('FAIL');
    expect(l.final).toBe(false);
    expect(l.reasons.map((r) => r.code)).toEqual(['FRAMES_DUPLICATED']);
    expect((l.reported as { livenessScore: number }).livenessScore).toBe(0);
  });
});
