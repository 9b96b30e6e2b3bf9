import { objectPromiseCache } from '../../util/memo-per-object.js';
import type { RgbImage } from '../../image/types.js';
import type { FaceRecognizer } from '../recognizers/types.js';
import type { DetectedFace } from '../types.js';

const memo = objectPromiseCache<Float32Array | null>();

/**
 * Embeds `face` of `image` with a recognizer, memoised per decoded image, face, recognizer, flip and grey
 * settings: the same selfie matched against several documents is embedded once.
 *
 * @example
 * ```ts
 * const e = await embedFace(getRecognizer('mobilefacenet_128'), analysis.image, analysis.face!);
 * ```
 */
export function embedFace(rec: FaceRecognizer, image: RgbImage, face: DetectedFace, flip?: boolean, grey = false): Promise<Float32Array | null> {
  const b = face.box;
  const key = `${rec.id}:${flip ?? ''}:${grey ? 'g' : ''}:${b.x.toFixed(2)},${b.y.toFixed(2)},${b.width.toFixed(2)},${b.height.toFixed(2)}`;
  return memo.get(image, key, () => rec.embed(image, face, { ...(flip === undefined ? {} : { flip }), ...(grey ? { grey } : {}) }));
}
