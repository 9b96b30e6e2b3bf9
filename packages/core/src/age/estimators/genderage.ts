import { cropResize, toNchw } from '../../image/transform.js';
import { getOnnxSession, ort } from '../../models/index.js';
import type { AgeEstimator } from '../types.js';

const SIZE = 96;

/**
 * InsightFace GenderAge (the contract's model; non-commercial weights). Crop centred on the face box with
 * side 1.5 x max(w, h), resized to 96, raw RGB 0-255. Output fc1 = [female, male, age / 100].
 */
export function genderAgeEstimator(id = 'genderage'): AgeEstimator {
  return {
    id,
    async estimate(items) {
      if (items.length === 0) return [];
      const session = await getOnnxSession(id);
      const buf = new Float32Array(items.length * 3 * SIZE * SIZE);
      items.forEach(({ image, face }, i) => {
        const side = 1.5 * Math.max(face.box.width, face.box.height);
        const cx = face.box.x + face.box.width / 2;
        const cy = face.box.y + face.box.height / 2;
        toNchw(cropResize(image, { x: cx - side / 2, y: cy - side / 2, width: side, height: side }, SIZE, SIZE), {}, buf, i * 3 * SIZE * SIZE);
      });
      const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', buf, [items.length, 3, SIZE, SIZE]) });
      const fc = out[session.outputNames[0]!]!.data as Float32Array;
      return items.map((_, i) => ({ age: fc[i * 3 + 2]! * 100, spread: 0 }));
    },
  };
}
