import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Box, RgbImage } from '../image/types.js';
import { findRepoRoot } from '../models/index.js';
import { readVideoFrames, type VideoFrames } from '../video/read-video-frames.js';
import { analyseFace } from './analyse-face.js';
import { createFaceTracker, isRegionAnalysis, trackFaces, trackingRegion } from './track-faces.js';

const CLIPS = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures/videos/clips');

function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return (w * h) / (a.width * a.height + b.width * b.height - w * h);
}

/**
 * Region tracking exists for detectors with a variable input size (SCRFD): YuNet, the default profile's
 * detector, has a fixed 640x640 input, so a region costs as much as the whole frame and the tracker searches
 * every frame whole (last test). The region tests therefore name the SCRFD detector.
 */
const SCRFD = { detector: 'scrfd_500m' } as const;

let turn: VideoFrames; // webcam head turn to both sides, 640x360
let talking: VideoFrames; // frontal, talking
let twoFaces: VideoFrames; // a person beside a phone showing a face

beforeAll(async () => {
  turn = await readVideoFrames(join(CLIPS, 'headturn_zub-real_webcam-yaw.webm'), { fps: 10, maxWidth: 640, maxFrames: 40 });
  talking = await readVideoFrames(join(CLIPS, 'frontal_lp-d20_talking-outdoor.mp4'), { fps: 10, maxWidth: 480, maxFrames: 12 });
  twoFaces = await readVideoFrames(join(CLIPS, 'spoof_zub-fake_phone-photo.webm'), { fps: 5, maxWidth: 640, maxFrames: 8 });
});

describe('trackingRegion', () => {
  it('is a square of twice the box on the 32 px detector grid, clamped to the frame', () => {
    const r = trackingRegion({ x: 300, y: 100, width: 90, height: 120 }, 640, 360);
    expect(r.x % 32).toBe(0);
    expect(r.y % 32).toBe(0);
    expect(r.x).toBeLessThanOrEqual(345 - 120);
    expect(r.x + r.width).toBeGreaterThanOrEqual(345 + 120);
    expect(r.y).toBe(32);
    expect(r.y + r.height).toBe(288);
    const edge = trackingRegion({ x: 560, y: 280, width: 70, height: 70 }, 640, 360);
    expect(edge.x + edge.width).toBe(640);
    expect(edge.y + edge.height).toBe(360);
    // a 1280 px frame is detected at half size on the whole-frame pass: a 64 px grid
    expect(trackingRegion({ x: 500, y: 300, width: 100, height: 100 }, 1280, 720).x % 64).toBe(0);
  });
});

describe('createFaceTracker on camera clips', () => {
  it('finds the face of a head-turn clip in the region around the previous one, where the whole-frame search finds it', async () => {
    const tracked = await trackFaces(turn.frames, SCRFD);
    const region = tracked.filter((a) => a.searched === 'region');
    expect(region.length).toBeGreaterThanOrEqual(turn.frames.length / 2);
    for (const a of tracked) expect(a.searched === 'region').toBe(isRegionAnalysis(a));
    let compared = 0;
    for (const [i, a] of tracked.entries()) {
      if (a.searched !== 'region') continue;
      const full = await analyseFace(turn.frames[i]!, SCRFD);
      expect(full.face).not.toBeNull();
      expect(a.face).not.toBeNull();
      expect(a.region).not.toBeNull();
      expect(iou(a.face!.box, full.face!.box)).toBeGreaterThan(0.9);
      const eyes = Math.hypot(full.face!.landmarks[1].x - full.face!.landmarks[0].x, full.face!.landmarks[1].y - full.face!.landmarks[0].y);
      for (let k = 0; k < 5; k++) {
        const d = Math.hypot(a.face!.landmarks[k]!.x - full.face!.landmarks[k]!.x, a.face!.landmarks[k]!.y - full.face!.landmarks[k]!.y);
        expect(d).toBeLessThan(0.1 * eyes);
      }
      compared++;
    }
    expect(compared).toBe(region.length);
  });

  it('searches the whole frame every refreshEvery frames, so a second face beside the user is listed', async () => {
    const tracked = await trackFaces(twoFaces.frames, { ...SCRFD, refreshEvery: 4 });
    expect(tracked[0]!.searched).toBe('frame');
    expect(tracked[4]!.searched).toBe('frame');
    const whole = tracked.filter((a) => a.searched === 'frame');
    expect(whole.some((a) => a.faceCount >= 2)).toBe(true);
    const every = await trackFaces(twoFaces.frames, { ...SCRFD, refreshEvery: 1 });
    expect(every.every((a) => a.searched === 'frame' && a.region === null)).toBe(true);
  });

  it('falls back to the whole frame when the region holds no face (another clip, a blank frame)', async () => {
    const blank: RgbImage = { data: new Uint8Array(480 * 270 * 3).fill(90), width: 480, height: 270, channels: 3 };
    const tracker = createFaceTracker(SCRFD);
    const a = await tracker.analyse(turn.frames[0]!);
    expect(a.searched).toBe('frame');
    expect(a.face).not.toBeNull();
    // the talking clip's face is elsewhere and of another size: the whole frame finds it
    const b = await tracker.analyse(talking.frames[0]!);
    const full = await analyseFace(talking.frames[0]!, SCRFD);
    expect(b.face).not.toBeNull();
    expect(iou(b.face!.box, full.face!.box)).toBeGreaterThan(0.9);
    const c = await tracker.analyse(blank);
    expect(c.searched).toBe('frame');
    expect(c.face).toBeNull();
    const d = await tracker.analyse(turn.frames[1]!);
    expect(d.searched).toBe('frame');
    expect(d.face).not.toBeNull();
    const e = await tracker.analyse(turn.frames[2]!);
    expect(e.searched).toBe('region');
    expect(iou(e.face!.box, (await analyseFace(turn.frames[2]!, SCRFD)).face!.box)).toBeGreaterThan(0.9);
  });

  it('with the fixed-input YuNet detector (the default profile), searches every frame whole and finds the same faces', async () => {
    const frames = turn.frames.slice(0, 8);
    const tracked = await trackFaces(frames);
    expect(tracked.every((a) => a.searched === 'frame' && a.region === null && a.detector === 'yunet_2023mar')).toBe(true);
    for (const [i, a] of tracked.entries()) {
      const full = await analyseFace(frames[i]!, { detector: 'yunet_2023mar' });
      expect(a.face).not.toBeNull();
      expect(a.face).toEqual(full.face);
    }
  });

  it('searches every frame whole when the face is too large for a 320 px region at the whole-frame scale (no shrinking)', async () => {
    const tracked = await trackFaces(talking.frames, SCRFD);
    for (const [i, a] of tracked.entries()) {
      expect(a.searched).toBe('frame');
      const full = await analyseFace(talking.frames[i]!, SCRFD);
      expect(a.face).toEqual(full.face);
      expect(a.faceCount).toBe(full.faceCount);
    }
  });
});
