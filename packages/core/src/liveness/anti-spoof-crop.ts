import type { Box, RgbImage } from '../image/types.js';

/** An integer pixel rectangle, inclusive of `x1`/`y1` (as numpy slicing `[y0:y1+1, x0:x1+1]`). */
export interface PixelRect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * The face box the anti-spoofing models expect, from a detector box: a square of side (w + h) / 2
 * around the box centre. Silent-Face-Anti-Spoofing's own Android deployment squares its detector box
 * exactly this way before cropping (FaceDetector::Detect); SCRFD boxes are taller than wide (about
 * 0.75:1), and feeding them unsquared stretches the 80x80 patch and costs live faces 0.4 of score on
 * webcam frames (measured, see docs/liveness.md).
 *
 * @example
 * ```ts
 * const sq = antiSpoofBox(face.box); // square box, same centre
 * ```
 */
export function antiSpoofBox(box: Box): Box {
  const side = (box.width + box.height) / 2;
  return { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, width: side, height: side };
}

/**
 * Upstream's patch rectangle (Silent-Face-Anti-Spoofing `CropImage._get_new_box`): the box scaled by
 * `scale` around its centre, the scale first limited so the patch fits in the image, then shifted inward
 * at the edges; corners truncated to integers.
 *
 * @example
 * ```ts
 * const r = upstreamCropRect(640, 480, antiSpoofBox(face.box), 2.7);
 * ```
 */
export function upstreamCropRect(srcW: number, srcH: number, box: Box, scale: number): PixelRect {
  const bw = Math.max(1, box.width);
  const bh = Math.max(1, box.height);
  const s = Math.min((srcH - 1) / bh, (srcW - 1) / bw, scale);
  const nw = bw * s;
  const nh = bh * s;
  const cx = box.x + bw / 2;
  const cy = box.y + bh / 2;
  let x0 = cx - nw / 2;
  let y0 = cy - nh / 2;
  let x1 = cx + nw / 2;
  let y1 = cy + nh / 2;
  if (x0 < 0) {
    x1 -= x0;
    x0 = 0;
  }
  if (y0 < 0) {
    y1 -= y0;
    y0 = 0;
  }
  if (x1 > srcW - 1) {
    x0 -= x1 - srcW + 1;
    x1 = srcW - 1;
  }
  if (y1 > srcH - 1) {
    y0 -= y1 - srcH + 1;
    y1 = srcH - 1;
  }
  const clampX = (v: number) => Math.min(srcW - 1, Math.max(0, Math.trunc(v)));
  const clampY = (v: number) => Math.min(srcH - 1, Math.max(0, Math.trunc(v)));
  return { x0: clampX(x0), y0: clampY(y0), x1: clampX(x1), y1: clampY(y1) };
}

/**
 * Resizes the inclusive rectangle `r` of `img` to `outW`x`outH` the way OpenCV's `cv2.resize` with
 * INTER_LINEAR does (pixel-centre mapping, two taps per axis, no anti-aliasing when shrinking), which
 * is how the models' training patches were made. Returns RGB.
 *
 * @example
 * ```ts
 * const patch = cvResizeLinear(frame, { x0: 10, y0: 20, x1: 409, y1: 419 }, 80, 80);
 * ```
 */
export function cvResizeLinear(img: RgbImage, r: PixelRect, outW: number, outH: number): RgbImage {
  const sw = r.x1 - r.x0 + 1;
  const sh = r.y1 - r.y0 + 1;
  const fx = sw / outW;
  const fy = sh / outH;
  const xs0 = new Int32Array(outW);
  const xs1 = new Int32Array(outW);
  const wx = new Float32Array(outW);
  for (let x = 0; x < outW; x++) {
    const s = (x + 0.5) * fx - 0.5;
    let i = Math.floor(s);
    let w = s - i;
    if (i < 0) {
      i = 0;
      w = 0;
    }
    if (i >= sw - 1) {
      i = sw - 1;
      w = 0;
    }
    xs0[x] = (r.x0 + i) * 3;
    xs1[x] = (r.x0 + Math.min(i + 1, sw - 1)) * 3;
    wx[x] = w;
  }
  const out = new Uint8Array(outW * outH * 3);
  const d = img.data;
  const rowBytes = img.width * 3;
  for (let y = 0; y < outH; y++) {
    let j = Math.floor((y + 0.5) * fy - 0.5);
    let wy = (y + 0.5) * fy - 0.5 - j;
    if (j < 0) {
      j = 0;
      wy = 0;
    }
    if (j >= sh - 1) {
      j = sh - 1;
      wy = 0;
    }
    const r0 = (r.y0 + j) * rowBytes;
    const r1 = (r.y0 + Math.min(j + 1, sh - 1)) * rowBytes;
    for (let x = 0; x < outW; x++) {
      const a = xs0[x]!;
      const b = xs1[x]!;
      const w = wx[x]!;
      const o = (y * outW + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = d[r0 + a + c]! + (d[r0 + b + c]! - d[r0 + a + c]!) * w;
        const bot = d[r1 + a + c]! + (d[r1 + b + c]! - d[r1 + a + c]!) * w;
        out[o + c] = Math.round(top + (bot - top) * wy);
      }
    }
  }
  return { data: out, width: outW, height: outH, channels: 3 };
}

/**
 * The 80x80 RGB patch a MiniFASNet model with crop `scale` (2.7 for V2, 4.0 for V1SE) sees for a face:
 * square box ({@link antiSpoofBox}), upstream crop rectangle, OpenCV-style bilinear resize.
 *
 * @example
 * ```ts
 * const patch = antiSpoofPatch(frame, face.box, 2.7); // then toNchw(patch, { order: 'bgr' })
 * ```
 */
export function antiSpoofPatch(img: RgbImage, faceBox: Box, scale: number, size = 80): RgbImage {
  return cvResizeLinear(img, upstreamCropRect(img.width, img.height, antiSpoofBox(faceBox), scale), size, size);
}
