/**
 * Latency of the face pipeline per image (detect, re-detect when needed, align, embed: what
 * `matchFaces` runs for a selfie, via `getFaceEmbedding`), for the face fixtures.
 *
 *   npx tsx packages/tools/src/calibration/bench-pipeline.ts [--detector scrfd_500m] [--recognizer mobilefacenet_128] [--runs 5] [dir]
 *
 * Images are decoded first (decoding is not part of the figure). Each run times every image once;
 * the script prints each run's median and the minimum of the medians (the machine is shared, so
 * the minimum over runs is the least disturbed estimate), plus the detection-only median.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadImage, type RgbImage, detectFaces, getFaceEmbedding, getRecognizer } from '@provefy/core';
import { selectProfile } from '@provefy/core/models';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const profile = selectProfile();
const detector = opt('detector') ?? profile.detector;
const rec = getRecognizer(opt('recognizer') ?? profile.recognizer);
const runs = Number(opt('runs') ?? 5);
const flipArg = opt('flip');
const flip = flipArg === undefined ? undefined : flipArg === 'true';
const dir = resolve(args[0] ?? '../shared/fixtures/faces/images');

function listImages(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? listImages(p) : /\.(jpe?g|png)$/i.test(n) ? [p] : [];
  });
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const images: RgbImage[] = [];
for (const f of listImages(dir)) images.push(await loadImage(f));
const embedOpts = { detector, recognizer: rec.id, ...(flip === undefined ? {} : { flip }) };
// A fresh object per call: analyses and embeddings are memoised per image object.
for (const img of images.slice(0, 3)) await getFaceEmbedding({ ...img }, embedOpts);
const medians: number[] = [];
const det: number[] = [];
let found = 0;
for (let r = 0; r < runs; r++) {
  const total: number[] = [];
  for (const img of images) {
    const t0 = performance.now();
    const e = await getFaceEmbedding({ ...img }, embedOpts);
    total.push(performance.now() - t0);
    if (r === 0 && e) found++;
    const t1 = performance.now();
    await detectFaces(img, { detector });
    det.push(performance.now() - t1);
  }
  medians.push(median(total));
}
console.log(
  `${images.length} images (${found} with a face), ${detector} + ${rec.id} (flip ${flip ?? rec.flip}): per-run medians ${medians.map((m) => m.toFixed(1)).join(', ')} ms; ` +
    `min of medians ${Math.min(...medians).toFixed(1)} ms; detection alone p50 ${median(det).toFixed(1)} ms`,
);
