import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Metadata, default as SharpModule } from 'sharp';
import { ProvefyError } from '../errors/index.js';
import { resizeImage } from './transform.js';
import { DEFAULT_IMAGE_LIMITS, type ImageDecodeOptions, type ImageInput, type ImageLimits, type RawFrame, type RgbImage } from './types.js';

// Loaded as CommonJS: sharp's ESM build (15 modules through the ESM loader) took 143-162 ms to import here, its
// CommonJS build 63-89 ms; every process that imports @provefy/core paid the difference before its first check.
const sharp = createRequire(import.meta.url)('sharp') as typeof SharpModule;

const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif']);

/**
 * The limits with their defaults: a limit left out or passed as `undefined` (`{ maxPixels: opts.maxPixels }`) is the
 * default, never "no limit"; anything else must be a positive number.
 */
function imageLimits(limits: ImageLimits): Required<ImageLimits> {
  const out = { ...DEFAULT_IMAGE_LIMITS };
  for (const k of ['maxBytes', 'maxPixels'] as const) {
    const v = limits[k];
    if (v === undefined) continue;
    if (!(typeof v === 'number' && v > 0 && !Number.isNaN(v))) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `${k} must be a positive number, got ${String(v)}`, { [k]: v });
    out[k] = v;
  }
  return out;
}

/**
 * True when the value is a decoded RGB image (as returned by {@link loadImage}): 3 channels, whole positive sizes and
 * exactly width x height x 3 bytes of data.
 *
 * @example
 * ```ts
 * isRgbImage(await loadImage('selfie.jpg')); // true
 * isRgbImage({ data: new Uint8Array(10), width: 100, height: 100, channels: 3 }); // false: 10 bytes for 30,000
 * ```
 */
export function isRgbImage(v: unknown): v is RgbImage {
  if (typeof v !== 'object' || v === null || (v as RgbImage).channels !== 3 || !isRawFrame(v)) return false;
  // A decoded image only when its size and data agree: anything else goes through loadImage, which names the fault.
  const { width, height, data } = v as RgbImage;
  return Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1 && data.length === width * height * 3;
}

function isRawFrame(v: unknown): v is RawFrame {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as RawFrame;
  return (f.data instanceof Uint8Array || f.data instanceof Uint8ClampedArray) && typeof f.width === 'number' && typeof f.height === 'number';
}

function rawFrameToRgb(f: RawFrame, limits: Required<ImageLimits>): RgbImage {
  const { width, height } = f;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', `Raw frame has an invalid size ${width}x${height}`, { width, height });
  }
  if (width * height > limits.maxPixels) {
    throw new ProvefyError('PROVEFY_ERR_IMAGE_TOO_LARGE', `Raw frame has ${width * height} pixels, over the limit of ${limits.maxPixels}`, { width, height, maxPixels: limits.maxPixels });
  }
  const px = width * height;
  const channels = f.channels ?? (f.data.length === px * 4 ? 4 : 3);
  if (f.data.length !== px * channels) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', `Raw frame data has ${f.data.length} bytes, expected ${px * channels} for ${width}x${height}x${channels}`, { width, height, channels, bytes: f.data.length });
  }
  if (channels === 3) return { data: new Uint8Array(f.data.buffer, f.data.byteOffset, f.data.length), width, height, channels: 3 };
  const out = new Uint8Array(px * 3);
  for (let i = 0, j = 0; i < px * 4; i += 4, j += 3) {
    out[j] = f.data[i]!;
    out[j + 1] = f.data[i + 1]!;
    out[j + 2] = f.data[i + 2]!;
  }
  return { data: out, width, height, channels: 3 };
}

async function readInputBytes(input: string | Buffer | Uint8Array | ArrayBuffer, maxBytes: number): Promise<Buffer> {
  if (typeof input === 'string') {
    let size: number;
    try {
      const st = await stat(input);
      if (!st.isFile()) throw new Error('not a regular file');
      size = st.size;
    } catch (cause) {
      throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Cannot read image file ${input}: ${(cause as Error).message}`, { path: input }, { cause });
    }
    if (size > maxBytes) throw new ProvefyError('PROVEFY_ERR_IMAGE_TOO_LARGE', `Image file is ${size} bytes, over the limit of ${maxBytes}`, { bytes: size, maxBytes });
    let buf: Buffer;
    try {
      buf = await readFile(input);
    } catch (cause) {
      throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Cannot read image file ${input}: ${(cause as Error).message}`, { path: input }, { cause });
    }
    if (buf.length > maxBytes) throw new ProvefyError('PROVEFY_ERR_IMAGE_TOO_LARGE', `Image file is ${buf.length} bytes, over the limit of ${maxBytes}`, { bytes: buf.length, maxBytes });
    return buf;
  }
  const buf = input instanceof ArrayBuffer ? Buffer.from(input) : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length > maxBytes) throw new ProvefyError('PROVEFY_ERR_IMAGE_TOO_LARGE', `Image is ${buf.length} bytes, over the limit of ${maxBytes}`, { bytes: buf.length, maxBytes });
  return buf;
}

