import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProvefyError } from '@provefy/core';
import { loadAgeItems } from '../eval/datasets/ages.js';
import { loadDocumentItems } from '../eval/datasets/documents.js';
import { loadFacePairs } from '../eval/datasets/faces.js';
import { SECTION_LABELS } from '../eval/datasets/layout.js';
import { loadLivenessItems } from '../eval/datasets/liveness.js';
import { loadVideoItems, type VideoItem } from '../eval/datasets/videos.js';
import { findRepoRoot } from '@provefy/core/models';

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
