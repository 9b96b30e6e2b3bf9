import { createRequire } from 'node:module';
import type * as Zxing from '@zxing/library';
import type { RgbImage } from '../../image/types.js';
import { type GrayImage, grayDownscaled, rotateGray } from '../locate/gray-image.js';

/** A decoded PDF417 symbol. */
export interface Pdf417Result {
  readonly text: string;
  /** Clockwise quarter turns of the image that decoded it. */
  readonly quarterTurns: number;
}

let zxing: typeof Zxing | undefined;
let hints: Map<Zxing.DecodeHintType, unknown> | undefined;

/**
 * `@zxing/library`, loaded on the first barcode search: it takes about 200 ms of CPU to load, and most documents are
 * read from their MRZ without it (importing @provefy/core does not pay for it).
 */
function zx(): typeof Zxing {
  zxing ??= createRequire(import.meta.url)('@zxing/library') as typeof Zxing;
  hints ??= new Map<Zxing.DecodeHintType, unknown>([[zxing.DecodeHintType.TRY_HARDER, true]]);
  return zxing;
}

type Binarizer = typeof Zxing.HybridBinarizer | typeof Zxing.GlobalHistogramBinarizer;

function tryDecode(g: GrayImage, binarizers: readonly Binarizer[]): string | null {
  const { BinaryBitmap, PDF417Reader, RGBLuminanceSource } = zx();
  const reader = new PDF417Reader();
  for (const Binarizer of binarizers) {
    try {
      const source = new RGBLuminanceSource(new Uint8ClampedArray(g.data.buffer, g.data.byteOffset, g.data.length), g.width, g.height);
      const result = reader.decode(new BinaryBitmap(new Binarizer(source)), hints);
      const text = result.getText();
      if (text) return text;
    } catch {
      // NotFoundException / ChecksumException / FormatException: try the next binarizer or turn.
    }
  }
  return null;
}

export interface DecodePdf417Options {
  /** Longer sides (px) tried, smallest first (default [1600]): barcode modules must be at least ~2 px wide. */
  sizes?: readonly number[];
  /** Also try global-histogram binarisation (slower; default false: hybrid only). */
  thorough?: boolean;
}

/**
 * Finds and decodes a PDF417 barcode (e.g. the back of a US or Canadian licence) with `@zxing/library`:
 * grey image at a few sizes, as is and turned by 90 degrees (zxing itself tries 0 and 180), hybrid binarisation
 * (and global-histogram with `thorough`). Returns null when no PDF417 decodes.
 *
 * @example
 * ```ts
 * const r = decodePdf417(await loadImage('licence-back.jpg'));
 * if (r) console.log(parseAamva(r.text));
 * ```
 */
export function decodePdf417(img: RgbImage, opts: DecodePdf417Options = {}): Pdf417Result | null {
  const longer = Math.max(img.width, img.height);
  const sizes = [...new Set((opts.sizes ?? [1600]).map((s) => Math.min(s, longer)))];
  for (const size of sizes) {
    const { image } = grayDownscaled(img, size);
    for (const q of [0, 1]) {
      const { HybridBinarizer, GlobalHistogramBinarizer } = zx();
      const text = tryDecode(rotateGray(image, q), opts.thorough ? [HybridBinarizer, GlobalHistogramBinarizer] : [HybridBinarizer]);
      if (text) return { text, quarterTurns: q };
    }
  }
  return null;
}
