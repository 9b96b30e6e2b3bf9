import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Tesseract worker thread's program, in place of tesseract.js's own (`src/worker-script/node/index.js`), which
 * it reuses except for one function: the choice of the WebAssembly core.
 *
 * tesseract.js 7 means to load the LSTM-only core for the LSTM engine, but its Node worker compares a boolean
 * (`lstmOnly`) with the engine numbers, so it always loads the core with the legacy engine too (3.45 MB of
 * WebAssembly instead of 2.86 MB) that Provefy never runs: the traineddata Provefy ships are LSTM-only. This
 * program loads the LSTM-only core (relaxed SIMD, SIMD, or plain, as the runtime supports), which starts faster
 * (a worker starts in 109-137 ms against 133-173 ms on the 2-core VM, 4 alternating runs).
 *
 * It runs as an ES module from a `data:` URL (no file to locate after bundling) and loads tesseract.js's own worker
 * modules from the installed package. Unlike tesseract.js's program, a worker whose start-up fails ends itself
 * (there is no handle to end it with, and the thread would keep the process alive), and each job answers once.
 */
const WORKER_SOURCE = (pkgDir: string) => `
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
const require = createRequire(${JSON.stringify(join(pkgDir, 'package.json'))});
const worker = require('./src/worker-script/index.js');
const gunzip = require('./src/worker-script/node/gunzip.js');
const cache = require('./src/worker-script/node/cache.js');
const { simd, relaxedSimd } = require('wasm-feature-detect');
let core = null;
// A worker whose start-up failed is handed to nobody, so nobody would end it: it ends itself once its answer is
// posted, instead of keeping the process alive. A job answers once: tesseract.js's initialize posts 'resolve' after
// its 'reject', which its main side would meet with an uncaught TypeError (the job's promise is gone).
const STARTUP = new Set(['load', 'loadLanguage', 'initialize']);
const rejected = new Set();
let started = false;
parentPort.on('message', (packet) =>
  worker.dispatchHandlers(packet, (obj) => {
    if (rejected.has(obj.jobId)) return;
    if (obj.status === 'reject') rejected.add(obj.jobId);
    parentPort.postMessage(obj);
    if (obj.action === 'initialize' && obj.status === 'resolve') started = true;
    if (!started && obj.status === 'reject' && STARTUP.has(obj.action)) setTimeout(() => process.exit(1), 50);
  }),
);
worker.setAdapter({
  getCore: async (_lstmOnly, _corePath, res) => {
    if (core === null) {
      res.progress({ status: 'loading tesseract core', progress: 0 });
      const variant = 'tesseract-core-' + ((await relaxedSimd()) ? 'relaxedsimd-lstm' : (await simd()) ? 'simd-lstm' : 'lstm');
      core = require('tesseract.js-core/' + variant);
      res.progress({ status: 'loading tesseract core', progress: 1, core: variant });
    }
    return core;
  },
  gunzip,
  fetch: globalThis.fetch,
  ...cache,
});
`;

const WORKER_FILES = ['src/worker-script/index.js', 'src/worker-script/node/gunzip.js', 'src/worker-script/node/cache.js'];

let cached: URL | null | undefined;

/**
 * The `workerPath` to give tesseract.js's `createWorker` so that it loads the LSTM-only core, or `undefined` (its
 * own worker) when the installed tesseract.js does not have the worker modules this program reuses.
 *
 * @example
 * ```ts
 * const worker = await createWorker('mrz', 1, { workerPath: lstmWorkerPath(), langPath });
 * ```
 */
export function lstmWorkerPath(): URL | undefined {
  if (cached === undefined) {
    cached = null;
    try {
      const pkgDir = dirname(createRequire(import.meta.url).resolve('tesseract.js/package.json'));
      if (WORKER_FILES.every((f) => existsSync(join(pkgDir, f)))) cached = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE(pkgDir))}`);
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}
