import { ProvefyError } from '../errors/index.js';
import { toNchw } from '../image/transform.js';
import type { Box, RgbImage } from '../image/types.js';
import { getModelEntry, getOnnxSession, ort } from '../models/index.js';
import { antiSpoofPatch } from './anti-spoof-crop.js';

/** One face to score: the frame and the detector box of the face. */
export interface SpoofScoreInput {
  readonly image: RgbImage;
  readonly box: Box;
}

/** Per-face output of the passive ensemble. */
export interface SpoofScore {
  /** Mean of the models' softmax probability of class 1 (real face): upstream's ensemble. */
  readonly real: number;
  /** Each model's probability of a real face, in the order of the model ids. */
  readonly perModel: readonly number[];
}

const PATCH = 80;
const MAX_BATCH = 32;

/** The crop scale a MiniFASNet model was trained with (from its manifest entry, e.g. 2.7 or 4.0). */
export function antiSpoofCropScale(id: string): number {
  const s = getModelEntry(id).input.cropScale;
  if (typeof s !== 'number' || !(s > 0)) throw new ProvefyError('PROVEFY_ERR_CONFIG', `Model ${id} has no input.cropScale in the manifest`, { id });
  return s;
}

function softmaxReal(l: Float32Array, i: number): number {
  const a = l[i * 3]!;
  const b = l[i * 3 + 1]!;
  const c = l[i * 3 + 2]!;
  const m = Math.max(a, b, c);
  const ea = Math.exp(a - m);
  const eb = Math.exp(b - m);
  const ec = Math.exp(c - m);
  return eb / (ea + eb + ec);
}

/**
 * Runs the passive anti-spoofing ensemble (MiniFASNet V2 at crop scale 2.7 and V1SE at 4.0 by default)
 * on faces, batched per model (dynamic batch, up to 32 patches a run). Each model's patch is built as
 * upstream builds it ({@link antiSpoofPatch}), fed as BGR 0-255; the score is the mean of the models'
 * softmax probability of class 1 (real).
 *
 * @example
 * ```ts
 * const [s] = await scoreSpoof([{ image: frame, box: face.box }]);
 * s.real; // 0.97 for a live face, ~0.01 for a phone replay
 * ```
 */
export async function scoreSpoof(items: readonly SpoofScoreInput[], models: readonly string[] = ['minifasnet_v2', 'minifasnet_v1se']): Promise<SpoofScore[]> {
  if (items.length === 0) return [];
  if (models.length === 0) throw new ProvefyError('PROVEFY_ERR_CONFIG', 'No liveness model configured');
  const per: number[][] = items.map(() => []);
  for (const id of models) {
    const scale = antiSpoofCropScale(id);
    const session = await getOnnxSession(id);
    const inputName = session.inputNames[0] ?? 'input';
    const outputName = session.outputNames[0] ?? 'logits';
    for (let start = 0; start < items.length; start += MAX_BATCH) {
      const n = Math.min(MAX_BATCH, items.length - start);
      const buf = new Float32Array(n * 3 * PATCH * PATCH);
      for (let i = 0; i < n; i++) {
        const it = items[start + i]!;
        toNchw(antiSpoofPatch(it.image, it.box, scale, PATCH), { order: 'bgr' }, buf, i * 3 * PATCH * PATCH);
      }
      const out = await session.run({ [inputName]: new ort.Tensor('float32', buf, [n, 3, PATCH, PATCH]) });
      const logits = out[outputName]?.data as Float32Array | undefined;
      if (!logits || logits.length < n * 3) throw new ProvefyError('PROVEFY_ERR_INTERNAL_SERVER', `Model ${id} returned no logits`, { id });
      for (let i = 0; i < n; i++) per[start + i]!.push(softmaxReal(logits, i));
    }
  }
  return per.map((p) => ({ real: p.reduce((a, b) => a + b, 0) / p.length, perModel: p }));
}
