import { isRgbImage, loadImage } from '../image/load-image.js';
import type { Box, ImageInput, RgbImage } from '../image/types.js';
import { selectProfile } from '../models/index.js';
import { analyseFace, isFaceAnalysis } from './analyse-face.js';
import { subImage } from './crop-local.js';
import { naturalInputSize } from './detect-faces.js';
import { getDetector, iou } from './detectors/index.js';
import { faceQuality } from './quality.js';
import type { DetectedFace, FaceAnalysis } from './types.js';

/** Options of {@link createFaceTracker} and {@link trackFaces}. */
export interface FaceTrackerOptions {
  /** Detector model id (default: the profile's). */
  detector?: string;
  /** Search the whole frame at least every this many frames (default 5; 1 = every frame, no tracking). */
  refreshEvery?: number;
  /** Side of the searched region as a multiple of the previous box's longer side (default 2). */
  regionScale?: number;
  /** Largest detector input side for the region (default 320): a larger region is searched whole (or shrunk, see `shrink`). */
  maxInputSize?: number;
  /** A region result whose best face scores under this is not trusted: the whole frame is searched (default 0.6). */
  minScore?: number;
  /**
   * Shrink a region larger than `maxInputSize` to it instead of searching the whole frame (default false).
   * Off by default: a face detected at a smaller scale than on the whole-frame pass has noisier landmarks
   * (measured on the fixture clips: a false head turn and a lost blink; see docs/liveness.md).
   */
  shrink?: boolean;
  /**
   * On a whole-frame search, take the largest face's landmarks from a second detection in its region
   * (default true), so that every frame's face comes from the same detector scale and framing: the
   * blink and head-pose signals then do not jump on the frames searched whole.
   */
  refine?: boolean;
  /**
   * Frames given as encoded bytes, paths or raw frames larger than this on their longer side are downscaled while they
   * are decoded (default 960): the detector sees at most 640 px and the crops of the face need no more (the hosted page
   * sends 640 px frames), while a sequence of full-size frames would hold gigabytes (30 frames of 6000x6000 are 3.2 GB
   * as RGB; capped at 960 they are 83 MB).
   */
  maxFrameSide?: number;
}

/** Default {@link FaceTrackerOptions.maxFrameSide}. */
export const DEFAULT_MAX_FRAME_SIDE = 960;

/** A {@link FaceAnalysis} made by the tracker, with where it searched. */
export interface TrackedFaceAnalysis extends FaceAnalysis {
  /** `frame`: the whole frame was searched (every face in it is listed); `region`: only `region`, around the previous face. */
  readonly searched: 'frame' | 'region';
  /** The searched region in frame pixels (null for a whole-frame search). */
  readonly region: Box | null;
}

/** A stateful per-sequence tracker: call `analyse` on consecutive frames in order. */
export interface FaceTracker {
  /** Analyses the next frame of the sequence (a `FaceAnalysis` is taken as is and becomes the new reference). */
  analyse(input: ImageInput | FaceAnalysis): Promise<TrackedFaceAnalysis>;
  /** Forgets the previous face: the next frame is searched whole. */
  reset(): void;
}

/** True when the analysis was made by a tracker searching only a region of the frame (not every face in the frame was looked for). */
export function isRegionAnalysis(a: FaceAnalysis): boolean {
  return (a as Partial<TrackedFaceAnalysis>).searched === 'region';
}

/** Border margin (pixels) within which a face touching the region's edge counts as cut off. */
const EDGE_MARGIN = 2;
/** Smallest detector input side used for a region. */
const MIN_INPUT = 64;

function area(f: DetectedFace): number {
  return f.box.width * f.box.height;
}

/** Scale of the whole-frame pass of `detectFaces` for an image of this size (never enlarged). */
function frameScale(width: number, height: number, fixed?: number): number {
  const size = naturalInputSize(width, height, fixed);
  return Math.min(size / width, size / height, 1);
}

