/** A decoded image: 8-bit RGB, interleaved, row-major, upright (EXIF orientation applied). */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

/** A raw frame from a camera or canvas: RGB or RGBA, interleaved, 8-bit. */
export interface RawFrame {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  /** 3 (RGB) or 4 (RGBA); inferred from the data length when omitted. */
  readonly channels?: 3 | 4;
}

/**
 * Anything Provefy accepts as an image: encoded bytes (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC when sharp supports it),
 * a file path, a raw RGB/RGBA frame, or an already decoded {@link RgbImage}.
 */
export type ImageInput = Buffer | Uint8Array | ArrayBuffer | string | RawFrame | RgbImage;

export interface ImageLimits {
  /** Maximum encoded size in bytes (default 15 MB). */
  maxBytes?: number;
  /** Maximum decoded pixel count (default 40 MP), against decompression bombs. */
  maxPixels?: number;
}

/** How {@link loadImage} decodes: the limits, plus an optional size cap applied while decoding. */
export interface ImageDecodeOptions extends ImageLimits {
  /**
   * Downscale so that the longer side is at most this many pixels, during decoding (JPEG and WebP shrink on load, so a
   * 12 MP photo is never held at full size). Default: no cap. The pixel limit still applies to the source size.
   */
  maxSide?: number;
}

export const DEFAULT_IMAGE_LIMITS: Required<ImageLimits> = { maxBytes: 15 * 1024 * 1024, maxPixels: 40_000_000 };

/** An axis-aligned rectangle in pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}
