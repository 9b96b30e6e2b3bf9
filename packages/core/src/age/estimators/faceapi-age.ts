import { toNchw } from '../../image/transform.js';
import type { RgbImage } from '../../image/types.js';
import type { DetectedFace } from '../../face/types.js';
import { getOnnxSession, ort, type Tensor } from '../../models/index.js';
import { type AgeEstimator, meanSpread } from '../types.js';
import { faceApiCrop } from '../../face/faceapi-crop.js';
import { landmarkBox } from './face-chip.js';

const SIZE = 112;
const PLANE = 3 * SIZE * SIZE;

/** Box scales (in units of the landmark box) used as test-time views; their mean matches face-api's 68-point box padded by 10%. */
export const FACEAPI_AGE_VIEWS: readonly number[] = [2.1, 2.3, 2.5, 2.8];

function flipHorizontal(img: RgbImage): RgbImage {
  const out = new Uint8Array(img.data.length);
  const { width: w, height: h } = img;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * 3;
      const d = (y * w + (w - 1 - x)) * 3;
      out[d] = img.data[s]!;
      out[d + 1] = img.data[s + 1]!;
      out[d + 2] = img.data[s + 2]!;
    }
  }
  return { data: out, width: w, height: h, channels: 3 };
}

/**
 * face-api's age net input for the test-time views of each face: `views.length` crop scales, each also mirrored
 * when `flip` (in that order), as one [N x views, 3, 112, 112] tensor.
 *
 * @example
 * ```ts
 * const input = faceApiAgeInput([{ image, face }]); // dims [8, 3, 112, 112]
 * ```
 */
export function faceApiAgeInput(items: readonly { image: RgbImage; face: DetectedFace }[], views: readonly number[] = FACEAPI_AGE_VIEWS, flip = true): Tensor {
  const perItem = views.length * (flip ? 2 : 1);
  const buf = new Float32Array(items.length * perItem * PLANE);
  let k = 0;
  for (const { image, face } of items) {
    for (const s of views) {
      const chip = faceApiCrop(image, landmarkBox(face, s), SIZE);
      toNchw(chip, {}, buf, k++ * PLANE);
      if (flip) toNchw(flipHorizontal(chip), {}, buf, k++ * PLANE);
    }
  }
  return new ort.Tensor('float32', buf, [items.length * perItem, 3, SIZE, SIZE]);
}

/**
 * The raw age of every test-time view of each face: `views.length` crop scales, each also mirrored when
 * `flip` (in that order). One array per face.
 *
 * @example
 * ```ts
 * const [views] = await faceApiAgeViews([{ image, face }]); // 8 ages in years
 * ```
 */
export async function faceApiAgeViews(items: readonly { image: RgbImage; face: DetectedFace }[], id = 'faceapi_age', views: readonly number[] = FACEAPI_AGE_VIEWS, flip = true): Promise<number[][]> {
  if (items.length === 0) return [];
  const session = await getOnnxSession(id);
  const perItem = views.length * (flip ? 2 : 1);
  const out = await session.run({ input: faceApiAgeInput(items, views, flip) });
  const age = out['age']!.data as Float32Array;
  return items.map((_, i) => Array.from(age.subarray(i * perItem, (i + 1) * perItem)));
}

/**
 * face-api's AgeGenderNet (TinyXception, MIT), converted op for op to ONNX. Input: face-api's square crop
 * at 112 px, raw RGB 0-255 (the graph normalises). The crop box comes from the five landmarks at several
 * scales, each also mirrored; the estimate is the mean over these views and the spread their deviation.
 */
export function faceApiAgeEstimator(id = 'faceapi_age', views: readonly number[] = FACEAPI_AGE_VIEWS, flip = true): AgeEstimator {
  return {
    id,
    async estimate(items) {
      return (await faceApiAgeViews(items, id, views, flip)).map((v) => meanSpread(v));
    },
  };
}
