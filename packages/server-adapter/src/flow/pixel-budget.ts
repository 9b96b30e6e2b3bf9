import { ProvefyError, readImageSize } from '@provefy/core';
import { HttpError } from '../http/http-error.js';
import type { UploadedImage } from './upload-parser.js';

/** Default decoded pixels one request may carry, all images together (80 MP: 30 full-HD frames, or a 12 MP selfie). */
export const DEFAULT_MAX_REQUEST_PIXELS = 80_000_000;

/**
 * Refuses an upload whose images would decode to more than `maxPixels` in all, reading only their headers (no pixel is
 * decoded). A few kilobytes of PNG can declare 36 MP; thirty of them are a billion pixels that would hold gigabytes
 * and the work queue for a minute. Too many pixels -> 413 `PROVEFY_ERR_PAYLOAD_TOO_LARGE`; a header that cannot be
 * read -> 400 `PROVEFY_ERR_INVALID_UPLOAD` naming the field.
 *
 * @example
 * ```ts
 * const total = await checkPixelBudget(upload.images.get('frames') ?? [], 80_000_000);
 * ```
 */
export async function checkPixelBudget(images: readonly UploadedImage[], maxPixels: number): Promise<number> {
  let total = 0;
  for (const [i, image] of images.entries()) {
    let size: { width: number; height: number };
    try {
      size = await readImageSize(image.bytes);
    } catch (e) {
      if (!(e instanceof ProvefyError)) throw e;
      const field = images.filter((x) => x.field === image.field).length > 1 ? `${image.field}[${images.slice(0, i).filter((x) => x.field === image.field).length}]` : image.field;
      throw new HttpError('PROVEFY_ERR_INVALID_UPLOAD', `Field '${field}' is not a readable image: ${e.message}`, { field });
    }
    total += size.width * size.height;
    if (total > maxPixels) {
      throw new HttpError('PROVEFY_ERR_PAYLOAD_TOO_LARGE', `The images of this request have more than ${maxPixels} pixels in all; send smaller frames (960 px on the longer side is all the checks use)`, {
        field: image.field,
        details: { limit: maxPixels },
      });
    }
  }
  return total;
}
