import type { RgbImage } from '../../image/types.js';
import { getOnnxSession, ort } from '../../models/index.js';
import type { DetectedFace, FaceDetector } from '../types.js';
import { withInputBuffer } from './input-buffers.js';
import { letterboxTensor } from './letterbox.js';
import { nms } from './nms.js';

const STRIDES = [8, 16, 32] as const;
const YUNET_SIZE = 640;

/**
 * OpenCV Zoo YuNet (2023mar): fixed 640x640 BGR 0-255 input; per stride cls, obj, bbox, kps outputs;
 * score = sqrt(cls * obj). MIT licensed, so usable where InsightFace weights are not.
 */
export function yunetDetector(id = 'yunet_2023mar'): FaceDetector {
  return {
    id,
    fixedInputSize: YUNET_SIZE,
    async detect(img: RgbImage, { scoreThreshold, iouThreshold, maxScale }) {
      const session = await getOnnxSession(id);
      const { lb, out } = await withInputBuffer(3 * YUNET_SIZE * YUNET_SIZE, async (buffer) => {
        const lb = letterboxTensor(img, YUNET_SIZE, { order: 'bgr', mean: 0, std: 1 }, maxScale, buffer);
        const tensor = new ort.Tensor('float32', lb.data, [1, 3, YUNET_SIZE, YUNET_SIZE]);
        return { lb, out: await session.run({ [session.inputNames[0]!]: tensor }) };
      });
      const faces: DetectedFace[] = [];
      const inv = 1 / lb.scale;
      for (const s of STRIDES) {
        const cls = out[`cls_${s}`]!.data as Float32Array;
        const obj = out[`obj_${s}`]!.data as Float32Array;
        const bbox = out[`bbox_${s}`]!.data as Float32Array;
        const kps = out[`kps_${s}`]!.data as Float32Array;
        const gw = YUNET_SIZE / s;
        for (let i = 0; i < cls.length; i++) {
          const score = Math.sqrt(Math.min(1, Math.max(0, cls[i]!)) * Math.min(1, Math.max(0, obj[i]!)));
          if (score < scoreThreshold) continue;
          const col = i % gw;
          const row = Math.floor(i / gw);
          const cx = (col + bbox[i * 4]!) * s;
          const cy = (row + bbox[i * 4 + 1]!) * s;
          const w = Math.exp(bbox[i * 4 + 2]!) * s;
          const h = Math.exp(bbox[i * 4 + 3]!) * s;
          const lm = [0, 1, 2, 3, 4].map((k) => ({ x: (kps[i * 10 + k * 2]! + col) * s * inv, y: (kps[i * 10 + k * 2 + 1]! + row) * s * inv }));
          faces.push({ box: { x: (cx - w / 2) * inv, y: (cy - h / 2) * inv, width: w * inv, height: h * inv }, score, landmarks: lm as unknown as DetectedFace['landmarks'] });
        }
      }
      return nms(faces, iouThreshold);
    },
  };
}
