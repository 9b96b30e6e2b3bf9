import { disposeDocumentReader } from '@provefy/core';

/**
 * Ends the worker threads the checks started (Tesseract's OCR workers keep a process alive otherwise), so that a
 * command can exit; a check started later starts them again. The checks themselves are imported statically by
 * each section.
 *
 * @example
 * ```ts
 * try { await runEval(dir); } finally { await releaseCheckResources(); }
 * ```
 */
export async function releaseCheckResources(): Promise<void> {
  await disposeDocumentReader().catch(() => undefined);
}
