import { HttpError } from '../http/http-error.js';

export interface WorkQueueOptions {
  /** Jobs running at once (default 1: model inference already uses several threads). */
  concurrency?: number;
  /** Jobs waiting beyond the running ones before new ones are refused with 503 (default 32). */
  maxQueued?: number;
  /** A job waiting longer than this is dropped with 503 (default 60 s). */
  maxWaitMs?: number;
}

interface Pending {
  start: () => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A bounded-concurrency FIFO queue for heavy work (image decoding, model inference, OCR). At most `concurrency` jobs run
 * at once; up to `maxQueued` wait; beyond that callers get 503 `PROVEFY_ERR_BUSY` with `Retry-After` instead of piling
 * up memory. The model runtimes do their work off the JavaScript thread, so with the queue in front the event loop
 * stays free for other requests (session reads, creation, uploads) while checks run.
 *
 * @example
 * ```ts
 * const queue = new WorkQueue({ concurrency: 1, maxQueued: 16 });
 * const result = await queue.run(() => verifyLiveness(frames));
 * ```
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Pending[] = [];
  readonly concurrency: number;
  readonly maxQueued: number;
  readonly maxWaitMs: number;

  constructor(options: WorkQueueOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.maxQueued = Math.max(0, options.maxQueued ?? 32);
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
  }

  /** Jobs currently running. */
  get active(): number {
    return this.running;
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `job` when a slot is free; resolves or rejects with its result.
   *
   * @example
   * ```ts
   * await queue.run(async () => readDocument(images));
   * ```
   */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) return this.execute(job);
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(new HttpError('PROVEFY_ERR_BUSY', undefined, { headers: { 'retry-after': '5' } }));
    }
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        start: () => {
          if (entry.timer) clearTimeout(entry.timer);
          this.execute(job).then(resolve, reject);
        },
        reject,
        timer: undefined,
      };
      if (this.maxWaitMs > 0 && Number.isFinite(this.maxWaitMs)) {
        entry.timer = setTimeout(() => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new HttpError('PROVEFY_ERR_BUSY', undefined, { headers: { 'retry-after': '5' } }));
        }, this.maxWaitMs);
        entry.timer.unref?.();
      }
      this.waiting.push(entry);
    });
  }

  /** Resolves when nothing runs or waits (for graceful shutdown). */
  async drain(): Promise<void> {
    while (this.running > 0 || this.waiting.length > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private async execute<T>(job: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await job();
    } finally {
      this.running--;
      this.waiting.shift()?.start();
    }
  }
}
