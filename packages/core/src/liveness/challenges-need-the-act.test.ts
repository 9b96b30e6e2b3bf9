import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../models/index.js';
import { readVideoFrames } from '../video/read-video-frames.js';
import { analyseLivenessSequence } from './analyse-sequence.js';
import { type BlinkFrame, detectBlinks } from './blink-detector.js';
import { detectTurns, type PoseFrame, TURN_MIN_YAW } from './head-turn-detector.js';
import { judgeChallenge } from './judge-challenge.js';
import { verifyLiveness } from './verify-liveness.js';

const CLIPS = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures/videos/clips');

/** A sequence with only turns (what judgeChallenge reads of a sequence). */
const withTurns = (frames: PoseFrame[]) => ({ lookStraight: [], blinks: [], blinkCoverage: 1, turns: detectTurns(frames) });
const at25fps = (yaws: number[]): PoseFrame[] => yaws.map((yaw, i) => ({ t: i / 25, yaw, pitch: 0 }));

describe('turn challenges need the act', () => {
  it('does not take talking head motion for a turn: jitter, and a few frames just past 22 degrees', () => {
    // 4 s at 25 fps: +-6 degrees of motion with single-frame landmark spikes, and one 3-frame swing to 22-24
    // degrees (what YuNet measures on the fixtures' talking clips).
    const yaws = Array.from({ length: 100 }, (_, i) => 6 * Math.sin(i / 7) + (i % 9 === 0 ? 14 : 0));
    yaws.splice(40, 3, 22, 24, 23);
    expect(detectTurns(at25fps(yaws))).toEqual([]);
    expect(judgeChallenge('turn_left', withTurns(at25fps(yaws))).passed).toBe(false);
    // Options left undefined keep the calibrated values; NaN is refused (it made every frame count as turned).
    expect(detectTurns(at25fps(yaws), { minYaw: undefined, returnYaw: undefined })).toEqual([]);
    expect(() => detectTurns(at25fps(yaws), { minYaw: Number.NaN })).toThrow(/turn\.minYaw must be a finite number/);
    // Before: minYaw NaN with minHold 0 found a "turn" at each of 100 frontal frames.
    expect(() => detectTurns(at25fps(yaws.map(() => 2)), { minYaw: Number.NaN, minHold: 0 })).toThrow(/turn\.minYaw/);
  });

  it('passes a turn past the calibrated angle that is held and comes back, in the user direction', () => {
    const yaws = [...Array(10).fill(2), 10, 20, 30, 38, 40, 40, 38, 30, 20, 8, ...Array(10).fill(1)];
    const seq = withTurns(at25fps(yaws));
    expect(seq.turns).toHaveLength(1);
    expect(seq.turns[0]!.returned).toBe(true);
    expect(seq.turns[0]!.peakYaw).toBeGreaterThan(TURN_MIN_YAW);
    const left = judgeChallenge('turn_left', seq); // nose toward image right on an unmirrored camera
    expect(left.passed).toBe(true);
    expect(left.at).toBeGreaterThanOrEqual(12 / 25); // at the peak (frames 13-15)
    expect(left.at).toBeLessThanOrEqual(16 / 25);
    expect(judgeChallenge('turn_right', seq)).toMatchObject({ passed: false, detail: 'the head turned left, not right' });
  });

  it('does not pass a single-frame spike past the angle, nor a turn that drifts away and stays', () => {
    const spike = [...Array(10).fill(2), 45, ...Array(10).fill(2)];
    expect(detectTurns(at25fps(spike))).toEqual([]);
    const drift = Array.from({ length: 100 }, (_, i) => Math.min(40, i * 0.5));
    const seq = withTurns(at25fps(drift));
    expect(seq.turns.map((t) => t.returned)).toEqual([false]);
    expect(judgeChallenge('turn_left', seq)).toMatchObject({ passed: false, detail: 'the head turned left but did not come back toward the camera' });
  });

  it('counts only a turn inside the window after the prompt', () => {
    const yaws = [...Array(10).fill(2), 10, 20, 30, 38, 40, 40, 38, 30, 20, 8, ...Array(40).fill(1)];
    const seq = withTurns(at25fps(yaws));
    expect(judgeChallenge('turn_left', seq, { start: 0, end: 2 }).passed).toBe(true);
    expect(judgeChallenge('turn_left', seq, { start: 1, end: 2.4 }).passed).toBe(false);
  });

  it('finds no turn in a fixture talking clip whose landmarks reach 22 degrees, and the same clip has its blinks (default profile)', async () => {
    // blink_sadtalker: frontal talking head with mild motion and 9 labelled blinks; YuNet's yaw reaches 22-24
    // degrees for a few frames at 1.8 s (the old 22-degree rule passed turn_left on it).
    const v = await readVideoFrames(join(CLIPS, 'blink_sadtalker-aoc_talking.mp4'), { maxWidth: 512 });
    const seq = await analyseLivenessSequence(v.frames, v.timestamps);
    expect(Math.max(...seq.frames.map((f) => Math.abs(f.yaw ?? 0)))).toBeGreaterThan(20);
    expect(seq.turns).toEqual([]);
    for (const type of ['turn_left', 'turn_right'] as const) expect(judgeChallenge(type, seq).passed).toBe(false);
    expect(seq.blinks.length).toBeGreaterThanOrEqual(8);
    expect(judgeChallenge('blink', seq).passed).toBe(true);
    // verifyLiveness on the same analyses: the blink counts only inside its window (first blink at 0.44 s)
    const r = await verifyLiveness(seq.analyses, { timestamps: v.timestamps, challenges: ['blink'], challengeWindows: { blink: { start: 7.5, end: 8.1 } } });
    expect(r.challenges[0]).toMatchObject({ type: 'blink', passed: false });
    const ok = await verifyLiveness(seq.analyses, { timestamps: v.timestamps.map((t) => t * 1000), timestampUnit: 'ms', challenges: ['blink'], challengeWindows: { blink: { start: 300, end: 1000 } } });
    expect(ok.challenges[0]).toMatchObject({ type: 'blink', passed: true });
    await expect(verifyLiveness(seq.analyses.slice(0, 3), { challengeWindows: { blink: { start: 2, end: 1 } } })).rejects.toMatchObject({ code: 'PROVEFY_ERR_INVALID_INPUT' });
  }, 240_000);
});

