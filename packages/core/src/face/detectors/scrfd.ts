import type { RgbImage } from '../../image/types.js';
import { getOnnxSession, ort } from '../../models/index.js';
import type { DetectedFace, FaceDetector } from '../types.js';
import { withInputBuffer } from './input-buffers.js';
import { letterboxTensor } from './letterbox.js';
import { nms } from './nms.js';

const STRIDES = [8, 16, 32] as const;
const ANCHORS = 2;

/**
 * InsightFace SCRFD detectors (det_10g, det_500m, 2.5g with key points): RGB, (x - 127.5) / 128,
 * nine outputs (scores, boxes, key points for strides 8, 16, 32; two anchors per cell).
 */
export function scrfdDetector(id: string): FaceDetector {
  return {
    id,
    async detect(img: RgbImage, { inputSize, scoreThreshold, iouThreshold, maxScale }) {
      const session = await getOnnxSession(id);
      const { lb, out } = await withInputBuffer(3 * inputSize * inputSize, async (buffer) => {
        const lb = letterboxTensor(img, inputSize, { order: 'rgb', mean: 127.5, std: 128 }, maxScale, buffer);
        const tensor = new ort.Tensor('float32', lb.data, [1, 3, inputSize, inputSize]);
        return { lb, out: await session.run({ [session.inputNames[0]!]: tensor }) };
      });
      const names = session.outputNames;
      const faces: DetectedFace[] = [];
      for (let si = 0; si < STRIDES.length; si++) {
        const s = STRIDES[si]!;
        const scores = out[names[si]!]!.data as Float32Array;
        const boxes = out[names[si + 3]!]!.data as Float32Array;
        const kps = out[names[si + 6]!]!.data as Float32Array;
        const gw = Math.ceil(inputSize / s);
        for (let i = 0; i < scores.length; i++) {
          const score = scores[i]!;
          if (score < scoreThreshold) continue;
          const cell = Math.floor(i / ANCHORS);
          const cx = (cell % gw) * s;
          const cy = Math.floor(cell / gw) * s;
          const x1 = cx - boxes[i * 4]! * s;
          const y1 = cy - boxes[i * 4 + 1]! * s;
          const x2 = cx + boxes[i * 4 + 2]! * s;
          const y2 = cy + boxes[i * 4 + 3]! * s;
          const inv = 1 / lb.scale;
          const lm = [0, 1, 2, 3, 4].map((k) => ({ x: (cx + kps[i * 10 + k * 2]! * s) * inv, y: (cy + kps[i * 10 + k * 2 + 1]! * s) * inv }));
          faces.push({
            box: { x: x1 * inv, y: y1 * inv, width: (x2 - x1) * inv, height: (y2 - y1) * inv },
            score,
            landmarks: lm as unknown as DetectedFace['landmarks'],
          });
        }
      }
      return nms(faces, iouThreshold);
    },
  };
}
