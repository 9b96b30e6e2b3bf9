import { isRgbImage, loadImage } from '../../image/load-image.js';
import type { Box, ImageInput, ImageLimits, Point, RgbImage } from '../../image/types.js';
import { selectProfile } from '../../models/index.js';
import { objectPromiseCache } from '../../util/memo-per-object.js';
import { alignFace } from '../align.js';
import { detectFaces } from '../detect-faces.js';
import { getDetector } from '../detectors/index.js';
import { iou } from '../detectors/nms.js';
import { refineFace, type RefinedFace } from '../refine-face.js';
import type { DetectedFace } from '../types.js';
import { lumaStats } from './contrast.js';
import { rotateQuarter, unrotatePoint } from './rotate.js';

/** The main portrait found on an identity-document image. */
export interface DocumentPortrait {
  /** The portrait face in the document image's upright pixels (landmarks included). */
  readonly face: DetectedFace;
  /** `face.box` (for the document result's `portrait` field). */
  readonly box: Box;
  /** Detector score of the confirmed face (on the enlarged, contrast-stretched crop). */
  readonly score: number;
  /** Luma standard deviation of the aligned face chip: low for faint prints and ghost images. */
  readonly contrast: number;
  /** How many faces were confirmed on the page (2 or more: a ghost image or a second portrait). */
  readonly faceCount: number;
  /** Quarter turns (clockwise) the page needed for the face to be upright (0 when it already was). */
  readonly rotation: number;
  /** The enlarged crop and the face in its coordinates: the best source for an embedding. */
  readonly crop: RgbImage;
  readonly cropFace: DetectedFace;
  /** Crop pixels per document pixel (above 1 when a small portrait was enlarged). */
  readonly scale: number;
}

export interface FindPortraitOptions extends ImageLimits {
  /** Detector model id (default: the profile's detector). */
  detector?: string;
  /** A box where the portrait is expected (e.g. from `readDocument`): searched first. */
  hint?: Box | null;
  /** Minimum score of a page-level candidate before it is confirmed on a crop (default 0.3). */
  candidateThreshold?: number;
  /** Minimum score to confirm a candidate on its enlarged crop (default 0.5). */
  confirmThreshold?: number;
  /** Try the page rotated by 90, 270 and 180 degrees when no upright face is found (default true). */
  rotations?: boolean;
}

interface Candidate extends RefinedFace {
  readonly contrast: number;
  readonly prominence: number;
}

/**
 * How much a confirmed face looks like the main portrait rather than a ghost image or a small
 * second picture: size x score x contrast (ghosts are faint and usually small).
 */
function prominence(r: RefinedFace): { contrast: number; prominence: number } {
  const chip = alignFace(r.crop, r.cropFace.landmarks, 112);
  const { sd } = lumaStats(chip, 0.6);
  const side = Math.sqrt(r.face.box.width * r.face.box.height);
  return { contrast: sd, prominence: side * r.face.score * Math.min(1, Math.max(0.2, sd / 32)) };
}

async function pageCandidates(img: RgbImage, detectorId: string, threshold: number, largeScale: boolean): Promise<DetectedFace[]> {
  const detector = getDetector(detectorId);
  const base = { scoreThreshold: threshold, iouThreshold: 0.4 };
  const long = Math.max(img.width, img.height);
  // The photo pass (natural scale, padded retry for a face that fills the image) ...
  let faces = await detectFaces(img, { detector: detectorId, scoreThreshold: threshold, retry: largeScale });
  // ... then a page pass: small pages enlarged (a printed portrait of 30-60 px), large pages at 1280.
  if (long < 640) faces = faces.concat(await detector.detect(img, { ...base, inputSize: detector.fixedInputSize ?? 640, maxScale: 3 }));
  if (largeScale && !faces.some((f) => f.score >= 0.6) && long > 800) {
    if (!detector.fixedInputSize) {
      faces = faces.concat(await detector.detect(img, { ...base, inputSize: 1280, maxScale: 3 }));
    } else {
      // Fixed-size detector: overlapping parts along the long side, each seen at a larger scale.
      const horizontal = img.width >= img.height;
      const span = Math.round(long * 0.6);
      for (const start of [0, long - span]) {
        const region: Box = horizontal ? { x: start, y: 0, width: span, height: img.height } : { x: 0, y: start, width: img.width, height: span };
        const tile = cropRegion(img, region);
        const found = await detector.detect(tile, { ...base, inputSize: detector.fixedInputSize, maxScale: 3 });
        faces = faces.concat(found.map((f) => shiftFace(f, region.x, region.y)));
      }
    }
  }
  faces.sort((a, b) => b.score * Math.sqrt(b.box.width * b.box.height) - a.score * Math.sqrt(a.box.width * a.box.height));
  const keep: DetectedFace[] = [];
  for (const f of faces) if (keep.every((k) => iou(k.box, f.box) < 0.3)) keep.push(f);
  return keep;
}

