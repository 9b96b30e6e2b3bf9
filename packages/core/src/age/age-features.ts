import { ProvefyError } from '../errors/index.js';
import { getRecognizer } from '../face/recognizers/index.js';
import type { DetectedFace, FaceQuality } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { faceApiAgeViews } from './estimators/faceapi-age.js';
import { isGreyscale } from './uncertainty.js';

/** The detector the age head was trained and calibrated on (the profiles' commercial detector). */
export const AGE_DETECTOR = 'yunet_2023mar';

/** Recognizers whose embeddings feed the age head, in feature order. */
export const AGE_EMBEDDERS: readonly string[] = ['mobilefacenet_128', 'faceapi_recognition'];

/** Length of the quality block: greyscale, log sharpness, log eye distance, brightness, yaw, pitch, roll, detection score. */
const QUALITY_DIMS = 8;

/** Frozen features of one face for the age head, and the face-api view ages they start with. */
export interface AgeFeatures {
  /** face-api's age over its 8 views. */
  readonly views: readonly number[];
  /** [8 view ages, mean, spread, 8 quality cues, 128-d MobileFaceNet, 128-d face-api descriptor]. */
  readonly vector: Float32Array;
}

/** Index of face-api's mean age over its views in {@link AgeFeatures.vector}. */
export const AGE_FEATURE_VIEW_MEAN = 8;

/** Length of {@link AgeFeatures.vector}. */
export const AGE_FEATURE_DIMS = 8 + 2 + QUALITY_DIMS + 128 + 128;

/**
 * Computes the age head's input for the largest face of an analysis: face-api's age over 8 views, simple
 * quality cues and two identity embeddings. The same function builds the training set
 * (packages/core/scripts/train-age) and runs at check time, so the two cannot drift apart.
 *
 * @example
 * ```ts
 * const f = await ageFeatures(await analyseFace(img, { detector: AGE_DETECTOR }));
 * f.vector.length === AGE_FEATURE_DIMS; // true
 * ```
 */
export async function ageFeatures(a: { readonly image: RgbImage; readonly face: DetectedFace | null; readonly quality: FaceQuality | null }): Promise<AgeFeatures> {
  const face = a.face;
  const q = a.quality;
  if (!face || !q) throw new ProvefyError('PROVEFY_ERR_NO_FACE', 'Age features need a detected face');
  const [views] = await faceApiAgeViews([{ image: a.image, face }]);
  const embeddings = await Promise.all(AGE_EMBEDDERS.map((id) => getRecognizer(id).embed(a.image, face)));
  const v = new Float32Array(AGE_FEATURE_DIMS);
  const mean = views!.reduce((s, x) => s + x, 0) / views!.length;
  const spread = Math.sqrt(views!.reduce((s, x) => s + (x - mean) ** 2, 0) / views!.length);
  v.set(views!, 0);
  v[AGE_FEATURE_VIEW_MEAN] = mean;
  v[9] = spread;
  v.set([isGreyscale(a.image) ? 1 : 0, Math.log1p(q.sharpness), Math.log1p(q.eyeDistance), q.brightness / 255, q.yaw / 90, q.pitch / 90, q.roll / 90, face.score], 10);
  let o = 10 + QUALITY_DIMS;
  for (const e of embeddings) {
    if (e) v.set(e.subarray(0, 128), o);
    o += 128;
  }
  return { views: views!, vector: v };
}