describe('blink challenges need human timing', () => {
  /** 30 fps eye signals: open eyes (edges 1, rowPeak 2) with closures (edges 0.3, rowPeak 3) at the given frames. */
  const eyes = (n: number, closed: Set<number>): BlinkFrame[] =>
    Array.from({ length: n }, (_, i) => {
      const s = closed.has(i) ? { edges: 0.3, rowPeak: 3 } : { edges: 1 + 0.01 * Math.sin(i), rowPeak: 2 };
      return { t: i / 30, eyes: [s, s] as const, gated: false };
    });

  it('finds isolated blinks and a squeeze of two', () => {
    const closed = new Set([30, 31, 32, 90, 91, 92, 99, 100]);
    const found = detectBlinks(eyes(150, closed)).map((b) => b.frame);
    expect(found).toHaveLength(3);
    expect(found[0]).toBeGreaterThanOrEqual(30);
    expect(found[0]).toBeLessThanOrEqual(32);
    expect(found[1]).toBeLessThanOrEqual(92);
    expect(found[2]).toBeGreaterThanOrEqual(99);
  });

  it('drops a flutter of closures faster than a person blinks', () => {
    const flutter = new Set([30, 31, 35, 36, 40, 41, 45, 46, 50, 51]);
    expect(detectBlinks(eyes(120, flutter))).toEqual([]);
    expect(detectBlinks(eyes(120, flutter), { maxBurst: 10 }).length).toBe(5);
    // An option left undefined keeps its default: { maxBurst: undefined } once switched the flutter filter off.
    expect(detectBlinks(eyes(120, flutter), { maxBurst: undefined, threshold: undefined })).toEqual([]);
    expect(() => detectBlinks(eyes(120, flutter), { maxBurst: Number.NaN })).toThrow(/blink\.maxBurst must be a finite number/);
  });
});
