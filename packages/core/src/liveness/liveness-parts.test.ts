import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image/types.js';
import { antiSpoofBox, cvResizeLinear, upstreamCropRect } from './anti-spoof-crop.js';
import { type BlinkFrame, detectBlinks } from './blink-detector.js';
import type { EyeSignals } from './eye-openness.js';
import { headPose } from './head-pose.js';
import { detectLookStraight, detectTurns, type PoseFrame, userDirection } from './head-turn-detector.js';
import { calibrateScore, fuseFrameScores } from './score-calibration.js';

describe('anti-spoofing crop geometry', () => {
  it('squares the detector box around its centre', () => {
    expect(antiSpoofBox({ x: 100, y: 50, width: 80, height: 120 })).toEqual({ x: 90, y: 60, width: 100, height: 100 });
  });

  it('scales the box around its centre when it fits (upstream CropImage)', () => {
    // 100 px box centred at (320, 240) in 640x480, scale 2.7 -> 270 px
    expect(upstreamCropRect(640, 480, { x: 270, y: 190, width: 100, height: 100 }, 2.7)).toEqual({ x0: 185, y0: 105, x1: 455, y1: 375 });
  });

  it('limits the scale so the patch fits, then shifts it inward at the edges', () => {
    // 4x of a 200 px box does not fit in 480 rows: scale becomes 479/200
    const r = upstreamCropRect(640, 480, { x: 0, y: 0, width: 200, height: 200 }, 4);
    expect(r.y1 - r.y0).toBe(479);
    expect(r.x0).toBe(0);
    expect(r.y0).toBe(0);
    const right = upstreamCropRect(640, 480, { x: 600, y: 200, width: 60, height: 60 }, 2.7);
    expect(right.x1).toBe(639);
    expect(right.x1 - right.x0).toBeCloseTo(162, 0);
  });

  it('resizes like OpenCV INTER_LINEAR (pixel centres, no smoothing)', () => {
    const img: RgbImage = { data: new Uint8Array(4 * 1 * 3), width: 4, height: 1, channels: 3 };
    for (const [i, v] of [0, 100, 200, 240].entries()) img.data.fill(v, i * 3, i * 3 + 3);
    // 4 -> 2: samples at x = 0.5 and 2.5
    expect(Array.from(cvResizeLinear(img, { x0: 0, y0: 0, x1: 3, y1: 0 }, 2, 1).data)).toEqual([50, 50, 50, 220, 220, 220]);
    // 4 -> 8: edges clamp
    const up = cvResizeLinear(img, { x0: 0, y0: 0, x1: 3, y1: 0 }, 8, 1);
    expect(up.data[0]).toBe(0);
    expect(up.data[7 * 3]).toBe(240);
  });
});

describe('score calibration and fusion', () => {
  it('is the identity by default and monotone when configured', () => {
    expect(calibrateScore(0.9)).toBe(0.9);
    const a = calibrateScore(0.6, { slope: 1.5, offset: 0.3 });
    const b = calibrateScore(0.7, { slope: 1.5, offset: 0.3 });
    expect(b).toBeGreaterThan(a);
    expect(calibrateScore(Number.NaN)).toBe(0);
  });

  it('fuses frames by the median and ignores missing scores', () => {
    expect(fuseFrameScores([0.97, 0.95, 0.2, 0.99])).toBeCloseTo(0.96, 6);
    expect(fuseFrameScores([null, 0.5, undefined, Number.NaN])).toBe(0.5);
    expect(fuseFrameScores([])).toBe(0);
  });
});

