/**
 * Makes transformed copies of a videos root (crop, rescale, frame-rate change, brightness, compression)
 * with ffmpeg, each as its own dataset root that `provefy eval` reads like the original:
 *
 *   npx tsx packages/core/scripts/make-transformed-clips.ts [fixturesDir] [--out DIR] [--only crop,fps15]
 *   npx provefy eval DIR/crop --sections videos
 *
 * Output goes to a cache folder (default `$TMPDIR/provefy-transformed-clips`), never into the repository:
 * the clips are derived from the fixtures and are data. Each root holds `videos/labels.json` (the original
 * labels with the file names changed; event times are unchanged by every transform) and `videos/clips/`.
 * Existing outputs are kept (delete the folder to regenerate).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { ffmpegBinaries } from '../src/video/probe-video.js';

/** One transform: an ffmpeg filter chain and the encoder's quality. */
interface Transform {
  readonly name: string;
  readonly what: string;
  readonly filter: string;
  /** x264 constant rate factor (18 = visually lossless; higher = more compression). */
  readonly crf: number;
}

/** The transforms of issue #16 item 1; even output sizes for yuv420p. */
export const TRANSFORMS: readonly Transform[] = [
  { name: 'crop', what: 'centre crop to 80% of width and height', filter: 'crop=trunc(iw*0.8/2)*2:trunc(ih*0.8/2)*2', crf: 18 },
  { name: 'scale60', what: 'rescaled to 60% of the size', filter: 'scale=trunc(iw*0.6/2)*2:-2:flags=area', crf: 18 },
  { name: 'fps15', what: 'resampled to 15 fps (frames dropped or repeated)', filter: 'fps=15', crf: 18 },
  { name: 'dark', what: 'darker and flatter (brightness -0.12, contrast 0.8)', filter: 'eq=brightness=-0.12:contrast=0.8', crf: 18 },
  { name: 'crf36', what: 'recompressed with x264 CRF 36 (blocky)', filter: 'null', crf: 36 },
];

interface LabelsFile {
  items: { file: string; [k: string]: unknown }[];
  [k: string]: unknown;
}


/**
 * Writes the transformed roots; returns their folders.
 *
 * @example
 * ```ts
 * makeTransformedClips('../shared/fixtures', '/tmp/provefy-transformed-clips'); // ['/tmp/.../crop', ...]
 * ```
 */
export function makeTransformedClips(fixtures: string, outDir: string, only?: readonly string[]): string[] {
  const labelsPath = join(fixtures, 'videos', 'labels.json');
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as LabelsFile;
  const roots: string[] = [];
  for (const tr of TRANSFORMS.filter((t) => !only || only.includes(t.name))) {
    const root = join(outDir, tr.name);
    const clipsDir = join(root, 'videos', 'clips');
    mkdirSync(clipsDir, { recursive: true });
    const items = labels.items.map((it) => {
      const name = `${basename(it.file, extname(it.file))}.mp4`;
      const dst = join(clipsDir, name);
      if (!existsSync(dst)) {
        const args = ['-v', 'error', '-y', '-i', join(fixtures, 'videos', it.file), '-vf', `${tr.filter},format=yuv420p`, '-an', '-c:v', 'libx264', '-preset', 'medium', '-crf', String(tr.crf), dst];
        execFileSync(ffmpegBinaries().ffmpeg, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      }
      return { ...it, file: `clips/${name}`, transform: tr.what };
    });
    writeFileSync(join(root, 'videos', 'labels.json'), JSON.stringify({ ...labels, transform: tr.what, items }, null, 1));
    roots.push(root);
    console.log(`${tr.name}: ${items.length} clips in ${root} (${tr.what})`);
  }
  return roots;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('make-transformed-clips.ts')) {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const fixtures = resolve(args[0] && !args[0].startsWith('--') ? args[0] : '../shared/fixtures');
  const out = resolve(flag('--out') ?? join(tmpdir(), 'provefy-transformed-clips'));
  makeTransformedClips(fixtures, out, flag('--only')?.split(','));
}
