import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegBinaries } from '@provefy/core';

/**
 * JPEG frames cut from a video clip with ffmpeg (`fps`, scaled to `width`, the first `count`), as bytes, in order.
 *
 * @example
 * ```ts
 * const frames = clipFrames(join(FIXTURES, 'videos/clips/headturn_zub-real_webcam-yaw.webm'), { fps: 4, width: 160, count: 16 });
 * ```
 */
export function clipFrames(clip: string, opts: { fps: number; width: number; count: number }): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'provefy-clip-frames-'));
  try {
    execFileSync(ffmpegBinaries().ffmpeg, ['-loglevel', 'error', '-i', clip, '-vf', `fps=${opts.fps},scale=${opts.width}:-2`, '-frames:v', String(opts.count), join(dir, 'f%03d.jpg')]);
    return readdirSync(dir)
      .sort()
      .map((f) => new Uint8Array(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
