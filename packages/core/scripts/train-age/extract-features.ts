/**
 * Frozen features for the age head, computed with the models Provefy already runs (YuNet detection,
 * face-api's age net over its 8 views, the MobileFaceNet-128 embedding, face quality cues), one JSON line
 * per image and variant.
 *
 *   npx tsx packages/core/scripts/train-age/extract-features.ts <dataset root> <out.jsonl> [--variants orig,grey,scan] [--every N [--offset K]]
 *
 * `<dataset root>` holds `ages/labels.json` (or is that folder). `--every N` keeps every N-th labelled item (a
 * subsample spread over all ages, since the labels are in age order); `--offset K` starts at the K-th (so
`--every 2 --offset 1` is the complement of `--every 2`). Variants mimic old photos for training:
 * `grey` is the greyscale image, `scan` is greyscale, shrunk to 40 % and enlarged back (a blurred scan).
 * Features are exactly those `estimateAge` computes at run time (see `age-features.ts`).
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { AGE_DETECTOR, ageFeatures } from '../../src/age/age-features.js';
import { loadAgeItems } from '../../../tools/src/eval/datasets/ages.js';
import { analyseFace } from '../../src/face/analyse-face.js';

const [root, out, ...rest] = process.argv.slice(2);
if (!root || !out) {
  console.error('usage: extract-features.ts <dataset root> <out.jsonl> [--variants orig,grey,scan] [--every N [--offset K]]');
  process.exit(2);
}
const vi = rest.indexOf('--variants');
const variants = (vi >= 0 ? rest[vi + 1]! : 'orig').split(',');
const labels = existsSync(join(root, 'ages/labels.json')) ? join(root, 'ages/labels.json') : join(root, 'labels.json');
const ei = rest.indexOf('--every');
const every = ei >= 0 ? Number(rest[ei + 1]) : 1;
const oi = rest.indexOf('--offset');
const offset = oi >= 0 ? Number(rest[oi + 1]) : 0;
if (!(Number.isInteger(every) && every >= 1 && Number.isInteger(offset) && offset >= 0 && offset < every)) {
  console.error('--every must be a positive integer and --offset an integer in [0, every)');
  process.exit(2);
}
const items = loadAgeItems(labels).filter((_, i) => i % every === offset);
writeFileSync(out, '');

async function variantImage(path: string, v: string): Promise<Buffer | string> {
  if (v === 'orig') return path;
  const meta = await sharp(path).metadata();
  if (v === 'grey') return sharp(path).greyscale().toColourspace('srgb').png().toBuffer();
  if (v === 'scan') {
    const w = Math.max(16, Math.round((meta.width ?? 200) * 0.4));
    const small = await sharp(path).greyscale().resize(w).png().toBuffer();
    return sharp(small).resize(meta.width ?? 200).toColourspace('srgb').png().toBuffer();
  }
  throw new Error(`unknown variant ${v}`);
}

const t0 = performance.now();
let n = 0;
for (const v of variants) {
  for (const it of items) {
    const a = await analyseFace(await variantImage(it.path, v), { detector: AGE_DETECTOR });
    const f = a.face ? await ageFeatures(a) : null;
    appendFileSync(out, `${JSON.stringify({ file: it.file, age: it.age, variant: v, features: f ? Array.from(f.vector, (x) => Math.round(x * 1e5) / 1e5) : null })}\n`);
    if (++n % 100 === 0) console.error(`${n} / ${items.length * variants.length} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
}
console.error(`done: ${n} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
