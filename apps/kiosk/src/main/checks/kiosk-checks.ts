import type { CheckReason, CheckResult, SessionDocumentType } from '@provefy/core';
import type { FrameFeedback } from '../../shared/ipc-contract.js';

/** What the kiosk reads from `verifyLiveness`. */
export interface LivenessLike {
  result: CheckResult;
  livenessScore: number | null;
  reasons: readonly CheckReason[];
  frames?: readonly { index: number; score: number | null; faceFound: boolean }[];
  challenges?: readonly { type: string; passed: boolean }[];
}

/** What the kiosk reads from `estimateAge`. */
export interface AgeLike {
  result: CheckResult;
  estimatedAge: number | null;
  meetsMinAge: boolean;
  reasons: readonly CheckReason[];
}

/** What the kiosk reads from `readDocument`. */
export interface DocumentLike {
  result: CheckResult;
  documentType: SessionDocumentType;
  ocrConfidence: number | null;
  country: string | null;
  fields: Record<string, string | null> | null;
  portrait: { x: number; y: number; width: number; height: number } | null;
  reasons: readonly CheckReason[];
}

/** What the kiosk reads from `matchFaces`. */
export interface FaceMatchLike {
  result: CheckResult;
  similarityScore: number | null;
  isMatch: boolean;
  reasons: readonly CheckReason[];
}

/**
 * The checks the kiosk runs locally (so it works offline): the four checks of @provefy/core plus a cheap face
 * preview for live hints. Implemented in-process ({@link createCoreChecks}) or in a supervised child process
 * (`createWorkerChecks`). Images are encoded bytes (JPEG/PNG/WebP).
 */
export interface KioskChecks {
  /** `timestamps` in milliseconds from the first frame. */
  verifyLiveness(frames: Uint8Array[], opts: { threshold: number; challenges: string[]; timestamps?: number[]; mirrored?: boolean }): Promise<LivenessLike>;
  estimateAge(image: Uint8Array, opts: { minAge: number }): Promise<AgeLike>;
  readDocument(images: Uint8Array[]): Promise<DocumentLike>;
  matchFaces(selfie: Uint8Array, document: Uint8Array, opts: { threshold?: number }): Promise<FaceMatchLike>;
  previewFace(frame: Uint8Array): Promise<FrameFeedback>;
  close(): Promise<void>;
}

/** Names of the methods a worker may be asked to run. */
export const CHECK_METHODS = ['verifyLiveness', 'estimateAge', 'readDocument', 'matchFaces', 'previewFace'] as const;
export type CheckMethod = (typeof CHECK_METHODS)[number];
