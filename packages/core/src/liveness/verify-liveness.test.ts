import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isProvefyError } from '../errors/index.js';
import type { RgbImage } from '../image/types.js';
import { findRepoRoot } from '../models/index.js';
import { readVideoFrames, type VideoFrames } from '../video/read-video-frames.js';
import { analyseLivenessSequence } from './analyse-sequence.js';
import { verifyLiveness } from './verify-liveness.js';

const FIX = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures');
const CLIPS = join(FIX, 'videos/clips');
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

// Decoded once per file, at reduced rate and size to keep the run short.
let blink: VideoFrames; // one labelled blink at 2.62 s (2.56-2.72)
let talking: VideoFrames; // frontal, talking, no blink
let turns: VideoFrames; // nose to image left, right, left
let replay: VideoFrames; // a face shown on a phone
let twoFaces: VideoFrames; // first second of a replay where the live person is visible beside the phone

beforeAll(async () => {
  blink = await readVideoFrames(join(CLIPS, 'blink_lp-d0_man-greenscreen.mp4'), { fps: 15, maxWidth: 480 });
  talking = await readVideoFrames(join(CLIPS, 'frontal_lp-d20_talking-outdoor.mp4'), { fps: 10, maxWidth: 480 });
  turns = await readVideoFrames(join(CLIPS, 'headturn_intel-female_yaw-sweep.gif'));
  replay = await readVideoFrames(join(CLIPS, 'spoof_les-fake_phone-replay.mp4'), { fps: 10, maxWidth: 640 });
  twoFaces = await readVideoFrames(join(CLIPS, 'spoof_zub-fake_phone-photo.webm'), { fps: 5, maxWidth: 640, maxFrames: 8 });
});

describe('verifyLiveness on still images', () => {
  const items = (JSON.parse(readFileSync(join(FIX, 'liveness/labels.json'), 'utf8')) as { items: { file: string; label: 'live' | 'spoof' }[] }).items;
  it('passes every live image and fails every spoof at the default threshold', async () => {
    const wrong: string[] = [];
    for (const it of items) {
      const r = await verifyLiveness(join(FIX, 'liveness', it.file));
      expect(r.threshold).toBe(0.85);
      expect(r.frames.length).toBe(1);
      expect(r.frames[0]!.faceFound).toBe(true);
      const ok = it.label === 'live' ? r.result === 'PASS' && r.livenessScore >= 0.85 : r.result === 'FAIL' && codes(r).includes('SPOOF_SCORE');
      if (!ok) wrong.push(`${it.file}: ${r.result} ${r.livenessScore}`);
    }
    expect(wrong).toEqual([]);
  });

  it('fails an image without a face with NO_FACE, and a photo cannot do a blink', async () => {
    const blank: RgbImage = { data: new Uint8Array(320 * 240 * 3).map((_, i) => (i % 3) * 60 + ((i / 960) | 0) / 2), width: 320, height: 240, channels: 3 };
    const none = await verifyLiveness(blank);
    expect(none.result).toBe('FAIL');
    expect(codes(none)).toEqual(['NO_FACE']);
    expect(none.livenessScore).toBe(0);
    const photo = await verifyLiveness(join(FIX, 'liveness/images/minivision/image_T1.jpg'), { challenges: ['blink'] });
    expect(photo.result).toBe('FAIL');
    expect(codes(photo)).toContain('TOO_FEW_FRAMES');
    expect(photo.challenges).toEqual([{ type: 'blink', passed: false, detail: 'too few frames', cause: 'too_few_frames' }]);
  });
});

