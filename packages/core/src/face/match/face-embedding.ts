import type { ImageInput, ImageLimits } from '../../image/types.js';
import { type ProfileName, selectProfile } from '../../models/index.js';
import { getRecognizer } from '../recognizers/index.js';
import type { FaceAnalysis } from '../types.js';
import { embedFace } from './embed-face.js';
import { photoSide } from './face-sides.js';
import type { MatchedFace } from './types.js';

export interface FaceEmbeddingOptions extends ImageLimits {
  /** Detector model id (default: the profile's detector). */
  detector?: string;
  /** Recognizer model id (default: the profile's recognizer). */
  recognizer?: string;
  profile?: ProfileName;
  /** Flip augmentation (default: the recognizer's calibrated choice). */
  flip?: boolean;
}

/** A face's embedding with what it was computed from. */
export interface FaceEmbedding {
  /** The vector (L2-normalised for cosine recognizers); compare with `getRecognizer(model).similarity`. */
  readonly embedding: Float32Array;
  /** Recognizer model id. */
  readonly model: string;
  readonly face: MatchedFace;
}

/**
 * The embedding of the largest face of a photo, exactly as {@link matchFaces} computes it for a selfie
 * (detect, re-detect small or tightly cropped faces, align, embed): for storing and comparing faces
 * yourself, e.g. a returning customer. Null when the image has no face.
 *
 * @example
 * ```ts
 * const a = await getFaceEmbedding(await readFile('selfie.jpg'));
 * const b = await getFaceEmbedding(await readFile('selfie-2.jpg'));
 * if (a && b) getRecognizer(a.model).similarity(a.embedding, b.embedding); // 0.78
 * ```
 */
export async function getFaceEmbedding(input: ImageInput | FaceAnalysis, opts: FaceEmbeddingOptions = {}): Promise<FaceEmbedding | null> {
  const profile = selectProfile(opts.profile);
  const rec = getRecognizer(opts.recognizer ?? profile.recognizer);
  const side = await photoSide(input, opts.detector ?? profile.detector, opts);
  if (!side) return null;
  const embedding = await embedFace(rec, side.image, side.face, opts.flip);
  return embedding ? { embedding, model: rec.id, face: side.matched } : null;
}
