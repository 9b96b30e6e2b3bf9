import { getRecognizer } from '../face/recognizers/index.js';
import type { DetectedFace } from '../face/types.js';
import type { RgbImage } from '../image/types.js';

/** One frame's largest face for the consistency check. */
export interface TrackedFace {
  readonly index: number;
  readonly t: number;
  readonly image: RgbImage;
  readonly face: DetectedFace;
  /** Yaw in degrees (frontal frames are preferred for identity). */
  readonly yaw: number;
}

export interface FaceConsistency {
  /** False when the identity check found a different person. */
  readonly sameFace: boolean;
  /** Frame indices where the face track jumps (position or size changes too fast to be one head moving). */
  readonly trackBreaks: readonly number[];
  /** Lowest similarity of a sampled frame to the reference frame (null when fewer than two frames were compared). */
  readonly minSimilarity: number | null;
  /** The frame with that lowest similarity. */
  readonly worstFrame: number | null;
  /** The recognizer's match threshold used. */
  readonly threshold: number;
  readonly recognizer: string;
  /** Frames that were embedded. */
  readonly comparedFrames: readonly number[];
}

const MAX_SAMPLES = 6;
const FRONTAL_YAW = 25;

function centre(f: DetectedFace): { x: number; y: number } {
  return { x: f.box.x + f.box.width / 2, y: f.box.y + f.box.height / 2 };
}

/**
 * Finds where the largest face's track jumps: between consecutive frames with a face, the centre moves
 * by more than one face width per 0.2 s, or the size changes by more than 1.8x per 0.2 s.
 *
 * @example
 * ```ts
 * trackBreaks(faces); // [57]: the largest face switched at frame 57
 * ```
 */
export function trackBreaks(faces: readonly TrackedFace[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < faces.length; i++) {
    const a = faces[i - 1]!;
    const b = faces[i]!;
    const dt = Math.max(1e-3, b.t - a.t);
    const k = Math.max(1, dt / 0.2);
    const ca = centre(a.face);
    const cb = centre(b.face);
    const w = Math.max(a.face.box.width, b.face.box.width);
    const jump = Math.hypot(cb.x - ca.x, cb.y - ca.y) / w;
    const size = Math.max(a.face.box.width, b.face.box.width) / Math.max(1e-6, Math.min(a.face.box.width, b.face.box.width));
    if (jump > k || size > 1.8 ** k) out.push(b.index);
  }
  return out;
}

/**
 * Checks that the face stays the same person through a sequence: the track must be continuous, and
 * embeddings (the profile's recognizer) of up to six near-frontal frames spread over the sequence, plus
 * the frames on both sides of any track break, must all match the first of them at the recognizer's
 * calibrated REVIEW floor (`reviewThreshold`: the score 1 % of impostor pairs reach on LFW). Frames of one
 * session are not an identity claim, so the stricter PASS threshold of `matchFaces` (no impostor of 31,115)
 * is not needed to notice a swapped face.
 *
 * @example
 * ```ts
 * const c = await checkFaceConsistency(faces, 'mobilefacenet_128');
 * if (!c.sameFace) reasons.push(reason('FACE_CHANGED', '...'));
 * ```
 */
export async function checkFaceConsistency(faces: readonly TrackedFace[], recognizerId: string): Promise<FaceConsistency> {
  const rec = getRecognizer(recognizerId);
  const breaks = trackBreaks(faces);
  const threshold = Math.round((rec.matchThreshold - rec.reviewBelow) * 1e4) / 1e4;
  const base = { trackBreaks: breaks, threshold, recognizer: rec.id };
  if (faces.length < 2) return { ...base, sameFace: true, minSimilarity: null, worstFrame: null, comparedFrames: [] };
  const frontal = faces.filter((f) => Math.abs(f.yaw) <= FRONTAL_YAW);
  const pool = frontal.length >= 2 ? frontal : faces;
  const chosen = new Map<number, TrackedFace>();
  for (let s = 0; s < Math.min(MAX_SAMPLES, pool.length); s++) {
    const f = pool[Math.round((s * (pool.length - 1)) / Math.max(1, Math.min(MAX_SAMPLES, pool.length) - 1))]!;
    chosen.set(f.index, f);
  }
  for (const b of breaks) {
    // the nearest pool frames before and after the break
    const before = [...pool].reverse().find((f) => f.index < b);
    const after = pool.find((f) => f.index >= b);
    if (before) chosen.set(before.index, before);
    if (after) chosen.set(after.index, after);
  }
  const sample = [...chosen.values()].sort((a, b) => a.index - b.index);
  if (sample.length < 2) return { ...base, sameFace: true, minSimilarity: null, worstFrame: null, comparedFrames: sample.map((f) => f.index) };
  const embeddings = await rec.embedCrops(sample.map((f) => rec.crop(f.image, f.face)));
  let minSimilarity = Number.POSITIVE_INFINITY;
  let worstFrame = sample[0]!.index;
  for (let i = 1; i < sample.length; i++) {
    const s = rec.similarity(embeddings[0]!, embeddings[i]!);
    if (s < minSimilarity) {
      minSimilarity = s;
      worstFrame = sample[i]!.index;
    }
  }
  return { ...base, sameFace: minSimilarity >= threshold, minSimilarity, worstFrame, comparedFrames: sample.map((f) => f.index) };
}
