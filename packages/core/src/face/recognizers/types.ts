import type { RgbImage } from '../../image/types.js';
import type { DetectedFace, FaceAnalysis } from '../types.js';

/** How to embed a face. */
export interface EmbedOptions {
  /**
   * Also embed the horizontally mirrored crop and sum the two embeddings before normalising
   * (flip augmentation). Default: the recognizer's calibrated choice ({@link FaceRecognizer.flip}).
   */
  flip?: boolean;
  /** Embed the crop in grey (luma in all channels), e.g. to compare a colour-cast printed portrait with a selfie. */
  grey?: boolean;
}

/**
 * A face-embedding model. `similarity` gives the 0-1 `similarityScore` of the contract and
 * `matchThreshold` is the recognizer's calibrated threshold on it. Cosine recognizers (ArcFace,
 * MobileFaceNet) return L2-normalised vectors and score the clamped cosine; face-api's dlib network
 * was trained for euclidean distance, so its descriptors stay raw and its score is a distance map.
 */
export interface FaceRecognizer {
  /** Manifest model id (e.g. `mobilefacenet_128`). */
  readonly id: string;
  /** Embedding length. */
  readonly dims: number;
  /** Side of the square crop the network takes. */
  readonly inputSize: number;
  /** Default decision threshold on {@link FaceRecognizer.similarity} (from the manifest's `matchThreshold`). */
  readonly matchThreshold: number;
  /** Width of the default REVIEW band below `matchThreshold` (from the manifest's `reviewThreshold`). */
  readonly reviewBelow: number;
  /** How embeddings are compared: cosine of L2-normalised vectors, or euclidean distance of raw descriptors. */
  readonly metric: 'cosine' | 'euclidean';
  /** Whether flip augmentation is on by default for this recognizer (chosen from measurements). */
  readonly flip: boolean;
  /** The network's input crop of `face` in `image` (an aligned chip or the model's own crop). */
  crop(image: RgbImage, face: DetectedFace): RgbImage;
  /** Embeds ready crops of `inputSize`; one vector per crop (L2-normalised for cosine recognizers). */
  embedCrops(crops: readonly RgbImage[]): Promise<Float32Array[]>;
  /**
   * Embeds the largest face of an analysis (null when it has none), or `face` in a decoded image.
   * Cosine recognizers return an L2-normalised vector.
   */
  embed(source: FaceAnalysis | RgbImage, face?: DetectedFace | null, opts?: EmbedOptions): Promise<Float32Array | null>;
  /** Similarity score 0-1 of two embeddings of this recognizer (clamped cosine, or the distance map). */
  similarity(a: Float32Array, b: Float32Array): number;
}
