import { ProvefyError, readImageSize } from '@provefy/core';
import { HttpError } from '../http/http-error.js';

/** Default decoded pixels one request may carry, all images together (80 MP: 30 full-HD frames, or a 12 MP selfie). */
export const DEFAULT_MAX_REQUEST_PIXELS = 80_000_000;

/**
 * Refuses an upload whose images would decode to more than `maxPixels` in all, reading only their headers (no pixel is
 * decoded). A few kilobytes of PNG can declare 36 MP; thirty of them are a billion pixels that would hold gigabytes
 * and the work queue for a minute. Too many pixels -> 413 `PROVEFY_ERR_PAYLOAD_TOO_LARGE`. An image whose header cannot
 * be read counts nothing here: decoding it fails later with the capture plan's own answer.
 *
 * @example
 * ```ts
 * const total = await checkPixelBudget(upload.images.get('frames') ?? [], 80_000_000);
 * ```
 */
export async function checkPixelBudget(images: readonly { readonly field: string; readonly bytes: Uint8Array }[], maxPixels: number): Promise<number> {
  let total = 0;
  for (const image of images) {
    let size: { width: number; height: number };
    try {
      size = await readImageSize(image.bytes);
    } catch (e) {
      // Not this check's business: the capture plan decodes every upload and answers an unreadable one with its own
      // reason (after the session's own checks, e.g. 409 for a capture the session did not ask for).
      if (e instanceof ProvefyError) continue;
      throw e;
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
