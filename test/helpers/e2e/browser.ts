import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegBinaries } from '@provefy/core';
import { type Browser, chromium } from 'playwright-core';
import { FIXTURES as SHARED_FIXTURES } from '../paths.js';

export const FIXTURES = process.env.PROVEFY_FIXTURES ?? SHARED_FIXTURES;
export const CHROMIUM = process.env.PROVEFY_CHROMIUM ?? '/usr/bin/chromium';

const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/**
 * Converts a fixture clip to a Y4M file Chromium can play as a fake camera (`ffmpeg -vf scale=640:-2 -r 15
 * -pix_fmt yuv420p`, first `seconds` only), in a temporary folder.
 *
 * @example
 * ```ts
 * const y4m = clipToY4m(join(FIXTURES, 'videos/clips/blink_lp-d13_selfie-glasses.mp4'), 6);
 * ```
 */
export function clipToY4m(clip: string, seconds = 6): string {
  if (!existsSync(clip)) throw new Error(`fixture clip not found: ${clip}`);
  const out = join(mkdtempSync(join(tmpdir(), 'provefy-y4m-')), 'camera.y4m');
  execFileSync(ffmpegBinaries().ffmpeg, ['-loglevel', 'error', '-y', '-t', String(seconds), '-i', clip, '-vf', 'scale=640:-2', '-r', '15', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/**
 * A still image as a Y4M fake camera (the image held in front of the camera, perfectly steady), `seconds` long.
 *
 * @example
 * ```ts
 * const y4m = imageToY4m(join(FIXTURES, 'documents/images/fastmrz/passport_uk.jpg'));
 * ```
 */
export function imageToY4m(image: string, seconds = 2): string {
  if (!existsSync(image)) throw new Error(`fixture image not found: ${image}`);
  const out = join(mkdtempSync(join(tmpdir(), 'provefy-y4m-')), 'camera.y4m');
  const fit = 'scale=960:720:force_original_aspect_ratio=decrease,pad=960:720:(ow-iw)/2:(oh-ih)/2:color=0x303030';
  execFileSync(ffmpegBinaries().ffmpeg, ['-loglevel', 'error', '-y', '-loop', '1', '-i', image, '-t', String(seconds), '-vf', fit, '-r', '15', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/**
 * Launches Debian's Chromium. With `fakeCamera` the page gets the Y4M file as its camera and camera prompts are
 * accepted; without it, camera requests are refused (no prompt UI in headless mode), which is how "camera denied"
 * is tested.
 */
export async function launchChromium(opts: { fakeCamera?: string } = {}): Promise<Browser> {
  const args = [...BASE_ARGS];
  if (opts.fakeCamera) args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${opts.fakeCamera}`);
  else args.push('--use-fake-device-for-media-stream');
  return chromium.launch({ executablePath: CHROMIUM, args });
}
