import type { RgbImage } from '../../image/types.js';
import type { FaceRecognizer } from '../recognizers/types.js';
import type { DetectedFace } from '../types.js';

const memo = new WeakMap<RgbImage, Map<string, Promise<Float32Array | null>>>();

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
  let m = memo.get(image);
  if (!m) {
    m = new Map();
    memo.set(image, m);
  }
  let p = m.get(key);
  if (!p) {
    p = rec.embed(image, face, { ...(flip === undefined ? {} : { flip }), ...(grey ? { grey } : {}) });
    m.set(key, p);
    const cache = m;
    p.catch(() => cache.delete(key));
  }
  return p;
}