/**
 * The region searched around the previous box: a square `regionScale` times the box's longer side around
 * its centre, snapped outward to the whole-frame pass's 32-pixel detector grid (so the detector's anchors
 * sit where they sit on the whole frame) and clamped to the frame.
 */
export function trackingRegion(prev: Box, width: number, height: number, regionScale = 2): Box {
  const grid = 32 / frameScale(width, height);
  const side = regionScale * Math.max(prev.width, prev.height);
  const cx = prev.x + prev.width / 2;
  const cy = prev.y + prev.height / 2;
  const x0 = Math.max(0, Math.floor((cx - side / 2) / grid) * grid);
  const y0 = Math.max(0, Math.floor((cy - side / 2) / grid) * grid);
  const x1 = Math.min(width, Math.ceil((cx + side / 2) / grid) * grid);
  const y1 = Math.min(height, Math.ceil((cy + side / 2) / grid) * grid);
  return { x: Math.round(x0), y: Math.round(y0), width: Math.max(1, Math.round(x1) - Math.round(x0)), height: Math.max(1, Math.round(y1) - Math.round(y0)) };
}

function moved(f: DetectedFace, dx: number, dy: number): DetectedFace {
  return {
    score: f.score,
    box: { x: f.box.x + dx, y: f.box.y + dy, width: f.box.width, height: f.box.height },
    landmarks: f.landmarks.map((p) => ({ x: p.x + dx, y: p.y + dy })) as unknown as DetectedFace['landmarks'],
  };
}

/** True when the face touches an edge of the region that is not an edge of the frame (it may be cut off). */
function cutOff(f: DetectedFace, r: Box, width: number, height: number): boolean {
  const b = f.box;
  return (
    (r.x > 0 && b.x <= r.x + EDGE_MARGIN) ||
    (r.y > 0 && b.y <= r.y + EDGE_MARGIN) ||
    (r.x + r.width < width && b.x + b.width >= r.x + r.width - EDGE_MARGIN) ||
    (r.y + r.height < height && b.y + b.height >= r.y + r.height - EDGE_MARGIN)
  );
}

/**
 * A face tracker for frame sequences, as liveness SDKs track the face between camera frames. The first
 * frame, every `refreshEvery`-th frame and any frame where tracking fails are searched whole with
 * `analyseFace` (memoised, as for a single image). The frames in between are searched only in a square
 * around the previous face (2x its box), snapped to the whole-frame pass's 32 px detector grid and detected
 * at the same scale, so the detector sees the face exactly as on the whole frame, with less context: a
 * 320 px input at most instead of 640. Boxes and landmarks are mapped back to frame pixels. A region larger
 * than `maxInputSize` at that scale (a face filling much of the frame) is not tracked (see `shrink`).
 * With `refine`, the user's face on a whole-frame search is also re-detected in its region, so every
 * frame's landmarks come from the same framing. The whole frame is searched again when the region yields
 * no face, a best score under `minScore`, or a face touching the region's edge, so a face that leaves the
 * region or a second face entering the frame is found within `refreshEvery` frames.
 *
 * @example
 * ```ts
 * const tracker = createFaceTracker({ refreshEvery: 5 });
 * for (const frame of frames) {
 *   const a = await tracker.analyse(frame);
 *   a.face?.landmarks; // in frame pixels
 *   a.searched;        // 'frame' | 'region'
 * }
 * ```
 */
