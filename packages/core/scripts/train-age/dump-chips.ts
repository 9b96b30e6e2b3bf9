/**
 * face-api's 112 px age chips (its 4 crop scales, not mirrored), as `estimateAge` cuts them from YuNet detections, one
 * binary file per set: per image a JSON line in `<out>.jsonl` (file, age, found) and, when a face was found, 4 × 112 × 112
 * × 3 bytes (RGB) appended to `<out>.bin`. For fine-tuning the age net (experiment; see the README).
 *
 *   npx tsx packages/core/scripts/train-age/dump-chips.ts <dataset root> <out prefix>
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGE_DETECTOR } from '../../src/age/age-features.js';
import { FACEAPI_AGE_VIEWS } from '../../src/age/estimators/faceapi-age.js';
import { landmarkBox } from '../../src/age/estimators/face-chip.js';
import { faceApiCrop } from '../../src/face/faceapi-crop.js';
import { analyseFace } from '../../src/face/analyse-face.js';
import { loadAgeItems } from '../../../tools/src/eval/datasets/ages.js';

const [root, out] = process.argv.slice(2);
if (!root || !out) {
  console.error('usage: dump-chips.ts <dataset root> <out prefix>');
  process.exit(2);
}
const labels = existsSync(join(root, 'ages/labels.json')) ? join(root, 'ages/labels.json') : join(root, 'labels.json');
const items = loadAgeItems(labels);
writeFileSync(`${out}.jsonl`, '');
writeFileSync(`${out}.bin`, Buffer.alloc(0));
const t0 = performance.now();
let n = 0;
for (const it of items) {
  const a = await analyseFace(it.path, { detector: AGE_DETECTOR });
  const found = a.face !== null && a.face !== undefined;
  if (found) {
    for (const s of FACEAPI_AGE_VIEWS) appendFileSync(`${out}.bin`, faceApiCrop(a.image, landmarkBox(a.face!, s), 112).data);
  }
  appendFileSync(`${out}.jsonl`, `${JSON.stringify({ file: it.file, age: it.age, found })}\n`);
  if (++n % 200 === 0) console.error(`${n} / ${items.length} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
console.error(`done: ${n} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
