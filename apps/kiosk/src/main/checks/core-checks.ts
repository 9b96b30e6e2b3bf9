import { analyseFace, disposeDocumentReader, estimateAge, matchFaces, readDocument, verifyLiveness } from '@provefy/core';
import { frameFeedback } from './frame-feedback.js';
import type { KioskChecks } from './kiosk-checks.js';

/**
 * The kiosk's checks run in this process with @provefy/core, imported statically (each loads its models on first
 * call). `close` ends the document reader's OCR workers.
 *
 * @example
 * ```ts
 * const checks = createCoreChecks();
 * const age = await checks.estimateAge(selfieJpeg, { minAge: 18 });
 * ```
 */
export function createCoreChecks(): KioskChecks {
  return {
    verifyLiveness,
    estimateAge,
    readDocument,
    matchFaces,
    async previewFace(frame) {
      return frameFeedback(await analyseFace(frame));
    },
    async close() {
      await disposeDocumentReader().catch(() => undefined);
    },
  };
}