export function createFaceTracker(opts: FaceTrackerOptions = {}): FaceTracker {
  const detectorId = opts.detector ?? selectProfile().detector;
  const refreshEvery = Math.max(1, Math.floor(opts.refreshEvery ?? 5));
  const regionScale = opts.regionScale ?? 2;
  const maxInput = opts.maxInputSize ?? 320;
  const minScore = opts.minScore ?? 0.6;
  const shrink = opts.shrink ?? false;
  const refine = opts.refine ?? true;
  const decode = { maxSide: opts.maxFrameSide ?? DEFAULT_MAX_FRAME_SIDE };
  let prev: DetectedFace | null = null;
  let sinceFull = 0;

  const whole = (a: FaceAnalysis): TrackedFaceAnalysis => {
    prev = a.face;
    sinceFull = 0;
    return { ...a, searched: 'frame', region: null };
  };

  /** Faces in the region around `face`, in frame pixels, largest first; null when the region cannot be used or yields no trustworthy face. */
  async function inRegion(image: RgbImage, face: DetectedFace): Promise<{ faces: DetectedFace[]; region: Box } | null> {
    const detector = getDetector(detectorId);
    if (detector.fixedInputSize) return null;
    const region = trackingRegion(face.box, image.width, image.height, regionScale);
    const full = frameScale(image.width, image.height);
    const long = Math.max(region.width, region.height);
    if (!shrink && long * full > maxInput) return null;
    const scale = Math.min(full, maxInput / long);
    const inputSize = Math.max(MIN_INPUT, Math.ceil((long * scale) / 32) * 32);
    // Not worth it when the region is about as large as the whole-frame input.
    if (inputSize >= naturalInputSize(image.width, image.height)) return null;
    const sub = subImage(image, region);
    const found = await detector.detect(sub.image, { inputSize, scoreThreshold: 0.5, iouThreshold: 0.4, maxScale: scale });
    const faces = found
      .filter((f) => f.box.width > 0 && f.box.height > 0)
      .map((f) => moved(f, sub.x, sub.y))
      .sort((a, b) => area(b) - area(a));
    const best = faces[0];
    if (!best || best.score < minScore || cutOff(best, region, image.width, image.height)) return null;
    return { faces, region };
  }

  /** A whole-frame search; with `refine`, the largest face is replaced by its detection in its own region (same scale and framing as the tracked frames). */
  async function searchWhole(input: ImageInput): Promise<TrackedFaceAnalysis> {
    const a = await analyseFace(input, { detector: detectorId, ...decode });
    if (!refine || !a.face) return whole(a);
    const r = await inRegion(a.image, a.face);
    const same = r?.faces.find((f) => iou(f.box, a.face!.box) >= 0.5);
    if (!same) return whole(a);
    const faces = a.faces.map((f) => (f === a.face ? same : f));
    return whole({ ...a, faces, face: same, quality: faceQuality(a.image, same) });
  }

  return {
    async analyse(input) {
      if (isFaceAnalysis(input)) {
        // Given analyses are kept as they are (one made by a tracker keeps its `searched`).
        if (!isRegionAnalysis(input)) return whole(input);
        prev = input.face;
        sinceFull++;
        return input as TrackedFaceAnalysis;
      }
      if (prev && sinceFull + 1 < refreshEvery) {
        const image = isRgbImage(input) ? input : await loadImage(input, decode);
        const r = await inRegion(image, prev);
        if (r) {
          const face = r.faces[0]!;
          prev = face;
          sinceFull++;
          return { kind: 'face-analysis', image, faces: r.faces, face, faceCount: r.faces.length, quality: faceQuality(image, face), detector: detectorId, searched: 'region', region: r.region };
        }
        return searchWhole(image);
      }
      return searchWhole(input);
    },
    reset() {
      prev = null;
      sinceFull = 0;
    },
  };
}

/**
 * Analyses consecutive frames with one {@link createFaceTracker}: the whole frame is searched on the first
 * frame, every `refreshEvery` frames and whenever the region around the previous face fails.
 *
 * @example
 * ```ts
 * const { frames } = await readVideoFrames('clip.mp4', { maxWidth: 640 });
 * const analyses = await trackFaces(frames);
 * analyses.filter((a) => a.searched === 'region').length; // most frames
 * ```
 */
export async function trackFaces(frames: readonly (ImageInput | FaceAnalysis)[], opts: FaceTrackerOptions = {}): Promise<TrackedFaceAnalysis[]> {
  const tracker = createFaceTracker(opts);
  const out: TrackedFaceAnalysis[] = [];
  for (const f of frames) out.push(await tracker.analyse(f));
  return out;
}
