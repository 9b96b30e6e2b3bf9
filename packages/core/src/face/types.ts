import type { Box, Point, RgbImage } from '../image/types.js';

/**
 * One detected face. Landmarks are five points in image coordinates, in this order:
 * the eye on the image's left, the eye on the image's right, the nose tip, the mouth corner on the
 * image's left, the mouth corner on the image's right (the order of the ArcFace template).
 */
export interface DetectedFace {
  readonly box: Box;
  readonly score: number;
  readonly landmarks: readonly [Point, Point, Point, Point, Point];
}

/** Signals of how usable a face crop is. */
export interface FaceQuality {
  /** Inter-ocular distance in pixels. */
  readonly eyeDistance: number;
  /** Shorter side of the face box in pixels. */
  readonly faceSize: number;
  /** Variance of the Laplacian on the face crop normalised to 112 px (higher = sharper). */
  readonly sharpness: number;
  /** Mean luma of the face crop, 0-255. */
  readonly brightness: number;
  /** Yaw estimate in degrees from landmarks; positive = nose toward image right. */
  readonly yaw: number;
  /** Pitch estimate in degrees from landmarks; positive = looking down. */
  readonly pitch: number;
  /** Roll in degrees (angle of the eye line). */
  readonly roll: number;
}

/** The result of analysing an image once; every check accepts it so a selfie is detected only once. */
export interface FaceAnalysis {
  readonly kind: 'face-analysis';
  readonly image: RgbImage;
  /** All faces, largest first. */
  readonly faces: readonly DetectedFace[];
  /** The largest face, or null. */
  readonly face: DetectedFace | null;
  readonly faceCount: number;
  /** Quality of the largest face, or null. */
  readonly quality: FaceQuality | null;
  /** Detector model id used. */
  readonly detector: string;
  /**
   * `image` pixels per pixel of the photo, when a large photo was decoded smaller for the face pipeline (`image`,
   * `faces` are then in the smaller image's pixels; `quality` sizes are in the photo's own pixels). Absent at full size.
   */
  readonly scale?: number;
}

export interface DetectOptions {
  /** Detector model id (default: the profile's detector). */
  detector?: string;
  /** Minimum detection score (default 0.5). */
  scoreThreshold?: number;
  /** NMS IoU threshold (default 0.4). */
  iouThreshold?: number;
  /** Retry with a padded image and at a larger input size when nothing is found (default true). */
  retry?: boolean;
}

/** Parameters of one detector pass. */
export interface DetectorRunOptions {
  /** Square network input side (a multiple of 32; ignored by fixed-size detectors). */
  inputSize: number;
  scoreThreshold: number;
  iouThreshold: number;
  /** Largest letterbox enlargement (default unlimited). */
  maxScale?: number;
}

/** A face detector model: runs on an RGB image and returns faces in its pixel coordinates. */
export interface FaceDetector {
  readonly id: string;
  /** Fixed network input side (YuNet: 640), or undefined when any multiple of 32 works (SCRFD). */
  readonly fixedInputSize?: number;
  detect(img: RgbImage, opts: DetectorRunOptions): Promise<DetectedFace[]>;
}
