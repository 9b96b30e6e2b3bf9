import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ProvefyError } from '@provefy/core';
import { loadAgeItems } from '../eval/datasets/ages.js';
import { loadDocumentItems } from '../eval/datasets/documents.js';
import { loadFacePairs } from '../eval/datasets/faces.js';
import { SECTION_LABELS } from '../eval/datasets/layout.js';
import { loadLivenessItems } from '../eval/datasets/liveness.js';
import { loadVideoItems, type VideoItem } from '../eval/datasets/videos.js';
import { findRepoRoot } from '@provefy/core/models';
import { writeSizedPhotos } from './bench-photos.js';
import type { BenchFiles } from './scenarios.js';

/** The sample inputs of the benchmark, read from a dataset laid out like the fixtures. */
export interface BenchInputs {
  readonly dir: string;
  /** A genuine pair: selfie and document/second photo bytes. */
  readonly pair: { readonly a: Buffer; readonly b: Buffer; readonly names: string } | null;
  readonly ageImage: { readonly bytes: Buffer; readonly name: string } | null;
  readonly livenessImage: { readonly bytes: Buffer; readonly name: string } | null;
  readonly document: { readonly bytes: Buffer; readonly name: string } | null;
  readonly clip: VideoItem | null;
}

/**
 * The folder with sample images: the given one, else `../shared/fixtures` next to the working directory or
 * the repository. None found is a `PROVEFY_ERR_DATASET` error.
 *
 * @example
 * ```ts
 * const dir = benchDataDir(); // '/work/shared/fixtures'
 * ```
 */
export function benchDataDir(given?: string): string {
  const candidates = given ? [resolve(given)] : [resolve(process.cwd(), '../shared/fixtures'), ...(findRepoRoot() ? [resolve(findRepoRoot()!, '../shared/fixtures')] : [])];
  const dir = candidates.find((c) => existsSync(c));
  if (!dir) throw new ProvefyError('PROVEFY_ERR_DATASET', `No sample images for the benchmark: pass --data <dir> (a dataset laid out like ../shared/fixtures); looked in ${candidates.join(', ')}`, { candidates });
  return dir;
}

function labels(dir: string, section: keyof typeof SECTION_LABELS): string | null {
  const f = join(dir, SECTION_LABELS[section]);
  return existsSync(f) ? f : null;
}

/**
 * Picks one input per check from a dataset: the first genuine face pair, the first age image, the first live
 * still, the first document with a labelled MRZ, and the shortest live clip with a labelled blink.
 *
 * @example
 * ```ts
 * const inputs = loadBenchInputs(benchDataDir());
 * ```
 */
export function loadBenchInputs(dir: string): BenchInputs {
  const faces = labels(dir, 'faces');
  const ages = labels(dir, 'ages');
  const liveness = labels(dir, 'liveness');
  const documents = labels(dir, 'documents');
  const videos = labels(dir, 'videos');
  const pair = faces ? loadFacePairs(faces).find((p) => p.same) : undefined;
  const age = ages ? loadAgeItems(ages)[0] : undefined;
  const live = liveness ? loadLivenessItems(liveness).find((i) => i.label === 'live') : undefined;
  const doc = documents ? (loadDocumentItems(documents).find((d) => d.mrz) ?? loadDocumentItems(documents)[0]) : undefined;
  const clip = videos
    ? (loadVideoItems(videos)
        .filter((c) => c.label === 'live' && c.events.some((e) => e.type === 'blink'))
        .sort((x, y) => (x.durationS ?? 1e9) - (y.durationS ?? 1e9))[0] ?? null)
    : null;
  return {
    dir,
    pair: pair ? { a: readFileSync(pair.aPath), b: readFileSync(pair.bPath), names: `${pair.a} vs ${pair.b}` } : null,
    ageImage: age ? { bytes: readFileSync(age.path), name: age.file } : null,
    livenessImage: live ? { bytes: readFileSync(live.path), name: live.file } : null,
    document: doc ? { bytes: readFileSync(doc.path), name: doc.file } : null,
    clip,
  };
}

/** The photo the 640x480 / 4000x3000 comparison is made from, when the dataset has it (a landscape portrait). */
const PHOTO_SOURCE = 'images/face_recognition/obama-720p.jpg';

/**
 * The sample files of every benchmark scenario, as paths (see {@link loadBenchInputs} for the choice), plus the
 * 640x480 and 4000x3000 photos written into `tmpDir` from a face photo of the dataset. Null fields: the dataset
 * has no such sample (the scenarios needing it are reported as not run).
 *
 * @example
 * ```ts
 * const files = await benchFiles(benchDataDir(), mkdtempSync(join(tmpdir(), 'bench-')));
 * ```
 */
export async function benchFiles(dir: string, tmpDir: string): Promise<BenchFiles | { missing: string }> {
  const faces = labels(dir, 'faces');
  const ages = labels(dir, 'ages');
  const liveness = labels(dir, 'liveness');
  const documents = labels(dir, 'documents');
  const videos = labels(dir, 'videos');
  const pairs = faces ? loadFacePairs(faces) : [];
  const pair = pairs.find((p) => p.same);
  const age = ages ? loadAgeItems(ages)[0] : undefined;
  const live = liveness ? loadLivenessItems(liveness).find((i) => i.label === 'live') : undefined;
  const docs = documents ? loadDocumentItems(documents) : [];
  const doc = docs.find((d) => d.mrz && d.documentType === 'PASSPORT') ?? docs.find((d) => d.mrz);
  const clip = videos
    ? (loadVideoItems(videos)
        .filter((c) => c.label === 'live' && c.events.some((e) => e.type === 'blink'))
        .sort((x, y) => (x.durationS ?? 1e9) - (y.durationS ?? 1e9))[0] ?? null)
    : null;
  const missing = [!pair && 'a genuine face pair', !age && 'an age image', !live && 'a live image', !doc && 'a document with an MRZ', !clip && 'a live clip with a blink'].filter(Boolean);
  if (missing.length || !pair || !age || !live || !doc || !clip) return { missing: `no ${missing.join(', ')} in ${dir}` };
  const preferred = faces ? join(dirname(faces), PHOTO_SOURCE) : '';
  const photoSource = existsSync(preferred) ? preferred : pair.aPath;
  const photos = await writeSizedPhotos(photoSource, tmpDir);
  return {
    dir,
    pairA: pair.aPath,
    pairB: pair.bPath,
    pairNames: `${pair.a} vs ${pair.b}`,
    ageImage: age.path,
    liveImage: live.path,
    document: doc.path,
    clip: clip.path,
    clipDurationS: clip.durationS ?? 3,
    photoSmall: photos.small,
    photoLarge: photos.large,
    photoSource,
  };
}
