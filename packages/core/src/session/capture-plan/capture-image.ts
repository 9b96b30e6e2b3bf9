import sharp from 'sharp';
import { ProvefyError } from '../../errors/index.js';
import { DEFAULT_IMAGE_LIMITS } from '../../image/types.js';

/**
 * Decodes an upload completely (at a small size: JPEG shrink-on-load keeps it cheap) so that a truncated or corrupt
 * image is refused before it is kept or counts as an attempt. Throws `PROVEFY_ERR_INVALID_IMAGE` (or
 * `PROVEFY_ERR_IMAGE_TOO_LARGE` past the pixel limit).
 *
 * @example
 * ```ts
 * await validateCaptureImage(bytes); // throws ProvefyError('PROVEFY_ERR_INVALID_IMAGE') for a truncated JPEG
 * ```
 */
export async function validateCaptureImage(bytes: Uint8Array): Promise<void> {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', 'The image is empty');
  try {
    await sharp(bytes, { limitInputPixels: DEFAULT_IMAGE_LIMITS.maxPixels, pages: 1, failOn: 'error' })
      .resize(64, 64, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/pixel limit/i.test(message)) throw new ProvefyError('PROVEFY_ERR_IMAGE_TOO_LARGE', `The image exceeds the pixel limit: ${message}`);
    throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', `The image could not be decoded: ${message}`);
  }
}

/** True when the bytes decode (see {@link validateCaptureImage}). */
export async function isUsableImage(bytes: Uint8Array): Promise<boolean> {
  return validateCaptureImage(bytes).then(
    () => true,
    () => false,
  );
}
