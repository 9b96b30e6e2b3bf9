import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ffmpegBinaries } from '@provefy/core';

/**
 * Converts a fixture clip to Y4M for Chromium's fake camera (`--use-file-for-fake-video-capture`): the first
 * `seconds`, `fps` frames a second, `width` px wide. Cached in the temp folder per clip and settings.
 */
export function clipToY4m(clip: string, opts: { seconds?: number; fps?: number; width?: number } = {}): string {
  const seconds = opts.seconds ?? 6;
  const fps = opts.fps ?? 15;
  const width = opts.width ?? 640;
  const dir = join(tmpdir(), 'provefy-kiosk-y4m');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${basename(clip).replace(/\W+/g, '_')}-${seconds}s-${fps}fps-${width}.y4m`);
  if (!existsSync(out)) {
    execFileSync(ffmpegBinaries().ffmpeg, ['-v', 'error', '-y', '-i', clip, '-t', String(seconds), '-vf', `scale=${width}:-2,fps=${fps}`, '-pix_fmt', 'yuv420p', out], { stdio: 'inherit' });
  }
  return out;
}
