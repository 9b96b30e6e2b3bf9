export type { CaptureChecks, CaptureContext, CaptureHeld, CaptureImageKind, CaptureImages, CaptureOutcome, CaptureRetake, CaptureStep } from './capture-types.js';
export { TWO_SIDED, faceMatchDue, isOpenCheck, nextCaptures } from './next-captures.js';
export { isUsableImage, validateCaptureImage } from './capture-image.js';
export { captureDocument, captureLiveness, captureSelfie, completeCaptures, documentOutcome, recordInMemory } from './run-capture.js';
