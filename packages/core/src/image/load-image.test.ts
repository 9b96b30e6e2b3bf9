import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvefyError, type ProvefyErrorCode } from '../errors/index.js';
import { encodeJpeg, encodePng, isRgbImage, loadImage, loadImageReduced } from './load-image.js';
import type { RgbImage } from './types.js';

/** Awaits `p` and asserts it failed with a ProvefyError of `code` (not a crash, not another error type). */
async function expectError(p: Promise<unknown>, code: ProvefyErrorCode): Promise<ProvefyError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, `expected ${code}`).toBeInstanceOf(ProvefyError);
  expect((e as ProvefyError).code).toBe(code);
  return e as ProvefyError;
}

const px = (img: RgbImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));
const solid = (w: number, h: number, c: { r: number; g: number; b: number }) => sharp({ create: { width: w, height: h, channels: 3, background: c } });
const RED = { r: 200, g: 30, b: 30 };
const BLUE = { r: 20, g: 40, b: 210 };

/** A left-red / right-blue raw image. */
function halves(w: number, h: number): Buffer {
  const b = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const c = x < w / 2 ? RED : BLUE;
      b.set([c.r, c.g, c.b], (y * w + x) * 3);
    }
  return b;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A syntactically valid PNG whose header declares `w`x`h` RGB but whose data holds only a few rows (a decompression bomb's header). */
function pngDeclaring(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc((w * 3 + 1) * 4));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', rows), pngChunk('IEND', Buffer.alloc(0))]);
}

