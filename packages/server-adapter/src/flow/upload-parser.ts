import { mediaType, parseJsonBytes } from '../http/body.js';
import type { Context } from '../http/context.js';
import { assertValidJsonText } from '../http/valid-text.js';
import { HttpError } from '../http/http-error.js';
import { type AcceptedImageType, sniffImageType } from './magic-bytes.js';
import { checkPixelBudget, DEFAULT_MAX_REQUEST_PIXELS } from './pixel-budget.js';

export interface UploadLimits {
  /** Whole request body (default 15 MiB). */
  maxBodyBytes: number;
  /** One image (default 8 MiB). */
  maxImageBytes: number;
  /** Images in one request (default 30). */
  maxFiles: number;
  /** Decoded pixels of all images of one request together, read from their headers before decoding (default 80 MP). */
  maxRequestPixels: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBodyBytes: 15 * 1024 * 1024, maxImageBytes: 8 * 1024 * 1024, maxFiles: 30, maxRequestPixels: DEFAULT_MAX_REQUEST_PIXELS };

/** One checked image: its bytes and the type its magic bytes show. */
export interface UploadedImage {
  field: string;
  bytes: Uint8Array;
  type: AcceptedImageType;
}

/** A parsed upload: images by field name (in order) and the other fields. */
export interface ParsedUpload {
  images: Map<string, UploadedImage[]>;
  fields: Record<string, unknown>;
}

const BASE64 = /^[A-Za-z0-9+/\r\n_-]*={0,2}$/;
const DATA_URL = /^data:([a-z0-9.+/-]{1,50});base64,/i;

function checkImage(field: string, bytes: Uint8Array, limits: UploadLimits): UploadedImage {
  if (bytes.byteLength === 0) throw new HttpError('PROVEFY_ERR_INVALID_UPLOAD', `Field '${field}' is an empty file`, { field });
  if (bytes.byteLength > limits.maxImageBytes) {
    throw new HttpError('PROVEFY_ERR_PAYLOAD_TOO_LARGE', `Field '${field}' is larger than ${limits.maxImageBytes} bytes`, { field, details: { limit: limits.maxImageBytes } });
  }
  const type = sniffImageType(bytes);
  if (!type) throw new HttpError('PROVEFY_ERR_UNSUPPORTED_MEDIA_TYPE', `Field '${field}' must be a JPEG, PNG or WebP image`, { field });
  return { field, bytes, type };
}

function decodeBase64(field: string, value: string, limits: UploadLimits): Uint8Array {
  const body = value.replace(DATA_URL, '');
  if (body.length > Math.ceil((limits.maxImageBytes * 4) / 3) + 8) {
    throw new HttpError('PROVEFY_ERR_PAYLOAD_TOO_LARGE', `Field '${field}' is larger than ${limits.maxImageBytes} bytes`, { field, details: { limit: limits.maxImageBytes } });
  }
  if (!BASE64.test(body)) throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid field '${field}': must be a base64 image or data URL`, { field });
  return new Uint8Array(Buffer.from(body, body.includes('-') || body.includes('_') ? 'base64url' : 'base64'));
}

function addImage(out: Map<string, UploadedImage[]>, image: UploadedImage, limits: UploadLimits, count: { n: number }): void {
  if (++count.n > limits.maxFiles) throw new HttpError('PROVEFY_ERR_PAYLOAD_TOO_LARGE', `At most ${limits.maxFiles} images per request`, { details: { limit: limits.maxFiles } });
  const list = out.get(image.field) ?? [];
  list.push(image);
  out.set(image.field, list);
}

/**
 * Reads an upload in any of three forms, checking sizes and magic bytes before anything decodes an image:
 * - `multipart/form-data`: files in `imageFields`, other parts as text fields;
 * - JSON: `imageFields` hold base64 strings (or data URLs), or arrays of them; other properties are fields;
 * - a raw `image/jpeg|png|webp` body: one image in the first of `imageFields`.
 * Too large (bytes, files, or decoded pixels of all images together, read from their headers) -> 413, not an image
 * -> 415, malformed -> 400 naming the field.
 *
 * @example
 * ```ts
 * const upload = await parseUpload(ctx, ['frames'], DEFAULT_UPLOAD_LIMITS);
 * upload.images.get('frames')?.length; // number of frames
 * ```
 */
export async function parseUpload(ctx: Context, imageFields: readonly string[], limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): Promise<ParsedUpload> {
  const upload = await readUpload(ctx, imageFields, limits);
  await checkPixelBudget([...upload.images.values()].flat(), limits.maxRequestPixels);
  return upload;
}

async function readUpload(ctx: Context, imageFields: readonly string[], limits: UploadLimits): Promise<ParsedUpload> {
  const type = mediaType(ctx.request);
  const images = new Map<string, UploadedImage[]>();
  const fields: Record<string, unknown> = {};
  const count = { n: 0 };
  if (type.startsWith('image/')) {
    const bytes = await ctx.bodyBytes(Math.min(limits.maxBodyBytes, limits.maxImageBytes));
    addImage(images, checkImage(imageFields[0]!, bytes, limits), limits, count);
    return { images, fields };
  }
  if (type === 'multipart/form-data') {
    const bytes = await ctx.bodyBytes(limits.maxBodyBytes);
    let form: FormData;
    try {
      form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': ctx.request.headers.get('content-type')! } }).formData();
    } catch {
      throw new HttpError('PROVEFY_ERR_INVALID_UPLOAD', 'The multipart body could not be parsed');
    }
    for (const [name, value] of form.entries()) {
      const field = imageFields.find((f) => name === f || name === `${f}[]`);
      if (typeof value === 'string') {
        if (field) addImage(images, checkImage(field, decodeBase64(field, value, limits), limits), limits, count);
        else if (!(name in fields)) fields[name] = value.slice(0, 10_000);
        continue;
      }
      if (!field) continue;
      if (value.size > limits.maxImageBytes) {
        throw new HttpError('PROVEFY_ERR_PAYLOAD_TOO_LARGE', `Field '${field}' is larger than ${limits.maxImageBytes} bytes`, { field, details: { limit: limits.maxImageBytes } });
      }
      addImage(images, checkImage(field, new Uint8Array(await value.arrayBuffer()), limits), limits, count);
    }
    assertValidJsonText(fields);
    return { images, fields };
  }
  const body = parseJsonBytes(ctx.request, await ctx.bodyBytes(limits.maxBodyBytes));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError('PROVEFY_ERR_VALIDATION', 'Invalid request body: must be a JSON object', { field: 'body' });
  }
  for (const [name, value] of Object.entries(body)) {
    if (!imageFields.includes(name)) {
      fields[name] = value;
      continue;
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length > limits.maxFiles) throw new HttpError('PROVEFY_ERR_PAYLOAD_TOO_LARGE', `At most ${limits.maxFiles} images per request`, { field: name });
    list.forEach((item, i) => {
      const label = Array.isArray(value) ? `${name}[${i}]` : name;
      if (typeof item !== 'string') throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid field '${label}': must be a base64 string`, { field: label });
      addImage(images, { ...checkImage(label, decodeBase64(label, item, limits), limits), field: name }, limits, count);
    });
  }
  return { images, fields };
}