describe('verifyLiveness on camera clips', () => {
  it('passes a live clip with the look-straight and blink challenges, at the labelled blink', async () => {
    const r = await verifyLiveness(blink.frames, { timestamps: blink.timestamps, challenges: ['look_straight', 'blink'] });
    expect(r.result).toBe('PASS');
    expect(r.reasons).toEqual([]);
    expect(r.livenessScore).toBeGreaterThanOrEqual(0.85);
    const b = r.challenges.find((c) => c.type === 'blink')!;
    expect(b.passed).toBe(true);
    expect(b.at!).toBeGreaterThanOrEqual(2.5);
    expect(b.at!).toBeLessThanOrEqual(2.8);
    expect(r.challenges.find((c) => c.type === 'look_straight')!.passed).toBe(true);
  });

  it('reports no blink in a talking clip without one (the challenge fails, the passive score passes)', async () => {
    const seq = await analyseLivenessSequence(talking.frames, talking.timestamps);
    expect(seq.blinks).toEqual([]);
    expect(seq.turns).toEqual([]);
    const r = await verifyLiveness(talking.frames, { timestamps: talking.timestamps, challenges: ['blink'] });
    expect(r.result).toBe('FAIL');
    expect(codes(r)).toEqual(['CHALLENGE_NOT_PERFORMED']);
    expect(r.livenessScore).toBeGreaterThanOrEqual(0.85);
  });

  // The turn tests name SCRFD-500M: region tracking needs a variable-input detector. The GIF's last, 3-frame
  // turn (labelled at about 17 degrees, cut off by the clip's end, never coming back) is below the calibrated
  // 27-degree turn level with either detector since issue #16 (talking heads reach 22 degrees on YuNet's
  // landmarks): only the first two turns count (docs/liveness.md, "Head turn").
  const SCRFD = { detector: 'scrfd_500m' } as const;

  it("finds head turns with their direction in the user's terms, flipped for mirrored frames", async () => {
    const seq = await analyseLivenessSequence(turns.frames, turns.timestamps, SCRFD);
    expect(seq.turns.map((t) => t.imageDirection)).toEqual(['nose_to_image_left', 'nose_to_image_right']);
    expect(seq.turns.map((t) => t.direction)).toEqual(['right', 'left']);
    const mirrored = await analyseLivenessSequence(turns.frames, turns.timestamps, { ...SCRFD, mirrored: true });
    expect(mirrored.turns.map((t) => t.direction)).toEqual(['left', 'right']);
    const r = await verifyLiveness(turns.frames, { ...SCRFD, timestamps: turns.timestamps, challenges: ['turn_left', 'turn_right'] });
    expect(r.challenges.every((c) => c.passed)).toBe(true);
    expect(r.challenges.find((c) => c.type === 'turn_left')!.at!).toBeGreaterThan(0.8); // the nose-to-image-right turn at 0.83-1.42 s
    expect(r.result).toBe('PASS');
  });

  it('with the default profile (YuNet) passes both turn challenges of the yaw sweep, each at its labelled turn', async () => {
    const seq = await analyseLivenessSequence(turns.frames, turns.timestamps);
    expect(seq.frames.every((f) => f.fullFrame)).toBe(true); // fixed 640x640 input: no region tracking
    expect(seq.turns.slice(0, 2).map((t) => t.imageDirection)).toEqual(['nose_to_image_left', 'nose_to_image_right']);
    const r = await verifyLiveness(turns.frames, { timestamps: turns.timestamps, challenges: ['turn_left', 'turn_right'] });
    expect(r.challenges.every((c) => c.passed)).toBe(true);
    expect(r.challenges.find((c) => c.type === 'turn_left')!.at!).toBeGreaterThan(0.8);
    expect(r.challenges.find((c) => c.type === 'turn_right')!.at!).toBeLessThan(0.6); // the nose-to-image-left turn at 0-0.55 s
    expect(r.result).toBe('PASS');
  });

  it('tracks the face between frames: the same turns as searching every frame whole, the whole frame at least every 5th frame', async () => {
    const tracked = await analyseLivenessSequence(turns.frames, turns.timestamps, SCRFD);
    const whole = await analyseLivenessSequence(turns.frames, turns.timestamps, { ...SCRFD, tracking: false });
    expect(whole.frames.every((f) => f.fullFrame)).toBe(true);
    expect(tracked.frames.filter((f) => !f.fullFrame).length).toBeGreaterThan(turns.frames.length / 2);
    let run = 0;
    for (const f of tracked.frames) {
      run = f.fullFrame ? 0 : run + 1;
      expect(run).toBeLessThan(5);
    }
    for (const [i, f] of tracked.frames.entries()) expect(Math.abs(f.yaw! - whole.frames[i]!.yaw!)).toBeLessThan(5);
    expect(tracked.turns.map((t) => t.imageDirection)).toEqual(whole.turns.map((t) => t.imageDirection));
  });

  it('fails a phone replay on the passive score', async () => {
    const r = await verifyLiveness(replay.frames, { timestamps: replay.timestamps });
    expect(r.result).toBe('FAIL');
    expect(codes(r)).toContain('SPOOF_SCORE');
    expect(r.livenessScore).toBeLessThan(0.3);
    expect(r.frames.every((f) => f.faceFound && f.score !== null && f.score < 0.85)).toBe(true);
  });

  it('fails frames with a second face beside the user (MULTIPLE_FACES)', async () => {
    const r = await verifyLiveness(twoFaces.frames, { timestamps: twoFaces.timestamps });
    expect(r.result).toBe('FAIL');
    expect(codes(r)).toContain('MULTIPLE_FACES');
    expect(r.frames.some((f) => f.faceCount >= 2)).toBe(true);
  });

  it('fails when the face changes to another person between frames (FACE_CHANGED)', async () => {
    const a = blink.frames.slice(0, 12);
    const b = talking.frames.slice(0, 12);
    const frames = [...a, ...b];
    const timestamps = frames.map((_, i) => i / 15);
    const r = await verifyLiveness(frames, { timestamps });
    expect(r.result).toBe('FAIL');
    expect(codes(r)).toContain('FACE_CHANGED');
    const same = await verifyLiveness(a, { timestamps: timestamps.slice(0, 12) });
    expect(codes(same)).not.toContain('FACE_CHANGED');
  });

  it('rejects invalid options with a ProvefyError and an empty sequence with TOO_FEW_FRAMES', async () => {
    const bad = async (p: Promise<unknown>) => {
      await p.then(
        () => {
          throw new Error('expected an error');
        },
        (e) => expect(isProvefyError(e, 'PROVEFY_ERR_INVALID_INPUT')).toBe(true),
      );
    };
    await bad(verifyLiveness(blink.frames.slice(0, 3), { threshold: 2 }));
    await bad(verifyLiveness(blink.frames.slice(0, 3), { challenges: ['smile' as never] }));
    await bad(verifyLiveness(blink.frames.slice(0, 3), { timestamps: [0, 1] }));
    await bad(verifyLiveness(blink.frames.slice(0, 3), { timestamps: [0, 2, 1] }));
    const empty = await verifyLiveness([]);
    expect(empty.result).toBe('FAIL');
    expect(codes(empty)).toEqual(['TOO_FEW_FRAMES']);
  });
});
