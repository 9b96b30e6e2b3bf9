/**
 * Frozen features for the age head, computed with the models Provefy already runs (YuNet detection,
 * face-api's age net over its 8 views, the MobileFaceNet-128 embedding, face quality cues), one JSON line
 * per image and variant.
 *
 *   npx tsx packages/core/scripts/train-age/extract-features.ts <dataset root> <out.jsonl> [--variants orig,grey,scan,old] [--every N [--offset K]]
 *     [--reverse] [--penult faceapi_age_penult.onnx]
 *
 * `<dataset root>` holds `ages/labels.json` (or is that folder). `--every N` keeps every N-th labelled item (a
 * subsample spread over all ages, since the labels are in age order); `--offset K` starts at the K-th (so
`--every 2 --offset 1` is the complement of `--every 2`). Variants mimic old photos for training:
 * `grey` is the greyscale image, `scan` is greyscale, shrunk to 40 % and enlarged back (a blurred scan), `old` an old
 * photo drawn per file (see `oldPhoto`). `--penult` (experiments, see the README) also writes the pooled features of
 * face-api's age net, averaged over its 8 views, from make_penult_model.py's copy of the net.
 * Features are exactly those `estimateAge` computes at run time (see `age-features.ts`).
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { AGE_DETECTOR, ageFeatures } from '../../src/age/age-features.js';
import { faceApiAgeInput } from '../../src/age/estimators/faceapi-age.js';
import { ort } from '../../src/models/index.js';
import { loadAgeItems } from '../../../tools/src/eval/datasets/ages.js';
import { analyseFace } from '../../src/face/analyse-face.js';

const [root, out, ...rest] = process.argv.slice(2);
if (!root || !out) {
  console.error('usage: extract-features.ts <dataset root> <out.jsonl> [--variants orig,grey,scan,old] [--every N [--offset K]] [--reverse] [--penult model.onnx]');
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
const pi = rest.indexOf('--penult');
// An experiment's feature source: face-api's age net with its pooled features exposed as an output `features`
// (make-penult-model.py); the mean over the 8 views is written as `penult`.
const penult = pi >= 0 ? await ort.InferenceSession.create(rest[pi + 1]!, { intraOpNumThreads: 1 }) : null;
const items = loadAgeItems(labels).filter((_, i) => i % every === offset);
// `--reverse`: from the last item backwards, so a second process can share one file's work (rows are deduplicated by
// file when the two outputs are joined).
if (rest.includes('--reverse')) items.reverse();
writeFileSync(out, '');

/** A seeded generator per file name (mulberry32 over the name's hash), so each variant is reproducible. */
function rng(name: string): () => number {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `old`: an old photo or scan, drawn per file: greyscale (70 %) or faded colour, lower contrast, shrunk to
 * 25-70 % and enlarged back, a slight blur, film grain, JPEG at quality 25-75.
 */
async function oldPhoto(path: string, w: number, h: number): Promise<Buffer> {
  const r = rng(path);
  const grey = r() < 0.7;
  const contrast = 0.55 + 0.4 * r();
  const scale = 0.25 + 0.45 * r();
  const blur = 0.3 + 1.2 * r();
  const grain = 2 + 10 * r();
  const quality = Math.round(25 + 50 * r());
  let img = sharp(path).removeAlpha();
  img = grey ? img.greyscale() : img.modulate({ saturation: 0.4 + 0.4 * r() });
  img = img.linear(contrast, 128 * (1 - contrast) + (r() - 0.5) * 30);
  const small = await img.resize(Math.max(24, Math.round(w * scale))).blur(blur).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const d = small.data;
  const c = small.info.channels;
  for (let i = 0; i < d.length; i += c) {
    // Box-Muller grain, the same on every channel (film grain is luminance noise)
    const n = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()) * grain;
    for (let k = 0; k < c; k++) d[i + k] = Math.max(0, Math.min(255, d[i + k]! + n));
  }
  const jpg = await sharp(d, { raw: { width: small.info.width, height: small.info.height, channels: c } }).jpeg({ quality }).toBuffer();
  return sharp(jpg).resize(w, h).toColourspace('srgb').png().toBuffer();
}

async function variantImage(path: string, v: string): Promise<Buffer | string> {
  if (v === 'orig') return path;
  const meta = await sharp(path).metadata();
  if (v === 'grey') return sharp(path).greyscale().toColourspace('srgb').png().toBuffer();
  if (v === 'old') return oldPhoto(path, meta.width ?? 200, meta.height ?? 200);
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
    let pen: number[] | null = null;
    if (penult && a.face) {
      const o = await penult.run({ input: faceApiAgeInput([{ image: a.image, face: a.face }]) });
      const t = o['features']!;
      const dims = t.dims[1]!;
      const views = t.dims[0]!;
      const data = t.data as Float32Array;
      pen = Array.from({ length: dims }, (_, j) => {
        let sum = 0;
        for (let k = 0; k < views; k++) sum += data[k * dims + j]!;
        return Math.round((sum / views) * 1e4) / 1e4;
      });
    }
    appendFileSync(out, `${JSON.stringify({ file: it.file, age: it.age, variant: v, features: f ? Array.from(f.vector, (x) => Math.round(x * 1e5) / 1e5) : null, ...(pen ? { penult: pen } : {}) })}\n`);
    if (++n % 100 === 0) console.error(`${n} / ${items.length * variants.length} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
}
console.error(`done: ${n} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