function cropRegion(img: RgbImage, r: Box): RgbImage {
  const out = new Uint8Array(r.width * r.height * 3);
  for (let y = 0; y < r.height; y++) out.set(img.data.subarray(((r.y + y) * img.width + r.x) * 3, ((r.y + y) * img.width + r.x + r.width) * 3), y * r.width * 3);
  return { data: out, width: r.width, height: r.height, channels: 3 };
}

function shiftFace(f: DetectedFace, dx: number, dy: number): DetectedFace {
  return {
    score: f.score,
    box: { x: f.box.x + dx, y: f.box.y + dy, width: f.box.width, height: f.box.height },
    landmarks: f.landmarks.map((p) => ({ x: p.x + dx, y: p.y + dy })) as unknown as DetectedFace['landmarks'],
  };
}

async function confirm(img: RgbImage, boxes: readonly Box[], detector: string, threshold: number): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const box of boxes) {
    const r = await refineFace(img, box, { detector, scoreThreshold: threshold });
    if (!r || out.some((c) => iou(c.face.box, r.face.box) > 0.3)) continue;
    out.push({ ...r, ...prominence(r) });
  }
  return out.sort((a, b) => b.prominence - a.prominence);
}

function unrotateFace(f: DetectedFace, turns: number, w: number, h: number): DetectedFace {
  const lm = f.landmarks.map((p) => unrotatePoint(p, turns, w, h));
  const corners: Point[] = [
    { x: f.box.x, y: f.box.y },
    { x: f.box.x + f.box.width, y: f.box.y + f.box.height },
  ].map((p) => unrotatePoint(p, turns, w, h));
  const x = Math.min(corners[0]!.x, corners[1]!.x);
  const y = Math.min(corners[0]!.y, corners[1]!.y);
  return {
    score: f.score,
    box: { x, y, width: Math.abs(corners[1]!.x - corners[0]!.x), height: Math.abs(corners[1]!.y - corners[0]!.y) },
    landmarks: lm as unknown as DetectedFace['landmarks'],
  };
}

const portraits = objectPromiseCache<DocumentPortrait | null>();

/**
 * Finds the main portrait on an identity-document image (a passport page, an ID card photo or scan):
 * candidates from the whole page at one or two scales with a low score threshold, each confirmed by
 * re-detecting on an enlarged, contrast-stretched crop around it, then the most prominent one wins
 * (size x score x contrast, so a faint ghost image or a small secondary picture loses to the
 * printed portrait). With a `hint` box (e.g. `readDocument().portrait`) that region is tried first.
 * Pages photographed sideways or upside down are tried rotated (one 640 px pass per rotation). Resolves to null when the page has
 * no face; never throws for a face that is absent or small.
 *
 * @example
 * ```ts
 * const p = await findDocumentPortrait(await readFile('passport.jpg'));
 * if (p) console.log(p.box, p.score, p.faceCount); // faceCount 2: portrait + ghost image
 * ```
 */
export function findDocumentPortrait(input: ImageInput, opts: FindPortraitOptions = {}): Promise<DocumentPortrait | null> {
  const detector = opts.detector ?? selectProfile().detector;
  const hint = opts.hint ? `${opts.hint.x},${opts.hint.y},${opts.hint.width},${opts.hint.height}` : '';
  const key = `${detector}:${hint}:${opts.candidateThreshold ?? ''}:${opts.confirmThreshold ?? ''}:${opts.rotations ?? ''}`;
  return portraits.get(input, key, async (): Promise<DocumentPortrait | null> => {
    const img = isRgbImage(input) ? input : await loadImage(input, opts);
    const confirmAt = opts.confirmThreshold ?? 0.5;
    if (opts.hint && opts.hint.width > 2 && opts.hint.height > 2) {
      const [c] = await confirm(img, [opts.hint], detector, confirmAt);
      if (c) return toPortrait(c, 1, c.rotation);
    }
    const turns = opts.rotations === false ? [0] : [0, 1, 3, 2];
    for (const t of turns) {
      const page = rotateQuarter(img, t);
      const cands = await pageCandidates(page, detector, opts.candidateThreshold ?? 0.3, t === 0);
      const confirmed = await confirm(
        page,
        cands.slice(0, 4).map((c) => c.box),
        detector,
        confirmAt,
      );
      if (confirmed.length > 0) {
        // The winner's orientation: a card photographed sideways or upside down still gives confident detections
        // of its turned face (with upright-template landmarks), so every quarter turn of its crop is tried.
        const oriented = await refineFace(page, confirmed[0]!.face.box, { detector, scoreThreshold: confirmAt, orientation: true });
        const best = oriented ? { ...oriented, ...prominence(oriented) } : confirmed[0]!;
        return toPortrait(t === 0 ? best : { ...best, face: unrotateFace(best.face, t, img.width, img.height) }, confirmed.length, (t + best.rotation) % 4);
      }
    }
    return null;
  });
}

function toPortrait(c: Candidate, faceCount: number, rotation: number): DocumentPortrait {
  return { face: c.face, box: c.face.box, score: c.face.score, contrast: c.contrast, faceCount, rotation, crop: c.crop, cropFace: c.cropFace, scale: c.scale };
}
