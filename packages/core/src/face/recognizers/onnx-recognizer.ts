import type { TensorOptions } from '../../image/transform.js';
import { greyRgb, toNchw } from '../../image/transform.js';
import type { RgbImage } from '../../image/types.js';
import { getModelEntry, getOnnxSession, ort } from '../../models/index.js';
import { isFaceAnalysis } from '../analyse-face.js';
import type { DetectedFace, FaceAnalysis } from '../types.js';
import { cosineSimilarity, euclideanDistance, flipHorizontal, l2Normalise } from './embedding-math.js';
import type { EmbedOptions, FaceRecognizer } from './types.js';

/** Width of the REVIEW band below the threshold for a recognizer whose manifest entry has no `reviewThreshold`. */
export const DEFAULT_REVIEW_BELOW = 0.04;

/** What distinguishes one ONNX embedding network from another. */
export interface OnnxRecognizerSpec {
  readonly id: string;
  readonly dims: number;
  readonly inputSize: number;
  /** Pixel normalisation of the input tensor. */
  readonly tensor: TensorOptions;
  /** Largest batch the graph accepts (1 for fixed-batch exports). */
  readonly maxBatch: number;
  /** Flip augmentation default. */
  readonly flip: boolean;
  /** Comparison: cosine (vectors are L2-normalised) or euclidean (raw vectors, `distanceScale` map). */
  readonly metric?: 'cosine' | 'euclidean';
  /** Euclidean metric only: score = clamp(1 - distance / distanceScale, 0, 1). */
  readonly distanceScale?: number;
  /** Threshold used when the manifest has none. */
  readonly fallbackThreshold: number;
  crop(image: RgbImage, face: DetectedFace): RgbImage;
}

/**
 * Builds a {@link FaceRecognizer} around an ONNX embedding network: crop, NCHW tensor, run,
 * L2-normalise, optional flip augmentation (sum of the embeddings of the crop and its mirror).
 */
export function onnxRecognizer(spec: OnnxRecognizerSpec): FaceRecognizer {
  const entry = getModelEntry(spec.id);
  const matchThreshold = entry.matchThreshold ?? spec.fallbackThreshold;
  const reviewBelow = entry.reviewThreshold === undefined ? DEFAULT_REVIEW_BELOW : Math.max(0, matchThreshold - entry.reviewThreshold);
  const sz = spec.inputSize;
  const plane = 3 * sz * sz;
  const metric = spec.metric ?? 'cosine';
  const distanceScale = spec.distanceScale ?? 1.2;
  const finish = metric === 'cosine' ? l2Normalise : (v: Float32Array) => v;

  async function runBatch(crops: readonly RgbImage[]): Promise<Float32Array[]> {
    const session = await getOnnxSession(spec.id);
    const input = session.inputNames[0]!;
    const output = session.outputNames[0]!;
    const out: Float32Array[] = [];
    for (let start = 0; start < crops.length; start += spec.maxBatch) {
      const part = crops.slice(start, start + spec.maxBatch);
      const buf = new Float32Array(part.length * plane);
      for (let i = 0; i < part.length; i++) toNchw(part[i]!, spec.tensor, buf, i * plane);
      const res = await session.run({ [input]: new ort.Tensor('float32', buf, [part.length, 3, sz, sz]) });
      const data = res[output]!.data as Float32Array;
      const d = data.length / part.length;
      for (let i = 0; i < part.length; i++) out.push(Float32Array.from(data.subarray(i * d, (i + 1) * d)));
    }
    return out;
  }

  const rec: FaceRecognizer = {
    id: spec.id,
    dims: spec.dims,
    inputSize: sz,
    matchThreshold,
    reviewBelow,
    metric,
    flip: spec.flip,
    crop: spec.crop,
    async embedCrops(crops) {
      return (await runBatch(crops)).map(finish);
    },
    async embed(source: FaceAnalysis | RgbImage, face?: DetectedFace | null, opts: EmbedOptions = {}) {
      const image = isFaceAnalysis(source) ? source.image : source;
      const f = face ?? (isFaceAnalysis(source) ? source.face : null);
      if (!f) return null;
      const chip = opts.grey ? greyRgb(spec.crop(image, f)) : spec.crop(image, f);
      const flip = opts.flip ?? spec.flip;
      const raw = await runBatch(flip ? [chip, flipHorizontal(chip)] : [chip]);
      const sum = raw[0]!;
      if (flip) {
        // Cosine: sum of the unit vectors, renormalised. Euclidean: mean of the two descriptors.
        const m = raw[1]!;
        if (metric === 'cosine') {
          l2Normalise(sum);
          l2Normalise(m);
        }
        for (let i = 0; i < sum.length; i++) sum[i] = metric === 'cosine' ? sum[i]! + m[i]! : (sum[i]! + m[i]!) / 2;
      }
      return finish(sum);
    },
    similarity(a, b) {
      const s = metric === 'cosine' ? cosineSimilarity(a, b) : 1 - euclideanDistance(a, b) / distanceScale;
      return Math.max(0, Math.min(1, s));
    },
  };
  return rec;
}
