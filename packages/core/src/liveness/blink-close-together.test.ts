import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../models/index.js';
import { readVideoFrames, type VideoFrames } from '../video/read-video-frames.js';
import { analyseLivenessSequence } from './analyse-sequence.js';
import { type BlinkFrame, detectBlinks } from './blink-detector.js';
import type { EyeSignals } from './eye-openness.js';
import { verifyLiveness } from './verify-liveness.js';

const CLIPS = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures/videos/clips');

// blink_lp-d9 (30 fps webcam, glasses) from 15.5 s to its end (19.6 s), every frame: labelled blinks at
// 16.23, 16.63, 17.4 (17.37-17.6), 17.7 (17.67-17.8) and 18.7 (18.47-18.87). Between 17.4 and 17.7 the
// lids open to a slit for about two frames only.
let clip: VideoFrames;

beforeAll(async () => {
  clip = await readVideoFrames(join(CLIPS, 'blink_lp-d9_webcam-glasses.mp4'), { maxWidth: 640, start: 15.5 });
});

describe('blinks close together, at the camera rate', () => {
  it('reports the two blinks a slit apart separately, each inside its label, and the others once', async () => {
    expect(clip.timestamps[0]!).toBeGreaterThanOrEqual(15.49);
    const seq = await analyseLivenessSequence(clip.frames, clip.timestamps);
    const near = (lo: number, hi: number) => seq.blinks.filter((b) => b.t >= lo - 0.1 && b.t <= hi + 0.1);
    const squeeze = seq.blinks.filter((b) => b.t >= 17.3 && b.t <= 17.9);
    expect(squeeze.length).toBe(2);
    expect(squeeze[0]!.t).toBeGreaterThanOrEqual(17.37);
    expect(squeeze[0]!.t).toBeLessThanOrEqual(17.6);
    expect(squeeze[1]!.t).toBeGreaterThanOrEqual(17.67);
    expect(squeeze[1]!.t).toBeLessThanOrEqual(17.8);
    expect(squeeze[0]!.end).toBeLessThan(squeeze[1]!.start);
    expect(near(16.17, 16.37).length).toBe(1);
    expect(near(16.6, 16.73).length).toBe(1);
    expect(near(18.47, 18.87).length).toBeGreaterThanOrEqual(1);
    // nothing outside the labelled closures
    expect(seq.blinks.filter((b) => b.t < 16.0 || (b.t > 16.45 && b.t < 16.55) || (b.t > 16.85 && b.t < 17.3)).length).toBe(0);
  });

  it('passes the blink challenge on the same frames', async () => {
    const r = await verifyLiveness(clip.frames, { timestamps: clip.timestamps, challenges: ['look_straight', 'blink'] });
    expect(r.result).toBe('PASS');
    expect(r.livenessScore).toBeGreaterThanOrEqual(0.85);
    const b = r.challenges.find((c) => c.type === 'blink')!;
    expect(b.passed).toBe(true);
    expect(b.at!).toBeGreaterThan(16.1);
    expect(b.at!).toBeLessThan(16.4);
  });
});

describe('the rates the hosted page (10 fps) and the kiosk (about 6 fps) send', () => {
  it('still finds the blinks and passes the blink challenge, with timestamps in milliseconds', async () => {
    for (const fps of [10, 6]) {
      const v = await readVideoFrames(join(CLIPS, 'blink_lp-d9_webcam-glasses.mp4'), { fps, maxWidth: 640, start: 15.5 });
      const ms = v.timestamps.map((t) => t * 1000 + 123_456);
      const r = await verifyLiveness(v.frames, { timestamps: ms, timestampUnit: 'ms', challenges: ['look_straight', 'blink'] });
      expect(r.result, `${fps} fps`).toBe('PASS');
      expect(r.challenges.find((c) => c.type === 'blink')!.passed, `${fps} fps`).toBe(true);
      const seq = await analyseLivenessSequence(v.frames, v.timestamps);
      expect(seq.blinks.length, `${fps} fps`).toBeGreaterThanOrEqual(2);
      for (const b of seq.blinks) expect([16.23, 16.63, 17.4, 17.7, 18.7].some((x) => Math.abs(b.t - x) <= 0.3), `${fps} fps: ${b.t}`).toBe(true);
    }
  });
});

describe('splitting a closure at a reopening', () => {
  // Closure plateaus that rise toward the reopening and fall after it: the highest frame on each side sits
  // right beside the dip, yet the two closures' centres are well apart.
  const open: EyeSignals = { edges: 0.05, rowPeak: 2 };
  const eye = (closure: number): EyeSignals => ({ edges: open.edges * (1 - closure), rowPeak: open.rowPeak * (1 + closure) });
  const profile = [0.55, 0.6, 0.62, 0.64, 0.66, 0.7, 0.35, 0.7, 0.66, 0.62, 0.6];
  const frames: BlinkFrame[] = Array.from({ length: 90 }, (_, i) => {
    const k = i - 40;
    const c = k >= 0 && k < profile.length ? profile[k]! : 0.02 * Math.sin(i * 1.7);
    return { t: i / 30, eyes: [eye(c), eye(c)], gated: false };
  });

  it('splits at a clear reopening even when the peaks on either side touch it', () => {
    const b = detectBlinks(frames);
    expect(b.length).toBe(2);
    expect(b[0]!.end).toBeLessThan(46 / 30);
    expect(b[1]!.start).toBeGreaterThan(46 / 30);
  });

  it('keeps one blink when the dip is shallow (a flutter)', () => {
    const shallow = frames.map((f, i) => (i === 46 ? { ...f, eyes: [eye(0.65), eye(0.65)] as [EyeSignals, EyeSignals] } : f));
    expect(detectBlinks(shallow).length).toBe(1);
  });
});
