import type { CaptureChecks } from '@provefy/core';
import type { FrameFeedback } from '../../shared/ipc-contract.js';

/**
 * The checks the kiosk runs locally (so it works offline): the four checks of @provefy/core with core's own types
 * (the capture plan's `CaptureChecks`) plus a cheap face preview for live hints. Implemented in-process
 * ({@link createCoreChecks}) or in a supervised child process (`createWorkerChecks`). Images are encoded bytes
 * (JPEG/PNG/WebP).
 */
export interface KioskChecks extends CaptureChecks {
  previewFace(frame: Uint8Array): Promise<FrameFeedback>;
  close(): Promise<void>;
}

/** Names of the methods a worker may be asked to run. */
export const CHECK_METHODS = ['verifyLiveness', 'estimateAge', 'readDocument', 'matchFaces', 'previewFace'] as const;
export type CheckMethod = (typeof CHECK_METHODS)[number];
