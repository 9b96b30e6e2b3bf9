/**
 * Absolute path of the folder holding this package's weight files.
 *
 * @example
 * ```ts
 * import { modelsDir } from '@provefy/models-compact';
 * const yunet = join(modelsDir, 'face_detection_yunet_2023mar.onnx');
 * ```
 */
export declare const modelsDir: string;
/** The weight files this package ships (names inside `modelsDir`). */
export declare const files: readonly string[];