/**
 * Decodes any {@link ImageInput} into an upright 8-bit RGB image. EXIF orientation is applied,
 * alpha is dropped, CMYK/16-bit/greyscale are converted, and only the first frame of an animation is used.
 * Inputs over the byte or pixel limits, unreadable bytes and unsupported formats (SVG, PDF, text)
 * raise a {@link ProvefyError}; the function never crashes the process. With `maxSide` the image is downscaled while
 * it is decoded (the full-size pixels are never held).
 *
 * @example
 * ```ts
 * const img = await loadImage('selfie.jpg');
 * console.log(img.width, img.height); // upright pixel size
 * const frame = await loadImage(bytes, { maxSide: 1280 }); // at most 1280 px on its longer side
 * ```
 */
export async function loadImage(input: ImageInput, options: ImageDecodeOptions = {}): Promise<RgbImage> {
  const { maxSide, ...limits } = options;
  const lim = imageLimits(limits);
  if (maxSide !== undefined && !(Number.isFinite(maxSide) && maxSide >= 16)) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `maxSide must be a number of pixels >= 16, got ${String(maxSide)}`, { maxSide });
  }
  if (input === null || input === undefined) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'No image was given');
  if (typeof input !== 'string' && !(input instanceof ArrayBuffer) && !Buffer.isBuffer(input) && isRawFrame(input) && !(input instanceof Uint8Array)) {
    return capSide(rawFrameToRgb(input, lim), maxSide);
  }
  if (typeof input !== 'string' && !(input instanceof Uint8Array) && !(input instanceof ArrayBuffer)) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'Unsupported image input type: expected bytes, a file path or a raw frame');
  }
  const bytes = await readInputBytes(input, lim.maxBytes);
  if (bytes.length === 0) throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', 'The image is empty (0 bytes)');
  return decodeBytes(bytes, await readImageSize(bytes), lim, maxSide);
}

/** Decodes encoded bytes whose header was read (`size`): the pixel limit, then one sharp pipeline. */
async function decodeBytes(bytes: Buffer, size: ImageSize, lim: Required<ImageLimits>, maxSide: number | undefined): Promise<RgbImage> {
  const { width: w, height: h, format } = size;
  if (w * h > lim.maxPixels) {
    throw new ProvefyError('PROVEFY_ERR_IMAGE_TOO_LARGE', `Image is ${w}x${h} (${w * h} pixels), over the limit of ${lim.maxPixels}`, { width: w, height: h, maxPixels: lim.maxPixels });
  }
  try {
    let pipeline = sharp(bytes, { limitInputPixels: lim.maxPixels, pages: 1, failOn: 'error' }).rotate();
    if (maxSide !== undefined && Math.max(w, h) > maxSide) {
      pipeline = pipeline.resize({ width: Math.floor(maxSide), height: Math.floor(maxSide), fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true });
    }
    const { data, info } = await pipeline
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      return rawFrameToRgb(expandChannels(data, info.width, info.height, info.channels), lim);
    }
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
  } catch (cause) {
    if (cause instanceof ProvefyError) throw cause;
    throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', `The image could not be decoded: ${(cause as Error).message}`, { format }, { cause });
  }
}

/** An image decoded for a pipeline that needs fewer pixels than it has (see {@link loadImageReduced}). */
export interface ReducedImage {
  readonly image: RgbImage;
  /** Decoded pixels per upright source pixel: 1 when decoded at full size. */
  readonly scale: number;
  /** The encoded bytes, to decode more of it later (a face region at full resolution); null for raw frames. */
  readonly bytes: Buffer | null;
  /** The longer side of the upright image at full size, in pixels. */
  readonly fullSide: number;
}

