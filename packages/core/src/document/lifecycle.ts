import { terminateOcr, warmUpOcr } from './ocr/tesseract-pool.js';

/**
 * Loads the OCR workers now (MRZ model; English too when `visualZone` is true) so that the first
 * {@link readDocument} call does not pay for it, e.g. at server start.
 *
 * @example
 * ```ts
 * await warmUpDocumentReader({ visualZone: true });
 * ```
 */
export async function warmUpDocumentReader(opts: { visualZone?: boolean } = {}): Promise<void> {
  await warmUpOcr(opts.visualZone ? ['mrz', 'eng'] : ['mrz']);
}

/**
 * Ends the Tesseract worker threads now (idle ones also end by themselves once nothing else keeps the
 * process alive; `dispose()` also releases the ONNX sessions). Reading another document afterwards starts
 * them again.
 *
 * @example
 * ```ts
 * try { console.log(await readDocument(path)); } finally { await disposeDocumentReader(); }
 * ```
 */
export async function disposeDocumentReader(): Promise<void> {
  await terminateOcr();
}