let dir: string;
let jpeg: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provefy-img-'));
  jpeg = await sharp(halves(64, 48), { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadImage: malformed and edge inputs give a typed error or a correct decode', () => {
  it('empty buffer', async () => {
    await expectError(loadImage(Buffer.alloc(0)), 'PROVEFY_ERR_INVALID_IMAGE');
    await expectError(loadImage(new Uint8Array(0)), 'PROVEFY_ERR_INVALID_IMAGE');
  });

  it('random bytes', async () => {
    let s = 12345;
    const bytes = Buffer.alloc(4096, 0).map(() => {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      return s & 0xff;
    });
    await expectError(loadImage(bytes), 'PROVEFY_ERR_INVALID_IMAGE');
  });

  it('truncated JPEG', async () => {
    const e = await expectError(loadImage(jpeg.subarray(0, Math.floor(jpeg.length / 2))), 'PROVEFY_ERR_INVALID_IMAGE');
    expect(e.status).toBe(400);
    // only the SOI marker and a few bytes
    await expectError(loadImage(jpeg.subarray(0, 20)), 'PROVEFY_ERR_INVALID_IMAGE');
  });

  it('a PNG header declaring 30000x30000 (decompression bomb) is refused before decoding', async () => {
    const e = await expectError(loadImage(pngDeclaring(30000, 30000)), 'PROVEFY_ERR_IMAGE_TOO_LARGE');
    expect(e.status).toBe(413);
    expect(e.details).toMatchObject({ width: 30000, height: 30000, maxPixels: 40_000_000 });
  });

  it('a limit passed as undefined is the default limit, not none; a limit that is not a positive number is a typed error', async () => {
    // { maxPixels: opts.maxPixels } from a caller that set nothing (as matchFaces's selfie side passed them): before, the
    // spread replaced the default with undefined and only sharp's own 268 MP limit was left.
    const bomb = pngDeclaring(8000, 8000);
    const e = await expectError(loadImage(bomb, { maxPixels: undefined, maxBytes: undefined }), 'PROVEFY_ERR_IMAGE_TOO_LARGE');
    expect(e.details).toMatchObject({ width: 8000, height: 8000, maxPixels: 40_000_000 });
    await expectError(loadImageReduced(bomb, { maxPixels: undefined }, 2560, 640), 'PROVEFY_ERR_IMAGE_TOO_LARGE');
    await expectError(loadImage(bomb, { maxPixels: Number.NaN }), 'PROVEFY_ERR_INVALID_INPUT');
    await expectError(loadImage(bomb, { maxBytes: -1 }), 'PROVEFY_ERR_INVALID_INPUT');
    await expectError(loadImage(bomb, { maxPixels: '1e9' as never }), 'PROVEFY_ERR_INVALID_INPUT');
  });

  it('SVG is not accepted (no rasterising of untrusted vector files)', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="red"/></svg>');
    const e = await expectError(loadImage(svg), 'PROVEFY_ERR_UNSUPPORTED_IMAGE_FORMAT');
    expect(e.status).toBe(415);
    expect(e.details).toMatchObject({ format: 'svg' });
  });

  it('plain text and a PDF header', async () => {
    await expectError(loadImage(Buffer.from('hello, this is not an image\n'.repeat(20))), 'PROVEFY_ERR_INVALID_IMAGE');
    const pdf = await loadImage(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')).catch((x: unknown) => x);
    expect(pdf).toBeInstanceOf(ProvefyError);
  });

  it('1x1 pixel PNG decodes to one pixel of the right colour', async () => {
    const img = await loadImage(await solid(1, 1, RED).png().toBuffer());
    expect({ w: img.width, h: img.height, c: img.channels, n: img.data.length }).toEqual({ w: 1, h: 1, c: 3, n: 3 });
    expect(px(img, 0, 0)).toEqual([RED.r, RED.g, RED.b]);
  });

  it('CMYK JPEG is converted to RGB', async () => {
    const cmyk = await solid(32, 16, RED).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk'); // the fixture really is CMYK
    const img = await loadImage(cmyk);
    expect([img.width, img.height, img.channels]).toEqual([32, 16, 3]);
    const [r, g, b] = px(img, 16, 8) as [number, number, number];
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
  });

  it('16-bit PNG is reduced to 8 bits per channel', async () => {
    const png16 = await solid(8, 8, RED).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    const img = await loadImage(png16);
    const [r, g, b] = px(img, 4, 4) as [number, number, number];
    expect(Math.abs(r - RED.r)).toBeLessThanOrEqual(2);
    expect(Math.abs(g - RED.g)).toBeLessThanOrEqual(2);
    expect(Math.abs(b - RED.b)).toBeLessThanOrEqual(2);
  });

  it('animated GIF: the first frame only', async () => {
    const frames = [await solid(20, 10, RED).png().toBuffer(), await solid(20, 10, BLUE).png().toBuffer()];
    const gif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const img = await loadImage(gif);
    expect([img.width, img.height]).toEqual([20, 10]);
    const [r, , b] = px(img, 10, 5) as [number, number, number];
    expect(r).toBeGreaterThan(150);
    expect(b).toBeLessThan(90);
  });

  it('EXIF orientation 6 JPEG is decoded upright (rotated 90 degrees clockwise)', async () => {
    // stored 40x20: left half red, right half blue; orientation 6 = display rotated 90 degrees clockwise
    const rotated = await sharp(halves(40, 20), { raw: { width: 40, height: 20, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const img = await loadImage(rotated);
    expect([img.width, img.height]).toEqual([20, 40]);
    // the stored left (red) column ends up on top, the right (blue) at the bottom
    expect(px(img, 10, 5)[0]).toBeGreaterThan(150);
    expect(px(img, 10, 5)[2]).toBeLessThan(90);
    expect(px(img, 10, 35)[2]).toBeGreaterThan(150);
    expect(px(img, 10, 35)[0]).toBeLessThan(90);
  });

  it('raw frames: wrong length and bad sizes are typed errors; RGB and RGBA decode', async () => {
    await expectError(loadImage({ data: new Uint8Array(10), width: 4, height: 4 }), 'PROVEFY_ERR_INVALID_IMAGE');
    await expectError(loadImage({ data: new Uint8Array(47), width: 4, height: 4, channels: 3 }), 'PROVEFY_ERR_INVALID_IMAGE');
    await expectError(loadImage({ data: new Uint8Array(48), width: 4, height: 4, channels: 4 }), 'PROVEFY_ERR_INVALID_IMAGE');
    await expectError(loadImage({ data: new Uint8Array(0), width: 0, height: 0 }), 'PROVEFY_ERR_INVALID_IMAGE');
    await expectError(loadImage({ data: new Uint8Array(12), width: 1.5, height: 2 }), 'PROVEFY_ERR_INVALID_IMAGE');
    await expectError(loadImage({ data: new Uint8Array(3), width: -1, height: -1 }), 'PROVEFY_ERR_INVALID_IMAGE');
    await expectError(loadImage({ data: new Uint8Array(3), width: 100_000, height: 100_000 }), 'PROVEFY_ERR_IMAGE_TOO_LARGE');
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 0]);
    const img = await loadImage({ data: rgba, width: 2, height: 1 });
    expect(Array.from(img.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const rgb = await loadImage({ data: new Uint8Array([9, 8, 7]), width: 1, height: 1 });
    expect(Array.from(rgb.data)).toEqual([9, 8, 7]);
  });

  it('oversized inputs: over the byte limit (buffer and file) and over the pixel limit', async () => {
    const e = await expectError(loadImage(Buffer.alloc(15 * 1024 * 1024 + 1)), 'PROVEFY_ERR_IMAGE_TOO_LARGE');
    expect(e.details).toMatchObject({ maxBytes: 15 * 1024 * 1024 });
    await expectError(loadImage(jpeg, { maxBytes: 100 }), 'PROVEFY_ERR_IMAGE_TOO_LARGE');
    const f = join(dir, 'big.jpg');
    await writeFile(f, jpeg);
    await expectError(loadImage(f, { maxBytes: 100 }), 'PROVEFY_ERR_IMAGE_TOO_LARGE');
    await expectError(loadImage(jpeg, { maxPixels: 64 * 48 - 1 }), 'PROVEFY_ERR_IMAGE_TOO_LARGE');
    expect((await loadImage(jpeg, { maxPixels: 64 * 48 })).width).toBe(64);
  });

  it('a missing file path, a directory and wrong input types are typed errors', async () => {
    await expectError(loadImage(join(dir, 'does-not-exist.jpg')), 'PROVEFY_ERR_INVALID_INPUT');
    await expectError(loadImage(dir), 'PROVEFY_ERR_INVALID_INPUT');
    await expectError(loadImage(undefined as never), 'PROVEFY_ERR_INVALID_INPUT');
    await expectError(loadImage(null as never), 'PROVEFY_ERR_INVALID_INPUT');
    await expectError(loadImage(42 as never), 'PROVEFY_ERR_INVALID_INPUT');
    await expectError(loadImage({ width: 2, height: 2 } as never), 'PROVEFY_ERR_INVALID_INPUT');
    // The reduced decode (large photos) takes the same inputs: a number is a typed error, not Buffer.from's TypeError.
    await expectError(loadImageReduced(42 as never, {}, 2560, 640), 'PROVEFY_ERR_INVALID_INPUT');
    await expectError(loadImageReduced(null as never, {}, 2560, 640), 'PROVEFY_ERR_INVALID_INPUT');
  });

  it('isRgbImage: only an image whose size and data agree; the checks name the fault of any other', async () => {
    const ok: RgbImage = { data: new Uint8Array(2 * 3 * 3), width: 2, height: 3, channels: 3 };
    expect(isRgbImage(ok)).toBe(true);
    const bad = [
      { data: new Uint8Array(10), width: 100, height: 100, channels: 3 },
      { data: new Uint8Array(12), width: -2, height: -2, channels: 3 },
      { data: new Uint8Array(12), width: Number.NaN, height: 2, channels: 3 },
      { data: new Uint8Array(12), width: 2.5, height: 2, channels: 3 },
      { data: new Uint8Array(19), width: 2, height: 3, channels: 3 },
    ];
    for (const b of bad) {
      expect(isRgbImage(b), JSON.stringify({ ...b, data: b.data.length })).toBe(false);
      await expectError(loadImage(b as RgbImage), 'PROVEFY_ERR_INVALID_IMAGE');
      await expectError(loadImageReduced(b as RgbImage, {}, 2560, 640), 'PROVEFY_ERR_INVALID_IMAGE');
    }
  });

  it('greyscale, RGBA, WebP, TIFF and file paths decode to 8-bit RGB', async () => {
    const grey = await loadImage(await solid(6, 4, { r: 90, g: 90, b: 90 }).greyscale().png().toBuffer());
    expect(px(grey, 3, 2)).toEqual([90, 90, 90]);
    const rgbaPng = await sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } }).png().toBuffer();
    expect(px(await loadImage(rgbaPng), 1, 1)).toEqual([10, 200, 30]);
    const webp = await loadImage(await solid(16, 16, BLUE).webp({ lossless: true }).toBuffer());
    expect(px(webp, 8, 8)).toEqual([BLUE.r, BLUE.g, BLUE.b]);
    const tiff = await loadImage(await solid(5, 3, RED).tiff().toBuffer());
    expect([tiff.width, tiff.height]).toEqual([5, 3]);
    const f = join(dir, 'img.jpg');
    await writeFile(f, jpeg);
    const fromPath = await loadImage(f);
    expect([fromPath.width, fromPath.height]).toEqual([64, 48]);
    const ab = new ArrayBuffer(jpeg.length);
    new Uint8Array(ab).set(jpeg);
    const fromArrayBuffer = await loadImage(ab);
    expect(fromArrayBuffer.width).toBe(64);
  });

  it('round-trips through encodePng exactly and encodeJpeg closely', async () => {
    const img = await loadImage({ data: halves(8, 6), width: 8, height: 6 });
    expect(Buffer.from((await loadImage(await encodePng(img))).data).equals(Buffer.from(img.data))).toBe(true);
    const j = await loadImage(await encodeJpeg(img, 95));
    expect(Math.abs(px(j, 1, 1)[0]! - RED.r)).toBeLessThan(12);
  });

  it('never hangs or crashes on many corrupted variants of a real JPEG and PNG', async () => {
    const png = await solid(32, 32, RED).png().toBuffer();
    let s = 7;
    const rnd = () => {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      return s;
    };
    for (const src of [jpeg, png]) {
      for (let i = 0; i < 40; i++) {
        const b = Buffer.from(src);
        for (let k = 0; k < 1 + (i % 5); k++) b[rnd() % b.length] = rnd() & 0xff;
        const cut = i % 3 === 0 ? b.subarray(0, rnd() % b.length) : b;
        const r = await loadImage(cut).then(
          (img) => img,
          (e: unknown) => e,
        );
        if (r instanceof Error) expect(r).toBeInstanceOf(ProvefyError);
        else expect((r as RgbImage).data.length).toBe((r as RgbImage).width * (r as RgbImage).height * 3);
      }
    }
  });
});

