import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadImage } from "../image/load-image.js";
import type { RgbImage } from "../image/types.js";
import { findRepoRoot } from "../models/index.js";
import { detectFaces } from "./detect-faces.js";
import { mirrorAveragedFace } from "./mirror-landmarks.js";
import { flipHorizontal } from "./recognizers/embedding-math.js";
import type { DetectedFace } from "./types.js";

const FIX = resolve(findRepoRoot() ?? process.cwd(), "../shared/fixtures");
const DETECTOR = "yunet_2023mar";
const ORDER = [1, 0, 2, 4, 3] as const;
let photo: RgbImage;

/** The landmarks of a face found on the mirrored image, mapped back onto the image in the image's order. */
const mappedBack = (f: DetectedFace, width: number) =>
	ORDER.map((j) => ({
		x: width - 1 - f.landmarks[j]!.x,
		y: f.landmarks[j]!.y,
	}));
const largestGap = (
	a: readonly { x: number; y: number }[],
	b: readonly { x: number; y: number }[],
) => Math.max(...a.map((p, i) => Math.hypot(p.x - b[i]!.x, p.y - b[i]!.y)));

beforeAll(async () => {
	photo = await loadImage(join(FIX, "lfw/faces/images/Nicole_Kidman_0015.jpg"));
});

describe("mirrorAveragedFace", () => {
	it("gives landmarks that mirror exactly with the image, which a single detection does not", async () => {
		const [face] = await detectFaces(photo, { detector: DETECTOR });
		const flipped = flipHorizontal(photo);
		const [faceOfFlipped] = await detectFaces(flipped, { detector: DETECTOR });
		expect(face && faceOfFlipped).toBeTruthy();
		// The detector's own landmarks are not mirror-consistent (the error the average removes)...
		const raw = largestGap(
			face!.landmarks,
			mappedBack(faceOfFlipped!, photo.width),
		);
		expect(raw).toBeGreaterThan(0.5);
		// ...the averaged ones are, to rounding: averaging the image's face equals mirroring the mirrored image's average.
		const avg = await mirrorAveragedFace(photo, face!, DETECTOR);
		const avgOfFlipped = await mirrorAveragedFace(
			flipped,
			faceOfFlipped!,
			DETECTOR,
		);
		expect(
			largestGap(avg.landmarks, mappedBack(avgOfFlipped, photo.width)),
		).toBeLessThan(1e-6);
		// Same box and score; each landmark moves by half the disagreement at most.
		expect(avg.box).toEqual(face!.box);
		expect(avg.score).toBe(face!.score);
		expect(largestGap(avg.landmarks, face!.landmarks)).toBeLessThanOrEqual(
			raw / 2 + 1e-9,
		);
		expect(largestGap(avg.landmarks, face!.landmarks)).toBeGreaterThan(0.25);
	});

	it("keeps the landmarks when the mirrored image has no face where the face is", async () => {
		const blank: RgbImage = {
			data: new Uint8Array(320 * 240 * 3).fill(128),
			width: 320,
			height: 240,
			channels: 3,
		};
		const [face] = await detectFaces(photo, { detector: DETECTOR });
		const out = await mirrorAveragedFace(blank, face!, DETECTOR);
		expect(out).toBe(face);
	});
});
