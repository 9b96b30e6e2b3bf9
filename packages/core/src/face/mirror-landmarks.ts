import type { Point, RgbImage } from "../image/types.js";
import { detectFaces } from "./detect-faces.js";
import { flipHorizontal } from "./recognizers/embedding-math.js";
import type { DetectedFace } from "./types.js";

/** The mirrored detection must lie within this share of the face box's width of the face's own centre. */
const MAX_CENTRE_OFFSET = 0.2;

/** Landmark order after a left-right mirror: the two eyes and the two mouth corners swap, the nose stays. */
const MIRRORED_ORDER = [1, 0, 2, 4, 3] as const;

/**
 * The face with its five landmarks averaged with those the detector finds on the mirrored image (mapped
 * back and re-ordered): detection's own test-time augmentation. A detector's landmark errors are partly
 * left-right asymmetric (its template, the anchors' grid), so the mean of the two views aligns the face
 * more precisely. When no face of the mirrored image lies where the face is, the face is returned as it is.
 * Costs one more detection of `image`. Measured on LFW (docs/face-matching.md, "Landmarks from the mirrored
 * image"): fused genuine PASS at zero impostor PASS 88.6 % to 90.5 %, TAR at FAR 1e-4 94.3 % to 95.1 %.
 *
 * @example
 * ```ts
 * const f = await mirrorAveragedFace(a.image, a.face!, 'yunet_2023mar'); // same box, steadier landmarks
 * ```
 */
export async function mirrorAveragedFace(
	image: RgbImage,
	face: DetectedFace,
	detector: string,
): Promise<DetectedFace> {
	const w = image.width;
	const faces = await detectFaces(flipHorizontal(image), { detector });
	const cx = face.box.x + face.box.width / 2;
	const cy = face.box.y + face.box.height / 2;
	let best: DetectedFace | null = null;
	let bestOffset = MAX_CENTRE_OFFSET * face.box.width;
	for (const f of faces) {
		const d = Math.hypot(
			w - 1 - (f.box.x + f.box.width / 2) - cx,
			f.box.y + f.box.height / 2 - cy,
		);
		if (d < bestOffset) {
			bestOffset = d;
			best = f;
		}
	}
	if (!best) return face;
	const mirrored = best.landmarks;
	const mean = (i: number): Point => {
		const p = face.landmarks[i]!;
		const q = mirrored[MIRRORED_ORDER[i]!]!;
		return { x: (p.x + w - 1 - q.x) / 2, y: (p.y + q.y) / 2 };
	};
	return { ...face, landmarks: [mean(0), mean(1), mean(2), mean(3), mean(4)] };
}
