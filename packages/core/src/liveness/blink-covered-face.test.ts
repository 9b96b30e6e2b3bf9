import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DetectedFace } from '../face/types.js';
import { findRepoRoot } from '../models/index.js';
import { readVideoFrames } from '../video/read-video-frames.js';
import { analyseLivenessSequence, findSequenceEvents, type MeasuredFrame } from './analyse-sequence.js';

const CLIPS = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures/videos/clips');

/** Five frontal landmarks with the eyes `eyes` px apart, centred at (130, 130). */
const landmarksOf = (eyes: number): DetectedFace['landmarks'] => [
  { x: 130 - eyes / 2, y: 100 },
  { x: 130 + eyes / 2, y: 100 },
  { x: 130, y: 130 },
  { x: 130 - eyes / 3, y: 160 },
  { x: 130 + eyes / 3, y: 160 },
];

/**
 * 3 s at 30 fps of a frontal face with the eyes 60 px apart, open eyes with one closure of three frames at
 * 1.5 s, during which the landmarks put the eyes `closedEyes` px apart.
 */
function frames(closedEyes: number): MeasuredFrame[] {
  return Array.from({ length: 90 }, (_, i) => {
    const closed = i >= 45 && i <= 47;
    const eye = closed ? { edges: 0.3, rowPeak: 3 } : { edges: 1 + 0.01 * Math.sin(i), rowPeak: 2 };
    const face = { box: { x: 80, y: 60, width: 100, height: 130 }, landmarks: landmarksOf(closed ? closedEyes : 60 + (i % 3)), score: 0.93 };
    return { index: i, t: i / 30, faceCount: 1, otherFaces: 0, fullFrame: true, face, eyes: [eye, eye] as const };
  });
}

describe('blinks are not judged where the face is partly covered', () => {
  it('takes a closure for a blink while the landmarks keep the size of the face, not when they jump off it', () => {
    const seen = findSequenceEvents(frames(64)); // a blink moves the landmarks a little (fixtures: 0.91-1.14 of the median)
    expect(seen.blinks).toHaveLength(1);
    expect(seen.blinks[0]!.t).toBeCloseTo(1.5, 1);
    // The same eye signals where the landmarks put the eyes 32 px apart: a hand over the face.
    const covered = findSequenceEvents(frames(32));
    expect(covered.blinks).toEqual([]);
    expect(covered.frames[46]!.blinkGated).toBe(true);
    expect(covered.frames[10]!.blinkGated).toBe(false);
    expect(findSequenceEvents(frames(80)).blinks).toEqual([]); // too large a jump the other way, too
    // The limit is a setting: a factor 1.9 is within a factor 2.
    expect(findSequenceEvents(frames(32), { blinkGate: { maxSizeJump: 2 } }).blinks).toHaveLength(1);
    // A setting left undefined keeps its default; NaN is refused (it switched the gate off: the covered face blinked).
    expect(findSequenceEvents(frames(32), { blinkGate: { maxSizeJump: undefined } }).blinks).toEqual([]);
    expect(() => findSequenceEvents(frames(32), { blinkGate: { maxSizeJump: Number.NaN } })).toThrow(/blinkGate\.maxSizeJump must be a finite number/);
  });

  it('gates the frame of the webcam clip where a hand passes in front of the face (3.8 s), and no other frontal frame', async () => {
    // headturn_zub-real: a V-sign partly in front of the face at 3.3-4.6 s. On the frame at 3.8 s the detector
    // fits a face half the size (eyes about 29 px apart instead of 55), whose eye patches look closed: its CRF 36
    // copy reported a blink there before this gate.
    const v = await readVideoFrames(join(CLIPS, 'headturn_zub-real_webcam-yaw.webm'), { start: 2.5, maxFrames: 40, maxWidth: 640 });
    const seq = await analyseLivenessSequence(v.frames, v.timestamps);
    const hand = seq.frames.find((f) => Math.abs(f.t - 3.8) < 0.04)!;
    const before = seq.frames.find((f) => Math.abs(f.t - 3.67) < 0.04)!;
    expect(hand.eyeDistance!).toBeLessThan(0.7 * before.eyeDistance!);
    expect(hand.blinkGated).toBe(true);
    const gated = seq.frames.filter((f) => f.blinkGated);
    expect(gated.every((f) => Math.abs(f.t - 3.8) <= 0.31)).toBe(true);
    expect(seq.blinks).toEqual([]);
  }, 120_000);
});
