import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Group commits between two checkpoint requests to the worker (a request waits while the previous checkpoint runs).
 * Smaller, more frequent checkpoints keep the writes to the database file short: on an ext4 disk, 8 instead of 32 took
 * the p99 of 2,000 creates a second from 26-43 ms to 15-23 ms (docs/rest-profile.md, fourth round).
 */
const COMMITS_PER_CHECKPOINT = 8;
/** The serving connection's own automatic checkpoint, kept as a safety net while the worker runs (pages, ~40 MB). */
export const SAFETY_AUTOCHECKPOINT_PAGES = 10_000;
/** SQLite's default `wal_autocheckpoint`, restored if the worker fails. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

// The worker opens its own connection to the file and runs PASSIVE checkpoints on request: it copies committed WAL
// frames into the database file and syncs it without taking the write lock, so writers are never held up.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.filename, { fileMustExist: true });
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
parentPort.on('message', (m) => {
  if (m === 'checkpoint') {
    checkpoint();
    return parentPort.postMessage('done');
  }
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * Moves WAL checkpoints of a SQLite file off the event loop: every {@link COMMITS_PER_CHECKPOINT} group commits (not
 * while one runs) it asks a worker thread (own connection) for a PASSIVE checkpoint, which writes the WAL back into the database file
 * and syncs it there instead of inside a COMMIT on the main thread (an automatic checkpoint copies ~1,000 pages and
 * syncs the file within whichever COMMIT crosses the threshold: a stall of every request in flight). The serving
 * connection keeps an automatic checkpoint at {@link SAFETY_AUTOCHECKPOINT_PAGES} in case the worker falls behind,
 * and goes back to SQLite's default if the worker fails. The worker starts only once a connection has committed
 * that many groups (short-lived stores never start one) and never keeps the process alive.
 *
 * @example
 * ```ts
 * const checkpointer = new WalCheckpointer(db.name, (pages) => db.pragma(`wal_autocheckpoint = ${pages}`));
 * // after each COMMIT of the serving connection:
 * checkpointer.committed();
 * await checkpointer.close();
 * ```
 */
export class WalCheckpointer {
  #commits = 0;
  #worker: Worker | undefined;
  #failed = false;
  /** A checkpoint was asked for and the worker has not answered yet: requests are not queued behind it. */
  #running = false;

  constructor(
    private readonly filename: string,
    private readonly setAutocheckpoint: (pages: number) => void,
  ) {}

  /** Counts one commit of the serving connection (call it outside a transaction: it may set a pragma). */
  committed(): void {
    if (this.#failed || ++this.#commits < COMMITS_PER_CHECKPOINT || this.#running) return;
    this.#commits = 0;
    if (!this.#worker) this.#start();
    if (!this.#worker) return;
    this.#running = true;
    this.#worker.postMessage('checkpoint');
  }

  #start(): void {
    try {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { filename: this.filename, module: createRequire(import.meta.url).resolve('better-sqlite3') },
      });
      worker.on('error', () => this.#fail());
      worker.on('message', () => {
        this.#running = false;
      });
      // After the listeners: a 'message' listener refs the worker's port, and the worker must never keep the process alive.
      worker.unref();
      this.#worker = worker;
      this.setAutocheckpoint(SAFETY_AUTOCHECKPOINT_PAGES);
    } catch {
      this.#fail();
    }
  }

  #fail(): void {
    this.#failed = true;
    this.#worker = undefined;
    try {
      this.setAutocheckpoint(DEFAULT_AUTOCHECKPOINT_PAGES);
    } catch {
      // the connection is closed
    }
  }

  /** A last checkpoint, then the worker closes its connection and exits (at most 5 s, then it is terminated). */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failed = true;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().finally(resolve), 5_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage('close');
    });
  }
}