describe('loadImage with maxSide: downscaled while decoding', () => {
  it('caps the longer side, keeps the aspect ratio and the EXIF orientation, never enlarges', async () => {
    // stored 4000x2000 (left red, right blue), shown rotated 90 degrees clockwise: upright 2000x4000.
    const big = await sharp(halves(4000, 2000), { raw: { width: 4000, height: 2000, channels: 3 } }).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
    const img = await loadImage(big, { maxSide: 1000 });
    expect([img.width, img.height]).toEqual([500, 1000]);
    expect(px(img, 250, 100)[0]).toBeGreaterThan(150); // red on top, as without the cap
    expect(px(img, 250, 900)[2]).toBeGreaterThan(150);
    const small = await loadImage(await solid(300, 200, RED).png().toBuffer(), { maxSide: 1000 });
    expect([small.width, small.height]).toEqual([300, 200]);
    const raw = await loadImage({ data: new Uint8Array(halves(400, 100)), width: 400, height: 100 }, { maxSide: 200 });
    expect([raw.width, raw.height]).toEqual([200, 50]);
    await expectError(loadImage(big, { maxSide: 0 }), 'PROVEFY_ERR_INVALID_INPUT');
    await expectError(loadImage(big, { maxSide: Number.NaN }), 'PROVEFY_ERR_INVALID_INPUT');
  });

  it('a 6000x6000 PNG is never held at full size (36 MP = 108 MB as RGB)', async () => {
    const png = await solid(6000, 6000, BLUE).png({ compressionLevel: 9 }).toBuffer();
    expect(png.length).toBeLessThan(1_000_000); // the attack's shape: tiny file, huge image
    const img = await loadImage(png, { maxSide: 1280 });
    expect([img.width, img.height]).toEqual([1280, 1280]);
    expect(img.data.length).toBe(1280 * 1280 * 3);
    expect(px(img, 640, 640)[2]).toBeGreaterThan(200);
  });
});
