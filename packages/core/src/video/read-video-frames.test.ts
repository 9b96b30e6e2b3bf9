import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProvefyError } from '../errors/index.js';
import { findRepoRoot } from '../models/index.js';
import { resolveFfmpegTool } from './ffmpeg-binaries.js';
import { probeVideo } from './probe-video.js';
import { readVideoFrames } from './read-video-frames.js';

const CLIPS = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures/videos/clips');
const GIF = join(CLIPS, 'headturn_intel-female_yaw-sweep.gif');
const WEBM = join(CLIPS, 'spoof_zub-fake_phone-photo.webm');
const MP4 = join(CLIPS, 'blink_lp-d0_man-greenscreen.mp4');

async function expectVideoError(p: Promise<unknown>, code = 'PROVEFY_ERR_VIDEO'): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    expect(isProvefyError(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return (e as { details: Record<string, unknown> }).details;
  }
  throw new Error('expected a ProvefyError');
}

describe('readVideoFrames', () => {
  const tmp: string[] = [];
  afterAll(async () => {
    for (const d of tmp) await rm(d, { recursive: true, force: true });
  });

  it('decodes every frame of a GIF with its own timing', async () => {
    const v = await readVideoFrames(GIF);
    expect(v.width).toBe(480);
    expect(v.height).toBe(270);
    expect(v.frames.length).toBe(23);
    expect(v.frames[0]!.data.length).toBe(480 * 270 * 3);
    expect(v.timestamps[0]).toBe(0);
    for (let i = 1; i < v.timestamps.length; i++) expect(v.timestamps[i]!).toBeGreaterThan(v.timestamps[i - 1]!);
    expect(v.timestamps.at(-1)!).toBeGreaterThan(1.7);
    expect(v.timestamps.at(-1)!).toBeLessThan(1.95);
    expect(v.truncated).toBe(false);
    // a real picture, not a blank buffer
    const px = v.frames[10]!.data;
    let min = 255;
    let max = 0;
    for (let i = 0; i < px.length; i += 97) {
      min = Math.min(min, px[i]!);
      max = Math.max(max, px[i]!);
    }
    expect(max - min).toBeGreaterThan(100);
  });

  it('resamples a WebM to the requested rate and width, keeping the aspect ratio', async () => {
    const v = await readVideoFrames(WEBM, { fps: 5, maxWidth: 320 });
    expect(v.width).toBe(320);
    expect(v.height).toBe(180);
    expect(v.fps).toBe(5);
    expect(v.source.codec).toBe('vp8');
    expect(v.source.width).toBe(960);
    // 10.48 s at 5 fps
    expect(v.frames.length).toBeGreaterThanOrEqual(51);
    expect(v.frames.length).toBeLessThanOrEqual(54);
    for (let i = 1; i < 10; i++) expect(v.timestamps[i]! - v.timestamps[i - 1]!).toBeCloseTo(0.2, 2);
  });

  it('reads MP4 bytes as well as a path, and stops at maxFrames', async () => {
    const bytes = await readFile(MP4);
    const v = await readVideoFrames(new Uint8Array(bytes), { maxFrames: 10, maxWidth: 256 });
    expect(v.frames.length).toBe(10);
    expect(v.truncated).toBe(true);
    expect(v.width).toBe(256);
    expect(v.timestamps[9]).toBeCloseTo(9 / 25, 3);
    const byPath = await readVideoFrames(MP4, { maxFrames: 10, maxWidth: 256 });
    expect(Buffer.from(byPath.frames[5]!.data).equals(Buffer.from(v.frames[5]!.data))).toBe(true);
  });

  it("starts at a given time with the same frames and the file's own timestamps", async () => {
    const all = await readVideoFrames(MP4, { maxWidth: 256 });
    const tail = await readVideoFrames(MP4, { maxWidth: 256, start: 2 });
    const from = all.timestamps.findIndex((t) => t >= 2 - 1e-6);
    expect(tail.frames.length).toBe(all.frames.length - from);
    expect(tail.timestamps[0]).toBeCloseTo(all.timestamps[from]!, 6);
    expect(tail.timestamps.at(-1)).toBeCloseTo(all.timestamps.at(-1)!, 6);
    expect(Buffer.from(tail.frames[3]!.data).equals(Buffer.from(all.frames[from + 3]!.data))).toBe(true);
  });

  it('probes size, rate and duration', async () => {
    const info = await probeVideo(MP4);
    expect(info).toMatchObject({ width: 512, height: 512, fps: 25, codec: 'h264', rotation: 0 });
    expect(info.duration).toBeCloseTo(3.12, 1);
  });

  it('raises PROVEFY_ERR_VIDEO for a missing file, a non-video file and a missing ffmpeg', async () => {
    expect((await expectVideoError(readVideoFrames(join(CLIPS, 'no-such-clip.mp4')))).reason).toBe('probe_failed');
    const dir = await mkdtemp(join(tmpdir(), 'provefy-video-test-'));
    tmp.push(dir);
    const notVideo = join(dir, 'labels.mp4');
    await copyFile(join(CLIPS, '../labels.json'), notVideo);
    await expectVideoError(readVideoFrames(notVideo));
    const saved = process.env.PROVEFY_FFPROBE;
    process.env.PROVEFY_FFPROBE = join(dir, 'no-ffprobe-here');
    try {
      expect((await expectVideoError(readVideoFrames(MP4))).reason).toBe('ffprobe_missing');
    } finally {
      if (saved === undefined) delete process.env.PROVEFY_FFPROBE;
      else process.env.PROVEFY_FFPROBE = saved;
    }
  });

  it('uses the npm-packaged ffmpeg and ffprobe when none is on PATH, with the same frames as the system build', async () => {
    const system = await readVideoFrames(WEBM, { maxFrames: 12 });
    const dir = await mkdtemp(join(tmpdir(), 'provefy-empty-path-'));
    tmp.push(dir);
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      const ffmpeg = resolveFfmpegTool('ffmpeg');
      const ffprobe = resolveFfmpegTool('ffprobe');
      expect(ffmpeg.source).toBe('npm');
      expect(ffmpeg.path).toMatch(/@ffmpeg-installer\/linux-x64\/ffmpeg$/);
      expect(ffprobe).toMatchObject({ source: 'npm' });
      const packaged = await readVideoFrames(WEBM, { maxFrames: 12 });
      expect(packaged.frames.length).toBe(system.frames.length);
      expect([packaged.width, packaged.height]).toEqual([system.width, system.height]);
      expect(packaged.timestamps).toEqual(system.timestamps);
      // Different FFmpeg releases may round the YUV to RGB conversion differently, never by more than a few levels.
      let diff = 0;
      for (let f = 0; f < system.frames.length; f++) {
        const a = system.frames[f]!.data;
        const b = packaged.frames[f]!.data;
        for (let i = 0; i < a.length; i += 7) diff += Math.abs(a[i]! - b[i]!);
      }
      expect(diff / (system.frames.length * Math.ceil(system.frames[0]!.data.length / 7))).toBeLessThan(2);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('decodes while ffprobe runs: the frames ffmpeg gives for the probed size, scaled or not, and maxBytes cuts', async () => {
    // Reference: ffmpeg run after the probe with the size written out (what readVideoFrames did before it overlapped them).
    const reference = async (path: string, maxWidth: number | undefined, frames: number) => {
      const info = await probeVideo(path);
      const width = maxWidth === undefined || info.width <= maxWidth ? info.width : Math.round(maxWidth);
      const height = width === info.width ? info.height : Math.max(2, Math.round((info.height * width) / info.width));
      const vf = width === info.width ? 'null' : `scale=${width}:${height}:flags=area`;
      const ffmpeg = resolveFfmpegTool('ffmpeg').path;
      const out = await new Promise<Buffer>((done, fail) =>
        execFile(ffmpeg, ['-nostdin', '-loglevel', 'error', '-i', path, '-map', '0:v:0', '-vf', vf, '-frames:v', String(frames), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 28 }, (e, stdout) => (e ? fail(e) : done(stdout))),
      );
      return { width, height, out };
    };
    for (const [path, maxWidth] of [[MP4, 333], [MP4, 512], [MP4, 4096], [WEBM, 320], [WEBM, undefined], [GIF, 101]] as const) {
      const v = await readVideoFrames(path, { maxFrames: 4, ...(maxWidth === undefined ? {} : { maxWidth }) });
      const ref = await reference(path, maxWidth, 4);
      expect([v.width, v.height], `${path} at ${maxWidth}`).toEqual([ref.width, ref.height]);
      expect(v.frames.length).toBe(4);
      expect(Buffer.concat(v.frames.map((f) => f.data)).equals(ref.out), `${path} at ${maxWidth}`).toBe(true);
    }
    // maxBytes allows three 256x256 frames: ffmpeg is stopped after them, and the result says so.
    const capped = await readVideoFrames(MP4, { maxWidth: 256, maxBytes: 256 * 256 * 3 * 3 + 100 });
    expect(capped.frames.length).toBe(3);
    expect(capped.truncated).toBe(true);
    expect(capped.timestamps[2]).toBeCloseTo(2 / 25, 3);
    const err = await expectVideoError(readVideoFrames(MP4, { maxBytes: 1000 }), 'PROVEFY_ERR_IMAGE_TOO_LARGE');
    expect(err).toMatchObject({ width: 512, height: 512, maxBytes: 1000 });
  });

  it('refuses a damaged stream (the decoder concealed corrupt data) unless allowDamaged; sound clips report none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provefy-damaged-'));
    tmp.push(dir);
    // 200 bytes of the MP4's second half overwritten (a fixed pseudo-random sequence): frames decode, with concealment.
    const bytes = new Uint8Array(await readFile(MP4));
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 200; i++) bytes[(bytes.length >> 1) + (next() % (bytes.length >> 1))] = next() % 256;
    const corrupt = join(dir, 'corrupt.mp4');
    await writeFile(corrupt, bytes);
    const details = await expectVideoError(readVideoFrames(corrupt, { maxWidth: 128 }));
    expect(details.reason).toBe('damaged');
    expect(details.decodeErrors).toBeGreaterThan(0);
    expect(String(details.firstError)).toMatch(/^\[h264 @/);
    const tolerated = await readVideoFrames(corrupt, { maxWidth: 128, allowDamaged: true });
    // The count varies a little between runs (ffmpeg's decoder threads report per slice), never to 0.
    expect(tolerated.decodeErrors).toBeGreaterThan(0);
    expect(tolerated.frames.length).toBeGreaterThan(50);
    // A JPEG cut in half is a one-frame "video" to ffmpeg, with its lower part made up ("EOI missing").
    const jpeg = await readFile(join(CLIPS, '../../faces/images/face_recognition/obama-720p.jpg'));
    const half = join(dir, 'half.jpg');
    await writeFile(half, jpeg.subarray(0, jpeg.length >> 1));
    expect((await expectVideoError(readVideoFrames(half))).reason).toBe('damaged');
    for (const clip of [MP4, WEBM, GIF]) expect((await readVideoFrames(clip, { maxWidth: 64 })).decodeErrors, clip).toBe(0);
    await expectVideoError(readVideoFrames(MP4, { allowDamaged: 'yes' as never }), 'PROVEFY_ERR_INVALID_INPUT');
  });

  it('rejects invalid options and empty input with PROVEFY_ERR_INVALID_INPUT', async () => {
    await expectVideoError(readVideoFrames(MP4, { fps: -1 }), 'PROVEFY_ERR_INVALID_INPUT');
    await expectVideoError(readVideoFrames(MP4, { maxWidth: Number.NaN }), 'PROVEFY_ERR_INVALID_INPUT');
    await expectVideoError(readVideoFrames(MP4, { start: -1 }), 'PROVEFY_ERR_INVALID_INPUT');
    await expectVideoError(readVideoFrames(''), 'PROVEFY_ERR_INVALID_INPUT');
    await expectVideoError(readVideoFrames(new Uint8Array(0)), 'PROVEFY_ERR_INVALID_INPUT');
  });
});
