export type { RgbImage, RawFrame, ImageInput, ImageLimits, ImageDecodeOptions, Box, Point } from './types.js';
export { DEFAULT_IMAGE_LIMITS } from './types.js';
export { loadImage, isRgbImage, encodeJpeg, encodePng, readImageSize, type ImageSize } from './load-image.js';
export { warpAffineInverse, cropResize, downscaleInteger, resizeImage, toGray, toNchw, type TensorOptions } from './transform.js';
