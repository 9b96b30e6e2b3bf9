import { type Worker, createWorker } from 'tesseract.js';
import { ProvefyError } from '../../errors/index.js';
import type { LanguageData } from './language-data.js';
import { lstmWorkerPath } from './lstm-worker.js';
import { relaxWasmTierUp } from './wasm-tier-up.js';

/**
 * Starts one Tesseract worker thread for `data`'s language with the LSTM engine, `params` set, or fails with
 * PROVEFY_ERR_MODEL_LOAD. A start-up that fails inside Tesseract (unreadable traineddata) is an error here, not a
 * hang: tesseract.js's `createWorker` settles only when loading the core fails, so the worker's first error report
 * (its `errorHandler`) rejects the start as well.
 *
 * @example
 * ```ts
 * const worker = await startTesseractWorker(await resolveLanguageData('mrz'), { user_defined_dpi: '300' });
 * const { data } = await worker.recognize(png);
 * ```
 */
export async function startTesseractWorker(data: LanguageData, params: Record<string, string> = {}): Promise<Worker> {
  relaxWasmTierUp();
  const workerPath = lstmWorkerPath();
  let failStart: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  let started = false;
  try {
    const creating = createWorker(data.lang, 1, {
      // The LSTM-only WebAssembly core (see lstm-worker.ts); tesseract.js passes the URL on to `new Worker`.
      ...(workerPath ? { workerPath: workerPath as unknown as string } : {}),
      langPath: data.langPath,
      gzip: data.gzip,
      cacheMethod: 'none',
      // Never fetch anything: the data is local. Errors of later jobs reach their own callers.
      errorHandler: (e: unknown) => {
        if (!started) failStart(e);
      },
    });
    const worker = await Promise.race([creating, failed]);
    started = true;
    if (Object.keys(params).length > 0) await worker.setParameters(params);
    return worker;
  } catch (cause) {
    throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `Tesseract could not load "${data.lang}" from ${data.langPath}: ${String(cause)}`, { lang: data.lang, langPath: data.langPath }, { cause });
  }
}
