import { ProvefyError } from '../../errors/index.js';
import { loadImage } from '../../image/load-image.js';

/**
 * Decodes an upload completely (at a small size: `loadImage`'s shrink-on-load keeps it cheap) so that a truncated or
 * corrupt image is refused before it is kept or counts as an attempt. Throws `loadImage`'s typed errors:
 * `PROVEFY_ERR_INVALID_IMAGE`, `PROVEFY_ERR_IMAGE_TOO_LARGE` (past the pixel limit, from the header, before decoding)
 * or `PROVEFY_ERR_UNSUPPORTED_IMAGE_FORMAT`.
 *
 * @example
 * ```ts
 * await validateCaptureImage(bytes); // throws ProvefyError('PROVEFY_ERR_INVALID_IMAGE') for a truncated JPEG
 * ```
 */
export async function validateCaptureImage(bytes: Uint8Array): Promise<void> {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', 'The image is empty');
  await loadImage(bytes, { maxSide: 64 });
}

/** True when the bytes decode (see {@link validateCaptureImage}). */
export async function isUsableImage(bytes: Uint8Array): Promise<boolean> {
  return validateCaptureImage(bytes).then(
    () => true,
    () => false,
  );
}