/**
 * Decodes an image at full size, unless its longer side is over `above`: then straight to `side` px on its longer
 * side with sharp's shrink-on-load (a JPEG is decoded at 1/2, 1/4 or 1/8 scale by its decoder), so that a 12 MP
 * photo costs about what a small one does. Raw frames and decoded images are returned as they are. The bytes
 * are kept so that a region can be decoded again at full resolution where it is needed.
 *
 * @example
 * ```ts
 * const { image, scale } = await loadImageReduced(await readFile('selfie.jpg'), {}, 2560, 640);
 * // a 4000x3000 photo: image is 640x480, scale 0.16
 * ```
 */
export async function loadImageReduced(input: ImageInput, limits: ImageLimits, above: number, side: number): Promise<ReducedImage> {
  if (typeof input !== 'string' && !(input instanceof Uint8Array) && !(input instanceof ArrayBuffer)) {
    // Raw frames decode in loadImage; anything else (null, a number...) gets its typed error there.
    const image = await loadImage(input, limits);
    return { image, scale: 1, bytes: null, fullSide: Math.max(image.width, image.height) };
  }
  const lim = imageLimits(limits);
  const bytes = await readInputBytes(input, lim.maxBytes);
  if (bytes.length === 0) throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', 'The image is empty (0 bytes)');
  const size = await readImageSize(bytes);
  const fullSide = Math.max(size.width, size.height);
  if (!(Number.isFinite(side) && side >= 16)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `side must be a number of pixels >= 16, got ${String(side)}`, { side });
  // One header read: the bytes are decoded straight away (loadImage would read the header again).
  const image = await decodeBytes(bytes, size, lim, fullSide <= above ? undefined : side);
  if (fullSide <= above) return { image, scale: 1, bytes, fullSide };
  return { image, scale: Math.max(image.width, image.height) / fullSide, bytes, fullSide };
}

/** What {@link readImageSize} reads from an image's header. */
export interface ImageSize {
  /** Stored width and height (before EXIF rotation), first frame of an animation. */
  width: number;
  height: number;
  /** sharp's format name: `jpeg`, `png`, `webp`, `gif`, `tiff`, `avif` or `heif`. */
  format: string;
}

/**
 * Reads an encoded image's size and format from its header without decoding its pixels (cheap: use it to budget
 * pixels before any decoding). Unreadable bytes and formats that are not accepted are typed errors.
 *
 * @example
 * ```ts
 * const { width, height } = await readImageSize(await readFile('selfie.jpg')); // 4032 x 3024
 * ```
 */
export async function readImageSize(bytes: Uint8Array): Promise<ImageSize> {
  if (bytes.length === 0) throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', 'The image is empty (0 bytes)');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata();
  } catch (cause) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', `The image could not be decoded: ${(cause as Error).message}`, {}, { cause });
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) {
    throw new ProvefyError('PROVEFY_ERR_UNSUPPORTED_IMAGE_FORMAT', `Image format ${meta.format ?? 'unknown'} is not accepted; use JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC`, { format: meta.format });
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width < 1 || height < 1) throw new ProvefyError('PROVEFY_ERR_INVALID_IMAGE', 'The image has no pixels');
  return { width, height, format: meta.format };
}

/** Downscales a decoded image so its longer side is at most `maxSide` (no-op when it already is). */
function capSide(img: RgbImage, maxSide: number | undefined): RgbImage {
  if (maxSide === undefined || Math.max(img.width, img.height) <= maxSide) return img;
  const k = maxSide / Math.max(img.width, img.height);
  return resizeImage(img, Math.max(1, Math.round(img.width * k)), Math.max(1, Math.round(img.height * k)));
}

function expandChannels(data: Buffer, width: number, height: number, channels: number): RawFrame {
  const px = width * height;
  const out = new Uint8Array(px * 3);
  for (let i = 0; i < px; i++) {
    const v = data[i * channels]!;
    out[i * 3] = v;
    out[i * 3 + 1] = channels >= 3 ? data[i * channels + 1]! : v;
    out[i * 3 + 2] = channels >= 3 ? data[i * channels + 2]! : v;
  }
  return { data: out, width, height, channels: 3 };
}

/** Encodes an RGB image as JPEG (for storage, debugging and reports). */
export async function encodeJpeg(img: RgbImage, quality = 90): Promise<Buffer> {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), { raw: { width: img.width, height: img.height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

/** Encodes an RGB image as PNG. */
export async function encodePng(img: RgbImage): Promise<Buffer> {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), { raw: { width: img.width, height: img.height, channels: 3 } })
    .png()
    .toBuffer();
}