describe('head pose and turn directions', () => {
  const frontal = [
    { x: 100, y: 100 },
    { x: 160, y: 100 },
    { x: 130, y: 135 },
    { x: 106, y: 160 },
    { x: 154, y: 160 },
  ];
  it('gives about zero yaw for a symmetric face and a signed yaw when the nose moves', () => {
    expect(Math.abs(headPose(frontal).yaw)).toBeLessThan(0.5);
    const right = frontal.map((p, i) => (i === 2 ? { x: p.x + 15, y: p.y } : p));
    const left = frontal.map((p, i) => (i === 2 ? { x: p.x - 15, y: p.y } : p));
    expect(headPose(right).yaw).toBeGreaterThan(25);
    expect(headPose(left).yaw).toBeLessThan(-25);
    // roll does not leak into yaw
    const a = (20 * Math.PI) / 180;
    const rolled = frontal.map((p) => ({ x: 130 + (p.x - 130) * Math.cos(a) - (p.y - 130) * Math.sin(a), y: 130 + (p.x - 130) * Math.sin(a) + (p.y - 130) * Math.cos(a) }));
    expect(Math.abs(headPose(rolled).yaw)).toBeLessThan(0.5);
    expect(headPose(rolled).roll).toBeCloseTo(20, 5);
  });

  it("maps image directions to the user's own direction, mirrored or not", () => {
    expect(userDirection('nose_to_image_right')).toBe('left');
    expect(userDirection('nose_to_image_left')).toBe('right');
    expect(userDirection('nose_to_image_right', true)).toBe('right');
    expect(userDirection('nose_to_image_left', true)).toBe('left');
  });

  it('finds a turn that goes past the minimum yaw and says whether the head came back', () => {
    const yaws = [0, 2, 8, 18, 30, 38, 35, 20, 6, 1, 0, -5, -15, -28, -34, -30];
    const frames: PoseFrame[] = yaws.map((yaw, i) => ({ t: i / 10, yaw, pitch: 0 }));
    const turns = detectTurns(frames);
    expect(turns.map((x) => [x.imageDirection, x.direction, x.returned])).toEqual([
      ['nose_to_image_right', 'left', true],
      ['nose_to_image_left', 'right', false],
    ]);
    expect(turns[0]!.peakYaw).toBeGreaterThan(34);
    // small head movements are not turns
    expect(detectTurns(yaws.map((y, i) => ({ t: i / 10, yaw: y / 3, pitch: 0 })))).toEqual([]);
    // a frame without a face inside a turn does not split it
    const gap = frames.map((f, i) => (i === 5 ? { ...f, yaw: null } : f));
    expect(detectTurns(gap).length).toBe(2);
  });

  it('finds a stretch of looking straight, and a single frontal photo counts', () => {
    const frames: PoseFrame[] = [40, 35, 5, 3, 2, 4, 1, 2, 30].map((yaw, i) => ({ t: i / 10, yaw, pitch: 5 }));
    const s = detectLookStraight(frames);
    expect(s.length).toBe(1);
    expect(s[0]!.startFrame).toBe(2);
    expect(detectLookStraight([{ t: 0, yaw: 3, pitch: 2 }]).length).toBe(1);
    expect(detectLookStraight([{ t: 0, yaw: 3, pitch: 40 }]).length).toBe(0);
  });
});

describe('blink detector logic', () => {
  // Eye signals as measured: open eyes ~0.05 edge energy, row peak ~2; a closed lid halves the edges.
  const open: EyeSignals = { edges: 0.05, rowPeak: 2 };
  const shut: EyeSignals = { edges: 0.02, rowPeak: 3 };
  const seq = (closedAt: (t: number) => boolean, n = 90, fps = 30, gatedAt: (t: number) => boolean = () => false): BlinkFrame[] =>
    Array.from({ length: n }, (_, i) => {
      const t = i / fps;
      const wobble = 1 + 0.03 * Math.sin(i * 1.7);
      const e = closedAt(t) ? shut : { edges: open.edges * wobble, rowPeak: open.rowPeak / wobble };
      return { t, eyes: [e, e], gated: gatedAt(t) };
    });

  it('reports a short closure with open eyes before and after', () => {
    const b = detectBlinks(seq((t) => t >= 1.5 && t < 1.62));
    expect(b.length).toBe(1);
    expect(b[0]!.t).toBeGreaterThanOrEqual(1.5);
    expect(b[0]!.t).toBeLessThan(1.62);
  });

  it('ignores long closures, closures without reopening, gated frames and noise', () => {
    expect(detectBlinks(seq((t) => t >= 1 && t < 1.8))).toEqual([]); // 0.8 s: eyes closed on purpose
    expect(detectBlinks(seq((t) => t >= 2.8))).toEqual([]); // closed at the end: no reopening
    expect(detectBlinks(seq((t) => t >= 1.5 && t < 1.62, 90, 30, (t) => t > 1.2 && t < 2))).toEqual([]);
    expect(detectBlinks(seq(() => false))).toEqual([]);
  });

  it('needs both eyes: a wink is not a blink', () => {
    const frames = seq(() => false).map((f) => (f.t >= 1.5 && f.t < 1.62 ? { ...f, eyes: [shut, open] as [EyeSignals, EyeSignals] } : f));
    expect(detectBlinks(frames)).toEqual([]);
  });

  it('splits two closures separated by a reopening', () => {
    const b = detectBlinks(seq((t) => (t >= 1.0 && t < 1.1) || (t >= 1.4 && t < 1.5)));
    expect(b.length).toBe(2);
  });
});
