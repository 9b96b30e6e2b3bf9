/**
 * Encodes the current video frame as JPEG bytes (scaled down to `maxWidth`).
 *
 * @example
 * ```ts
 * const jpeg = await captureJpeg(videoRef.current!, { maxWidth: 640 });
 * ```
 */
export async function captureJpeg(video: HTMLVideoElement, opts: { maxWidth?: number; quality?: number } = {}): Promise<Uint8Array> {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (!w || !h) throw new Error('The camera has no picture yet');
  const scale = Math.min(1, (opts.maxWidth ?? 1280) / w);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas');
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', opts.quality ?? 0.88));
  if (!blob) throw new Error('Could not encode the frame');
  return new Uint8Array(await blob.arrayBuffer());
}

/** Luma statistics of a small copy of the frame. */
export interface FrameStats {
  brightness: number;
  /** Variance of a 4-neighbour Laplacian (higher is sharper). */
  sharpness: number;
  /** Luma samples (for comparing consecutive frames). */
  luma: Float32Array;
}

/**
 * Brightness and sharpness of the current frame (of a video element or a grabbed ImageBitmap), measured on a copy
 * at most 160 px wide.
 *
 * @example
 * ```ts
 * const { brightness, sharpness } = measureFrame(video);
 * ```
 */
export function measureFrame(video: HTMLVideoElement | ImageBitmap, width = 160): FrameStats | null {
  const w = 'videoWidth' in video ? video.videoWidth : video.width;
  const h = 'videoHeight' in video ? video.videoHeight : video.height;
  if (!w || !h) return null;
  const cw = Math.min(width, w);
  const ch = Math.max(1, Math.round((h * cw) / w));
  const canvas = document.createElement('canvas');
  canvas.width = cw;
  canvas.height = ch;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, cw, ch);
  const px = ctx.getImageData(0, 0, cw, ch).data;
  const luma = new Float32Array(cw * ch);
  let sum = 0;
  for (let i = 0; i < luma.length; i++) {
    const y = 0.299 * px[i * 4]! + 0.587 * px[i * 4 + 1]! + 0.114 * px[i * 4 + 2]!;
    luma[i] = y;
    sum += y;
  }
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let y = 1; y < ch - 1; y++) {
    for (let x = 1; x < cw - 1; x++) {
      const i = y * cw + x;
      const lap = luma[i - 1]! + luma[i + 1]! + luma[i - cw]! + luma[i + cw]! - 4 * luma[i]!;
      n++;
      const d = lap - mean;
      mean += d / n;
      m2 += d * (lap - mean);
    }
  }
  return { brightness: sum / luma.length, sharpness: n > 1 ? m2 / (n - 1) : 0, luma };
}

/**
 * Mean absolute luma difference between two measurements of the same size (0 = identical).
 *
 * @example
 * ```ts
 * frameDifference(a.luma, b.luma); // 1.7
 * ```
 */
export function frameDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) return Number.POSITIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

/**
 * Waits `ms` milliseconds.
 *
 * @example
 * ```ts
 * await sleep(250);
 * ```
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
