import type { RgbImage } from '../image/types.js';
import type { OcrTextLine } from './fields/extract-fields.js';
import { textLinesTurned } from './locate/find-text-lines.js';
import { type GrayImage, encodePgm, grayDownscaled, rotateGray, workingGray } from './locate/gray-image.js';
import { recognize } from './ocr/tesseract-pool.js';
import { WORK_SIDE } from './read-mrz.js';

/** Text of the visual zone as read with the English model. */
export interface VisualZoneText {
  readonly lines: readonly OcrTextLine[];
  /** Mean word confidence 0-1. */
  readonly confidence: number;
  /** Clockwise quarter turns that made the text upright. */
  readonly uprightTurns: 0 | 1 | 2 | 3;
}

/** Text-line statistics of a grey working image: how many line-like segments, and their median height. */
export function textLineStats(work: GrayImage, q: 0 | 1): { count: number; ink: number; medianHeight: number } {
  const segs = textLinesTurned(work, q).filter((s) => s.x1 - s.x0 >= 5 * s.height && s.height >= 4 && s.coverage > 0.5);
  const heights = segs.map((s) => s.height).sort((a, b) => a - b);
  return { count: segs.length, ink: segs.reduce((n, s) => n + s.ink, 0), medianHeight: heights[Math.floor(heights.length / 2)] ?? 0 };
}

/** Text height Tesseract's English model reads best at. */
const TARGET_TEXT_HEIGHT = 20;

/**
 * Reads the visual zone of a document with Tesseract's English model: picks the orientation with more
 * horizontal text lines (0 or 90 degrees), scales the page so text is about 20 px tall (at most 1600 px, 1.5x),
 * OCRs it once (automatic page segmentation, lines with boxes) and tries 180 degrees when the confidence is low.
 * Returns null when the image holds fewer than `minLines` (6) text lines (a selfie, a blank page).
 *
 * @example
 * ```ts
 * const viz = await readVisualZone(await loadImage('licence-front.jpg'));
 * viz?.lines.map((l) => l.text);
 * ```
 */
export async function readVisualZone(img: RgbImage, opts: { minLines?: number; turns?: 0 | 1 | 2 | 3 } = {}): Promise<VisualZoneText | null> {
  const { image: work, scale: workScale } = workingGray(img, WORK_SIDE);
  let q: 0 | 1;
  let stats: ReturnType<typeof textLineStats>;
  if (opts.turns !== undefined) {
    q = (opts.turns % 2) as 0 | 1;
    stats = textLineStats(work, q);
  } else {
    const s0 = textLineStats(work, 0);
    const s1 = textLineStats(work, 1);
    q = s1.ink > s0.ink * 1.3 ? 1 : 0;
    stats = q === 1 ? s1 : s0;
  }
  if (stats.count < (opts.minLines ?? 6)) return null;
  // Crop to the text (a document in a larger photo), then scale so that text is about 20 px tall.
  const region = textRegion(work, q, workScale, img);
  const src = region ? cropRgb(img, region) : img;
  const srcTextHeight = stats.medianHeight / workScale;
  const longer = Math.max(src.width, src.height);
  const scale = Math.min(1600 / longer, 1.5, Math.max(0.25, TARGET_TEXT_HEIGHT / Math.max(4, srcTextHeight)));
  const { image: page } = grayDownscaled(src, Math.round(longer * Math.min(1, scale)));
  const up = scale > 1 ? upscale(page, scale) : page;
  const first: 0 | 1 | 2 | 3 = opts.turns ?? q;
  const tryTurn = async (t: number) => {
    const turned = rotateGray(up, t);
    const r = await recognize(encodePgm(turned), { lang: 'eng', psm: 'auto' });
    // Boxes stay in the upright OCR image's pixels: the layouts only compare positions.
    const lines: OcrTextLine[] = r.lines.filter((l) => l.text.trim().length > 0).map((l) => ({ text: l.text, confidence: l.confidence, bbox: l.bbox }));
    const words = r.lines.flatMap((l) => l.words);
    const confidence = words.length > 0 ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
    return { lines, confidence, words: words.length, uprightTurns: (t % 4) as 0 | 1 | 2 | 3 };
  };
  let best = await tryTurn(first);
  // Upside-down text reads as many low-confidence words; no words at all means no text either way up.
  if (best.confidence < 0.5 && best.words >= 3 && opts.turns === undefined) {
    const flipped = await tryTurn((first + 2) % 4);
    if (flipped.confidence > best.confidence) best = flipped;
  }
  return { lines: best.lines, confidence: best.confidence, uprightTurns: best.uprightTurns };
}

/** Source-pixel box around the text lines of the working image (turned by q), with a margin; null when it is most of the image. */
function textRegion(work: GrayImage, q: 0 | 1, workScale: number, img: RgbImage): { x: number; y: number; width: number; height: number } | null {
  const segs = textLinesTurned(work, q).filter((s) => s.x1 - s.x0 >= 4 * s.height && s.height >= 3);
  if (segs.length === 0) return null;
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = 0;
  let y1 = 0;
  for (const s of segs) {
    // Back from the turned working frame (q = 1: x' = h - 1 - y, y' = x) to the unturned one.
    const a = q === 1 ? { x0: s.y0, x1: s.y1, y0: work.height - 1 - s.x1, y1: work.height - 1 - s.x0 } : s;
    x0 = Math.min(x0, a.x0);
    y0 = Math.min(y0, a.y0);
    x1 = Math.max(x1, a.x1);
    y1 = Math.max(y1, a.y1);
  }
  const m = 0.08 * Math.max(x1 - x0, y1 - y0);
  const bx0 = Math.max(0, Math.floor((x0 - m) / workScale));
  const by0 = Math.max(0, Math.floor((y0 - m) / workScale));
  const bx1 = Math.min(img.width, Math.ceil((x1 + m) / workScale));
  const by1 = Math.min(img.height, Math.ceil((y1 + m) / workScale));
  if ((bx1 - bx0) * (by1 - by0) > 0.7 * img.width * img.height) return null;
  return { x: bx0, y: by0, width: bx1 - bx0, height: by1 - by0 };
}

function cropRgb(src: RgbImage, r: { x: number; y: number; width: number; height: number }): RgbImage {
  const out = new Uint8Array(r.width * r.height * 3);
  for (let y = 0; y < r.height; y++) out.set(src.data.subarray(((r.y + y) * src.width + r.x) * 3, ((r.y + y) * src.width + r.x + r.width) * 3), y * r.width * 3);
  return { data: out, width: r.width, height: r.height, channels: 3 };
}

/** Bilinear upscale of a grey image by `f` (> 1). */
function upscale(img: GrayImage, f: number): GrayImage {
  const w = Math.round(img.width * f);
  const h = Math.round(img.height * f);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, (y + 0.5) / f - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, (x + 0.5) / f - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      const fx = sx - x0;
      const top = img.data[y0 * img.width + x0]! * (1 - fx) + img.data[y0 * img.width + x1]! * fx;
      const bot = img.data[y1 * img.width + x0]! * (1 - fx) + img.data[y1 * img.width + x1]! * fx;
      out[y * w + x] = top * (1 - fy) + bot * fy;
    }
  }
  return { data: out, width: w, height: h };
}
