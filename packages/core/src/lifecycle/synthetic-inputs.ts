import type { DetectedFace } from '../face/types.js';
import type { RgbImage } from '../image/types.js';

/** Strokes of the few glyphs the warm-up draws, in a unit cell (x right, y down). */
const GLYPHS: Readonly<Record<string, ReadonlyArray<readonly [number, number, number, number]>>> = {
  L: [
    [0.25, 0.1, 0.25, 0.9],
    [0.25, 0.9, 0.8, 0.9],
  ],
  I: [
    [0.5, 0.1, 0.5, 0.9],
    [0.3, 0.1, 0.7, 0.1],
    [0.3, 0.9, 0.7, 0.9],
  ],
  T: [
    [0.15, 0.1, 0.85, 0.1],
    [0.5, 0.1, 0.5, 0.9],
  ],
  E: [
    [0.25, 0.1, 0.25, 0.9],
    [0.25, 0.1, 0.8, 0.1],
    [0.25, 0.5, 0.7, 0.5],
    [0.25, 0.9, 0.8, 0.9],
  ],
  '<': [
    [0.8, 0.2, 0.25, 0.5],
    [0.25, 0.5, 0.8, 0.8],
  ],
};

/** Two synthetic 44-character MRZ-like lines of the glyphs above (Tesseract's `mrz` model reads such lines exactly). */
export const SYNTHETIC_MRZ_LINES = ['LITE<<TILE<<<<<ELITE<<<<<<<<<<<<<<<<<<<<<<<<', 'TILE<<LITE<<<<<<<<<<ELITE<<<<<<TILE<<<<<<<<<'] as const;

function blankImage(width: number, height: number, shade: (x: number, y: number) => readonly [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i += 3) {
      const [r, g, b] = shade(x, y);
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
    }
  }
  return { data, width, height, channels: 3 };
}

/** Paints a filled disc of `radius` at (cx, cy) in `rgb`. */
function disc(img: RgbImage, cx: number, cy: number, radius: number, rgb: readonly [number, number, number]): void {
  const x0 = Math.max(0, Math.floor(cx - radius));
  const x1 = Math.min(img.width - 1, Math.ceil(cx + radius));
  const y0 = Math.max(0, Math.floor(cy - radius));
  const y1 = Math.min(img.height - 1, Math.ceil(cy + radius));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 > radius * radius) continue;
      const i = (y * img.width + x) * 3;
      img.data[i] = rgb[0];
      img.data[i + 1] = rgb[1];
      img.data[i + 2] = rgb[2];
    }
  }
}

/** Draws `text` with pen strokes, one `cellWidth` x `cellHeight` cell per character from (x, y). */
function strokeText(img: RgbImage, text: string, x: number, y: number, cellWidth: number, cellHeight: number, stroke: number): void {
  const ink = [20, 20, 24] as const;
  for (let c = 0; c < text.length; c++) {
    for (const [ax, ay, bx, by] of GLYPHS[text[c]!] ?? []) {
      const x0 = x + c * cellWidth + ax * cellWidth;
      const y0 = y + ay * cellHeight;
      const x1 = x + c * cellWidth + bx * cellWidth;
      const y1 = y + by * cellHeight;
      const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0));
      for (let s = 0; s <= steps; s++) disc(img, x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, stroke / 2, ink);
    }
  }
}

/**
 * A synthetic passport-like page: a light card with a darker photo area and two 44-character MRZ-like lines drawn with
 * strokes at the bottom. It holds no real data; the warm-up runs the MRZ search and OCR on it.
 *
 * @example
 * ```ts
 * const page = syntheticMrzPage(); // 1000 x 640 RGB
 * ```
 */
export function syntheticMrzPage(): RgbImage {
  const img = blankImage(1000, 640, (x, y) => (x > 50 && x < 300 && y > 90 && y < 420 ? [150, 140, 135] : [228, 226, 218]));
  SYNTHETIC_MRZ_LINES.forEach((line, i) => strokeText(img, line, 60, 500 + 55 * i, 20, 30, 3));
  return img;
}

/**
 * One MRZ-like line alone (grey band, 24 px text as the MRZ reader scales it), for a first recognition per OCR worker.
 *
 * @example
 * ```ts
 * const band = syntheticMrzLine(); // RGB, 44 characters of 18 x 24 px
 * ```
 */
export function syntheticMrzLine(): RgbImage {
  const img = blankImage(44 * 18 + 24, 40, () => [232, 232, 232]);
  strokeText(img, SYNTHETIC_MRZ_LINES[0], 12, 8, 18, 24, 2.5);
  return img;
}

/**
 * A synthetic frontal "face": a skin-toned oval with darker eyes, nose and mouth on a graded background, and the
 * detection a detector would give for it (box and five landmarks). No detector needs to find it: the warm-up hands
 * both to the checks, which then run their alignment, crops and models on it.
 *
 * @example
 * ```ts
 * const { image, face } = syntheticFace(); // 480 x 600
 * ```
 */
export function syntheticFace(): { image: RgbImage; face: DetectedFace } {
  const cx = 240;
  const cy = 290;
  const image = blankImage(480, 600, (x, y) => {
    const inside = ((x - cx) / 125) ** 2 + ((y - cy) / 165) ** 2 <= 1;
    return inside ? [205 - (y >> 4), 165 - (y >> 4), 140 - (x >> 5)] : [90 + (y >> 3), 110 + (x >> 4), 130];
  });
  const leftEye = { x: 195, y: 255 };
  const rightEye = { x: 285, y: 255 };
  const nose = { x: 240, y: 305 };
  const mouthLeft = { x: 205, y: 355 };
  const mouthRight = { x: 275, y: 355 };
  for (const eye of [leftEye, rightEye]) disc(image, eye.x, eye.y, 11, [40, 30, 30]);
  disc(image, nose.x, nose.y, 7, [170, 120, 100]);
  for (let x = mouthLeft.x; x <= mouthRight.x; x += 2) disc(image, x, mouthLeft.y, 5, [120, 50, 50]);
  return {
    image,
    face: { box: { x: 120, y: 130, width: 240, height: 320 }, score: 0.9, landmarks: [leftEye, rightEye, nose, mouthLeft, mouthRight] },
  };
}
