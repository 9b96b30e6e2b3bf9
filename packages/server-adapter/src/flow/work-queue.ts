import { availableParallelism } from 'node:os';
import { HttpError } from '../http/http-error.js';

export interface WorkQueueOptions {
  /**
   * Jobs running at once (default {@link defaultWorkConcurrency}: 2 on two or more cores). ONNX inference runs on the
   * JavaScript thread with its own thread pool, while OCR (worker threads), video decoding (ffmpeg) and image decoding
   * (sharp) run beside it: two jobs let a session's document read overlap its face checks.
   */
  concurrency?: number;
  /** Jobs waiting beyond the running ones before new ones are refused with 503 (default 32). */
  maxQueued?: number;
  /** A job waiting longer than this is dropped with 503 (default 60 s). */
  maxWaitMs?: number;
  /** Jobs one owner (a session) may have waiting; more are refused with 503 (default 2). */
  maxQueuedPerOwner?: number;
}

/** Per-job options of {@link WorkQueue.run}. */
export interface RunOptions {
  /** Whose job this is (a session id): waiting jobs are started round-robin across owners. */
  owner?: string;
}

/**
 * The default number of heavy jobs at once: one per core, at most 2 (more only adds memory: inference already uses
 * the cores).
 *
 * @example
 * ```ts
 * new WorkQueue({ concurrency: defaultWorkConcurrency() });
 * ```
 */
export function defaultWorkConcurrency(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

interface Pending {
  owner: string;
  start: () => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A bounded-concurrency queue for heavy work (image decoding, model inference, OCR) that is fair between sessions. At
 * most `concurrency` jobs run at once; up to `maxQueued` wait; beyond that callers get 503 `PROVEFY_ERR_BUSY` with
 * `Retry-After` instead of piling up memory. Waiting jobs are started round-robin across their owners (FIFO within one
 * owner), and one owner may have at most `maxQueuedPerOwner` waiting: a session that sends many uploads at once waits
 * behind everyone else's next job instead of holding the queue. The model runtimes do their work off the JavaScript
 * thread, so with the queue in front the event loop stays free for other requests while checks run.
 *
 * Hand-written rather than p-queue: p-queue has priorities but no per-owner round-robin or per-owner bound.
 *
 * @example
 * ```ts
 * const queue = new WorkQueue({ concurrency: 1, maxQueued: 16 });
 * const result = await queue.run(() => verifyLiveness(frames), { owner: sessionId });
 * ```
 */
export class WorkQueue {
  private running = 0;
  /** Waiting jobs per owner, owners in round-robin order (an owner is moved to the back when one of its jobs starts). */
  private readonly waiting = new Map<string, Pending[]>();
  private waitingCount = 0;
  readonly concurrency: number;
  readonly maxQueued: number;
  readonly maxWaitMs: number;
  readonly maxQueuedPerOwner: number;

  constructor(options: WorkQueueOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? defaultWorkConcurrency());
    this.maxQueued = Math.max(0, options.maxQueued ?? 32);
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.maxQueuedPerOwner = Math.max(0, options.maxQueuedPerOwner ?? 2);
  }

  /** Jobs currently running. */
  get active(): number {
    return this.running;
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.waitingCount;
  }

  /**
   * Runs `job` when a slot is free (its owner's turn in the round-robin); resolves or rejects with its result.
   *
   * @example
   * ```ts
   * await queue.run(async () => readDocument(images), { owner: session.id });
   * ```
   */
  run<T>(job: () => Promise<T>, options: RunOptions = {}): Promise<T> {
    if (this.running < this.concurrency && this.waitingCount === 0) return this.execute(job);
    const owner = options.owner ?? '';
    const mine = this.waiting.get(owner) ?? [];
    if (this.waitingCount >= this.maxQueued || (owner !== '' && mine.length >= this.maxQueuedPerOwner)) {
      return Promise.reject(new HttpError('PROVEFY_ERR_BUSY', undefined, { headers: { 'retry-after': '5' } }));
    }
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        owner,
        start: () => {
          if (entry.timer) clearTimeout(entry.timer);
          this.execute(job).then(resolve, reject);
        },
        reject,
        timer: undefined,
      };
      if (this.maxWaitMs > 0 && Number.isFinite(this.maxWaitMs)) {
        entry.timer = setTimeout(() => {
          if (this.remove(entry)) reject(new HttpError('PROVEFY_ERR_BUSY', undefined, { headers: { 'retry-after': '5' } }));
        }, this.maxWaitMs);
        entry.timer.unref?.();
      }
      mine.push(entry);
      this.waiting.set(owner, mine);
      this.waitingCount++;
    });
  }

  /** Resolves when nothing runs or waits (for graceful shutdown). */
  async drain(): Promise<void> {
    while (this.running > 0 || this.waitingCount > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private async execute<T>(job: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await job();
    } finally {
      this.running--;
      this.next()?.start();
    }
  }

  /** Takes the first waiting job of the owner whose turn it is, and moves that owner to the back of the rotation. */
  private next(): Pending | undefined {
    for (const [owner, list] of this.waiting) {
      const entry = list.shift();
      this.waiting.delete(owner);
      if (!entry) continue;
      if (list.length > 0) this.waiting.set(owner, list); // re-inserted: now last in the rotation
      this.waitingCount--;
      return entry;
    }
    return undefined;
  }

  private remove(entry: Pending): boolean {
    const list = this.waiting.get(entry.owner);
    const i = list ? list.indexOf(entry) : -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) this.waiting.delete(entry.owner);
    this.waitingCount--;
    return true;
  }
}
