import { availableParallelism } from 'node:os';
import type { Worker } from 'tesseract.js';
import { ProvefyError } from '../../errors/index.js';
import { hostHasOtherWork } from '../../lifecycle/host-idle.js';
import { inferenceObserved, reportInference } from '../../models/inference-observer.js';
import { type OcrLanguage, resolveLanguageData } from './language-data.js';
import { startTesseractWorker } from './start-worker.js';

/** Tesseract page segmentation modes used here. */
export type PageSegMode = 'block' | 'line' | 'auto' | 'sparse';
const PSM: Readonly<Record<PageSegMode, string>> = { block: '6', line: '7', auto: '3', sparse: '11' };

const WHITELIST: Readonly<Record<OcrLanguage, string>> = {
  mrz: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<',
  eng: '',
};

/** A word or line with its confidence (0-1) and box in the OCR'd image's pixels. */
export interface OcrItem {
  readonly text: string;
  readonly confidence: number;
  readonly bbox: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

export interface OcrLineResult extends OcrItem {
  readonly words: readonly OcrItem[];
  /** Every recognised character with its confidence (0-1), spaces excluded. */
  readonly symbols: readonly { readonly text: string; readonly confidence: number }[];
}

export interface OcrResult {
  readonly text: string;
  /** Mean confidence 0-1. */
  readonly confidence: number;
  readonly lines: readonly OcrLineResult[];
}

interface PooledWorker {
  readonly worker: Worker;
  busy: boolean;
}

interface LanguagePool {
  readonly workers: PooledWorker[];
  readonly waiting: ((w: PooledWorker) => void)[];
  /** The whole pool being created (settles when every worker is there or one failed). */
  creating: Promise<void> | null;
  /** The first worker of an empty pool being created: what a first call waits for. */
  first: Promise<void> | null;
  /** When the pool's first worker became ready (ms since the epoch; 0 before): how long it has served alone. */
  firstReadyAt: number;
  /** The first worker has been released with nobody waiting: the cold first call is over. */
  servedAlone: boolean;
}

const pools = new Map<OcrLanguage, LanguagePool>();
let poolSizeOverride: number | undefined;

/**
 * Idle workers are ended once no OCR call has run for this long and nothing but worker threads and
 * stdio keeps the process alive (a script that is done), so that the process can exit. A server, a
 * timer or any other pending work keeps them warm.
 */
const IDLE_RELEASE_MS = 1000;
const IDLE_CHECK_MS = 250;
let lastUse = 0;
let idleCheck: NodeJS.Timeout | undefined;

function poolsBusy(): boolean {
  for (const pool of pools.values()) {
    if (pool.first || pool.creating || pool.waiting.length > 0 || pool.workers.some((w) => w.busy)) return true;
  }
  return false;
}

/** An unref'd poll (it never keeps the process alive itself) that ends the workers when the host is idle. */
function watchIdle(): void {
  if (idleCheck) return;
  idleCheck = setInterval(() => {
    if (pools.size === 0) return stopIdleWatch();
    if (poolsBusy() || Date.now() - lastUse < IDLE_RELEASE_MS || hostHasOtherWork()) return;
    void terminateOcr();
  }, IDLE_CHECK_MS);
  idleCheck.unref();
}

function stopIdleWatch(): void {
  clearInterval(idleCheck);
  idleCheck = undefined;
}

/** Workers per language: one per core, at most 2 (each holds its own WebAssembly Tesseract). */
function poolSize(lang: OcrLanguage): number {
  if (poolSizeOverride) return poolSizeOverride;
  const cores = availableParallelism();
  return lang === 'eng' ? 1 : Math.max(1, Math.min(2, cores));
}

/** How many Tesseract workers of `lang` are running now (tests, diagnostics). */
export function ocrWorkerCount(lang: OcrLanguage): number {
  return pools.get(lang)?.workers.length ?? 0;
}

/** Sets the number of Tesseract workers per language (before the first OCR call). */
export function setOcrPoolSize(n: number): void {
  poolSizeOverride = Math.max(1, Math.floor(n));
}

async function makeWorker(lang: OcrLanguage): Promise<Worker> {
  // A fixed DPI keeps Tesseract from estimating (and logging) one per image.
  const params: Record<string, string> = { preserve_interword_spaces: '0', user_defined_dpi: '300' };
  if (WHITELIST[lang]) params.tessedit_char_whitelist = WHITELIST[lang];
  return startTesseractWorker(await resolveLanguageData(lang), params);
}

function getPool(lang: OcrLanguage): LanguagePool {
  let pool = pools.get(lang);
  if (!pool) {
    pool = { workers: [], waiting: [], creating: null, first: null, firstReadyAt: 0, servedAlone: false };
    pools.set(lang, pool);
  }
  return pool;
}

/** Adds a new worker, handing it straight to a waiting caller when there is one. */
function addWorker(pool: LanguagePool, worker: Worker): void {
  const pw: PooledWorker = { worker, busy: false };
  pool.workers.push(pw);
  if (pool.workers.length === 1) pool.firstReadyAt = Date.now();
  lastUse = Date.now();
  watchIdle();
  const next = pool.waiting.shift();
  if (next) {
    pw.busy = true;
    next(pw);
  }
}

/** A lone first worker that has been busy this long gets the rest of its pool (a script with many documents in flight). */
const GROW_WHEN_BUSY_MS = 1000;

/** Starts creating the workers a pool still lacks, in parallel (a no-op while a creation runs). */
function growPool(lang: OcrLanguage, pool: LanguagePool): void {
  const missing = poolSize(lang) - pool.workers.length;
  if (missing <= 0 || pool.creating) return;
  const creating = Promise.all(Array.from({ length: missing }, () => makeWorker(lang).then((w) => addWorker(pool, w)))).then(() => undefined);
  pool.creating = creating;
  // A failure leaves the pool smaller (the next call or release tries again).
  creating.catch(() => undefined).finally(() => {
    if (pool.creating === creating) pool.creating = null;
  });
}

/**
 * Makes sure a pool has workers: the first one is created alone, and a first call waits only for it. With `all`
 * (warm-up at start-up) the rest are created right after it; otherwise only when calls have to wait for a busy
 * worker after the first worker's first call ended, or after it has served alone for {@link GROW_WHEN_BUSY_MS}
 * (see {@link acquire} and {@link release}): a script that reads a single document never starts them. On two
 * cores a second worker starting up (its Node bootstrap and WebAssembly compilation) while the first runs its first
 * recognitions slowed both: a cold passport read took 717-848 ms with two workers started together, 566-754 ms with
 * one worker reading both lines one after the other.
 */
async function ensureWorkers(lang: OcrLanguage, pool: LanguagePool, all: boolean): Promise<void> {
  // Start as soon as one worker exists, not when the whole pool does. A failed first worker rejects this call.
  while (pool.workers.length === 0) {
    if (!pool.first) {
      const first = makeWorker(lang).then((w) => addWorker(pool, w));
      pool.first = first;
      first.catch(() => undefined).finally(() => {
        if (pool.first === first) pool.first = null;
      });
    }
    await pool.first;
  }
  if (all) {
    growPool(lang, pool);
    if (pool.creating) await pool.creating;
  }
}

async function acquire(lang: OcrLanguage): Promise<PooledWorker> {
  const pool = getPool(lang);
  await ensureWorkers(lang, pool, false);
  const free = pool.workers.find((w) => !w.busy);
  if (free && pool.waiting.length === 0) {
    free.busy = true;
    return free;
  }
  if (pool.servedAlone || Date.now() - pool.firstReadyAt >= GROW_WHEN_BUSY_MS) growPool(lang, pool);
  return new Promise((resolve) => pool.waiting.push(resolve));
}

function release(lang: OcrLanguage, w: PooledWorker): void {
  lastUse = Date.now();
  const pool = pools.get(lang);
  const next = pool?.waiting.shift();
  if (next) next(w);
  else w.busy = false;
  if (!pool) return;
  if (!next) pool.servedAlone = true;
  else if (lastUse - pool.firstReadyAt >= GROW_WHEN_BUSY_MS) growPool(lang, pool);
}

/**
 * Loads the Tesseract workers of a language now (otherwise the first OCR call does), e.g. at server start.
 *
 * @example
 * ```ts
 * await warmUpOcr(['mrz']);
 * ```
 */
export async function warmUpOcr(langs: readonly OcrLanguage[] = ['mrz']): Promise<void> {
  for (const lang of langs) await ensureWorkers(lang, getPool(lang), true);
}

/**
 * Starts the first Tesseract worker of each language without waiting for it (a no-op once one runs or is starting):
 * what a first OCR call does early, so the worker boots while the image is decoded and searched. The rest of the
 * pool starts when later calls have to wait for a busy worker (see {@link ensureWorkers}).
 *
 * @example
 * ```ts
 * startOcr(['mrz']);
 * const image = await loadImage(input); // the worker starts meanwhile
 * ```
 */
export function startOcr(langs: readonly OcrLanguage[] = ['mrz']): void {
  for (const lang of langs) ensureWorkers(lang, getPool(lang), false).catch(() => undefined);
}

export interface OcrOptions {
  lang: OcrLanguage;
  psm?: PageSegMode;
  /** Per-call Tesseract variables. */
  params?: Record<string, string>;
}

interface TessSymbolJson {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}
interface TessWordJson extends TessSymbolJson {
  symbols?: TessSymbolJson[];
}
interface TessLineJson extends TessSymbolJson {
  words: TessWordJson[];
}
interface TessBlockJson {
  paragraphs: { lines: TessLineJson[] }[];
}

/**
 * Runs OCR on an encoded image (PNG, PGM, JPEG bytes) with a pooled worker of `lang` and returns lines
 * with words, boxes and confidences (0-1).
 *
 * @example
 * ```ts
 * const r = await recognize(pngBytes, { lang: 'mrz', psm: 'block' });
 * r.lines.map((l) => l.text);
 * ```
 */
export async function recognize(image: Buffer, opts: OcrOptions): Promise<OcrResult> {
  const pw = await acquire(opts.lang);
  try {
    const start = inferenceObserved() ? performance.now() : 0;
    const res = await pw.worker.recognize(image, { tessedit_pageseg_mode: PSM[opts.psm ?? 'block'], ...(opts.params ?? {}) } as never, { text: true, blocks: true });
    if (start) reportInference({ kind: 'ocr', model: opts.lang, start, ms: performance.now() - start });
    const blocks = (res.data.blocks ?? []) as unknown as TessBlockJson[];
    const lines: OcrLineResult[] = [];
    for (const b of blocks) {
      for (const p of b.paragraphs) {
        for (const l of p.lines) {
          lines.push({
            text: l.text.replace(/\n$/, ''),
            confidence: l.confidence / 100,
            bbox: l.bbox,
            words: l.words.map((w) => ({ text: w.text, confidence: w.confidence / 100, bbox: w.bbox })),
            symbols: l.words.flatMap((w) => (w.symbols ?? []).map((s) => ({ text: s.text, confidence: s.confidence / 100 }))),
          });
        }
      }
    }
    return { text: res.data.text ?? '', confidence: (res.data.confidence ?? 0) / 100, lines };
  } catch (cause) {
    if (cause instanceof ProvefyError) throw cause;
    throw new ProvefyError('PROVEFY_ERR_OCR', `Tesseract failed: ${String(cause)}`, { lang: opts.lang }, { cause });
  } finally {
    release(opts.lang, pw);
  }
}

/**
 * Terminates every Tesseract worker now. Idle workers also end by themselves when nothing else keeps the
 * process alive, so scripts exit without it. The next OCR call starts new workers.
 *
 * @example
 * ```ts
 * await terminateOcr();
 * ```
 */
export async function terminateOcr(): Promise<void> {
  stopIdleWatch();
  const all = [...pools.values()];
  pools.clear();
  for (const pool of all) {
    if (pool.first) await pool.first.catch(() => {});
    if (pool.creating) await pool.creating.catch(() => {});
    await Promise.all(pool.workers.map((w) => w.worker.terminate().catch(() => {})));
  }
}
