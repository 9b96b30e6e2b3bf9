/** Why a chosen file cannot be sent. */
export class ImagePrepError extends Error {
  constructor(readonly kind: 'unsupported' | 'too-large') {
    super(kind);
  }
}

const SENDABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * The longer side and JPEG quality to re-encode an image with so it fits `maxBytes`: the original when it already is a
 * JPEG/PNG/WebP within the limit, else at most 2400 px, stepping the quality down.
 *
 * @example
 * ```ts
 * encodeSteps(); // [{ maxSide: 2400, quality: 0.9 }, { maxSide: 2400, quality: 0.8 }, { maxSide: 1800, quality: 0.8 }, ...]
 * ```
 */
export function encodeSteps(): { maxSide: number; quality: number }[] {
  return [
    { maxSide: 2400, quality: 0.9 },
    { maxSide: 2400, quality: 0.8 },
    { maxSide: 1800, quality: 0.8 },
    { maxSide: 1400, quality: 0.75 },
  ];
}

/**
 * Makes a chosen file sendable: JPEG, PNG and WebP within `maxBytes` go as they are (the server reads EXIF
 * orientation); anything else the browser can decode (HEIC where supported, GIF, BMP, oversized photos) is redrawn
 * upright and re-encoded as JPEG. Throws {@link ImagePrepError}.
 *
 * @example
 * ```ts
 * const blob = await prepareImage(input.files[0], 8 * 1024 * 1024);
 * ```
 */
export async function prepareImage(file: Blob, maxBytes: number): Promise<Blob> {
  if (SENDABLE.has(file.type) && file.size <= maxBytes) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new ImagePrepError('unsupported');
  }
  try {
    for (const step of encodeSteps()) {
      const scale = Math.min(1, step.maxSide / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', step.quality));
      if (blob && blob.size <= maxBytes) return blob;
    }
  } finally {
    bitmap.close();
  }
  throw new ImagePrepError('too-large');
}
