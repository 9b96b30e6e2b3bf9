/** A source rectangle in video pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The part of a video frame that an `object-fit: cover` box of `viewW x viewH` shows (the centred crop with the
 * view's aspect ratio).
 *
 * @example
 * ```ts
 * coverCrop(1280, 720, 3, 4); // { x: 370, y: 0, width: 540, height: 720 }
 * ```
 */
export function coverCrop(videoW: number, videoH: number, viewW: number, viewH: number): Rect {
  const videoAspect = videoW / videoH;
  const viewAspect = viewW / viewH;
  if (videoAspect > viewAspect) {
    const width = Math.round(videoH * viewAspect);
    return { x: Math.round((videoW - width) / 2), y: 0, width, height: videoH };
  }
  const height = Math.round(videoW / viewAspect);
  return { x: 0, y: Math.round((videoH - height) / 2), width: videoW, height };
}

/**
 * Draws `rect` of the video into a canvas scaled so its longer side is at most `maxSide`.
 *
 * @example
 * ```ts
 * const canvas = drawFrame(video, { x: 0, y: 0, width: video.videoWidth, height: video.videoHeight }, 640);
 * ```
 */
export function drawFrame(video: HTMLVideoElement, rect: Rect, maxSide: number, canvas = document.createElement('canvas')): HTMLCanvasElement {
  const scale = Math.min(1, maxSide / Math.max(rect.width, rect.height));
  canvas.width = Math.max(1, Math.round(rect.width * scale));
  canvas.height = Math.max(1, Math.round(rect.height * scale));
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, rect.x, rect.y, rect.width, rect.height, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/**
 * A canvas as a JPEG blob.
 *
 * @example
 * ```ts
 * const blob = await canvasToJpeg(drawFrame(video, rect, 640), 0.85);
 * ```
 */
export function canvasToJpeg(canvas: HTMLCanvasElement, quality = 0.9): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('JPEG encoding failed'))), 'image/jpeg', quality));
}

/**
 * Grey levels (0-255, BT.601 luma) of an RGBA pixel buffer.
 *
 * @example
 * ```ts
 * toLuma(ctx.getImageData(0, 0, w, h).data); // Float32Array of w*h
 * ```
 */
export function toLuma(rgba: ArrayLike<number>): Float32Array {
  const n = Math.floor(rgba.length / 4);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!;
  return out;
}

/**
 * Mean of a grey buffer.
 *
 * @example
 * ```ts
 * meanOf(toLuma(imageData.data)); // 118.4
 * ```
 */
export function meanOf(gray: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < gray.length; i++) s += gray[i]!;
  return gray.length > 0 ? s / gray.length : 0;
}

/**
 * Sharpness as the variance of the 4-neighbour Laplacian of a `w x h` grey image (higher is sharper; scale it to a
 * fixed size before comparing).
 *
 * @example
 * ```ts
 * laplacianVariance(gray, 160, 100); // e.g. 12 for a blurred frame, 180 for sharp text
 * ```
 */
export function laplacianVariance(gray: ArrayLike<number>, w: number, h: number): number {
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const v = gray[i - w]! + gray[i + w]! + gray[i - 1]! + gray[i + 1]! - 4 * gray[i]!;
      sum += v;
      sq += v * v;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sq / n - mean * mean;
}

/**
 * Mean absolute difference of two grey images of the same size (0 when identical; a few units for sensor noise).
 *
 * @example
 * ```ts
 * meanAbsDiff(previous, current); // 1.8 while the phone is still, 15+ while it moves
 * ```
 */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return Number.POSITIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}
