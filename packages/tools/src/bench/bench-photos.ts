import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** The sizes of the photo comparison: a webcam frame and a 12 MP phone photo. */
export const PHOTO_SIZES = { small: { width: 640, height: 480 }, large: { width: 4000, height: 3000 } } as const;

/**
 * Writes the same photo as a 640x480 and a 4000x3000 JPEG (quality 90) into `dir`, made from `source` with sharp
 * (cover-cropped to 4:3, the large one upscaled): the same face at two resolutions, so that the cost of the
 * pixels alone shows. Nothing is committed: the files are made at bench time.
 *
 * @example
 * ```ts
 * const { small, large } = await writeSizedPhotos('../shared/fixtures/faces/images/x.jpg', tmpDir);
 * ```
 */
export async function writeSizedPhotos(source: string, dir: string): Promise<{ small: string; large: string }> {
  const out = { small: join(dir, 'photo-640x480.jpg'), large: join(dir, 'photo-4000x3000.jpg') };
  for (const [k, size] of Object.entries(PHOTO_SIZES) as [keyof typeof PHOTO_SIZES, { width: number; height: number }][]) {
    const bytes = await sharp(source).rotate().resize({ ...size, fit: 'cover', position: 'centre', kernel: 'lanczos3' }).jpeg({ quality: 90 }).toBuffer();
    writeFileSync(out[k], bytes);
  }
  return out;
}
