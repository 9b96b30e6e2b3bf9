import type { CheckReason, CheckResult } from '../../check-result.js';
import type { Box, ImageLimits } from '../../image/types.js';
import type { ProfileName } from '../../models/index.js';
import type { FaceQuality } from '../types.js';

/** Limits under which a face is too poor to decide on automatically (the match goes to REVIEW). */
export interface MatchQualityLimits {
  /** Minimum distance between the eyes in the original image, px (default 20). */
  minEyeDistance: number;
  /** Minimum sharpness (variance of the Laplacian on the 112 px face crop; default 40). */
  minSharpness: number;
  /** Mean luma range of the face crop (default 40-225). */
  minBrightness: number;
  maxBrightness: number;
  /** Largest head turn in degrees (default 40). */
  maxYaw: number;
  /** Largest head tilt up or down in degrees (default 35). */
  maxPitch: number;
}

export interface FaceMatchOptions extends ImageLimits {
  /** Minimum `similarityScore` to pass (default: the recognizer's calibrated `matchThreshold`). */
  threshold?: number;
  /**
   * Width of the REVIEW band around the threshold: a number for a symmetric band, or `[below, above]`.
   * Default: from the recognizer's calibrated `reviewThreshold` up to the threshold (`[threshold -
   * reviewThreshold, 0]`). `0` disables REVIEW for borderline scores.
   */
  reviewBand?: number | readonly [number, number];
  /** Recognizer model id (default: the profile's recognizer). */
  recognizer?: string;
  /**
   * Fuse the recognizer's score with its calibrated partner's (manifest `fusion`): default on when the
   * partner's weights are installed; `false` uses the recognizer alone; `true` requires the partner.
   */
  fusion?: boolean;
  /** Detector model id (default: the profile's detector). */
  detector?: string;
  /** Model profile (default: `selectProfile()`). */
  profile?: ProfileName;
  /** Flip augmentation (default: the recognizer's calibrated choice). */
  flip?: boolean;
  /**
   * Embed both faces in grey, which removes the colour cast of printed portraits. Default: on against a
   * document, off for photo pairs (`documentKind: 'photo'`).
   */
  grey?: boolean;
  /** Where the portrait is on the document image, e.g. `readDocument().portrait`: searched first. */
  documentPortrait?: Box | null;
  /**
   * What the second image is: `'document'` (default) searches it for the main printed portrait
   * (ghost images lose); `'photo'` takes its largest face like the selfie (photo against photo).
   */
  documentKind?: 'document' | 'photo';
  /** Several faces in the selfie: `'review'` (default) or `'fail'`. */
  multipleFaces?: 'review' | 'fail';
  /** Quality limits (each field optional). */
  quality?: Partial<MatchQualityLimits>;
}

/** One side of the comparison. */
export interface MatchedFace {
  /** Face box in the image's upright pixels. */
  readonly box: Box;
  /** Detector score. */
  readonly score: number;
  readonly quality: FaceQuality;
  /** Faces found in the image (the document's includes ghost images). */
  readonly faceCount: number;
}

/** The result of {@link matchFaces}: the contract's `faceMatch` fields plus the evidence. */
export interface FaceMatchResult {
  /** Similarity 0-1 (clamped cosine for ArcFace-style recognizers); 0 when a face is missing. */
  readonly similarityScore: number;
  /** `similarityScore >= threshold`. */
  readonly isMatch: boolean;
  readonly result: CheckResult;
  readonly threshold: number;
  /** The REVIEW band actually applied, `[from, to)`: scores inside it give REVIEW. */
  readonly reviewBand: readonly [number, number];
  /** Recognizer model id. */
  readonly model: string;
  /** Detector model id. */
  readonly detector: string;
  readonly faces: { readonly selfie: MatchedFace | null; readonly document: MatchedFace | null };
  readonly reasons: readonly CheckReason[];
}
