import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProvefyError } from '../errors/index.js';
import { findRepoRoot } from '../models/index.js';
import { readVideoFrames } from '../video/read-video-frames.js';
import { verifyLiveness } from './verify-liveness.js';
import { verifyLivenessVideo } from './verify-liveness-video.js';

const CLIPS = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures/videos/clips');

describe('verifyLivenessVideo', () => {
  it('gives what verifyLiveness gives on the same decoded frames (streamed into the tracker)', async () => {
    const clip = join(CLIPS, 'blink_lp-d0_man-greenscreen.mp4');
    const read = { fps: 15, maxWidth: 480 };
    const streamed = await verifyLivenessVideo(clip, { challenges: ['blink'], video: read });
    const { frames, timestamps } = await readVideoFrames(clip, read);
    const whole = await verifyLiveness(frames, { challenges: ['blink'], timestamps });
    expect(streamed.frames.length).toBe(frames.length);
    expect(streamed).toEqual(whole);
    expect(streamed.result).toBe('PASS');
  }, 120_000);

  it('decodes only the frames asked for, at the size asked for', async () => {
    const clip = join(CLIPS, 'frontal_lp-d20_talking-outdoor.mp4');
    const seen: { index: number; width: number }[] = [];
    const r = await readVideoFrames(clip, { fps: 8 / 7, maxWidth: 320, maxFrames: 8, onFrame: (f, index) => seen.push({ index, width: f.width }) });
    expect(r.frames.length).toBe(8);
    expect(seen.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(seen.every((s) => s.width === 320)).toBe(true);
    const passive = await verifyLivenessVideo(clip, { video: { fps: 8 / 7, maxWidth: 320, maxFrames: 8 } });
    expect(passive.frames.length).toBe(8);
  }, 120_000);

  it('stops decoding with a typed error when onFrame throws, and refuses a non-function', async () => {
    const clip = join(CLIPS, 'blink_lp-d0_man-greenscreen.mp4');
    const err = await readVideoFrames(clip, {
      maxWidth: 160,
      onFrame: () => {
        throw new Error('boom');
      },
    }).catch((e: unknown) => e);
    expect(isProvefyError(err, 'PROVEFY_ERR_VIDEO')).toBe(true);
    const bad = await readVideoFrames(clip, { onFrame: 3 as never }).catch((e: unknown) => e);
    expect(isProvefyError(bad, 'PROVEFY_ERR_INVALID_INPUT')).toBe(true);
  }, 60_000);
});
