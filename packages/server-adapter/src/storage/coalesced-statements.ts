import type { StoreContext } from './context.js';

/**
 * Whether a store's statements are shared by concurrent calls: on PostgreSQL (a statement is a round trip), outside a
 * transaction (a transaction's statements run on its own connection, in order). SQLite's writes share a group commit
 * instead.
 */
export function sharesStatements(ctx: StoreContext): boolean {
  return ctx.adapter.name === 'postgres' && !ctx.db.isTransaction;
}

/** One caller waiting for its share of a batch. */
interface Waiter<I, R> {
  readonly input: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export interface CoalescedStatementsOptions {
  /** Most inputs one statement takes (default 64); the rest wait for the next one. */
  maxBatch?: number;
  /**
   * When a statement for several inputs fails, run each of them alone (default false: the whole batch gets the error).
   * For inserts, so that one bad row (a unique violation) fails only its own caller.
   */
  retrySingly?: boolean;
}

/**
 * Coalesces concurrent statements of one kind into one statement per round trip: while a statement for `key` is
 * running, later calls with the same key wait, and when it returns they all go in one statement (`run(key, inputs)`,
 * which answers one result per input, in order). A call with nothing running goes out at once, so there is no added
 * latency when idle; under load a client makes one round trip for many requests, and the database parses, plans and
 * commits once for them.
 *
 * Used on PostgreSQL for the rate-limit counter (one `count + n` per bucket, each caller given the count its own +1
 * made, so limits stay exact) and for session inserts (one multi-row insert, one commit).
 *
 * @example
 * ```ts
 * const inserts = new CoalescedStatements<Row, void>((_key, rows) => insertRows(rows), { retrySingly: true });
 * await Promise.all(rows.map((row) => inserts.submit('sessions', row))); // one or two statements, not one per row
 * ```
 */
export class CoalescedStatements<I, R> {
  /** Keys with a statement running, and who arrived since. */
  readonly #waiting = new Map<string, Waiter<I, R>[]>();
  readonly #maxBatch: number;
  readonly #retrySingly: boolean;

  /** @param run Runs one statement for `inputs`; resolves with one result per input, in the same order. */
  constructor(
    private readonly run: (key: string, inputs: readonly I[]) => Promise<readonly R[]>,
    options: CoalescedStatementsOptions = {},
  ) {
    this.#maxBatch = Math.max(1, options.maxBatch ?? 64);
    this.#retrySingly = options.retrySingly ?? false;
  }

  /** Runs `input` in the next statement for `key`; resolves with its own result. */
  submit(key: string, input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const waiter = { input, resolve, reject };
      const queue = this.#waiting.get(key);
      if (queue) {
        queue.push(waiter);
        return;
      }
      this.#waiting.set(key, []);
      void this.#drain(key, [waiter]);
    });
  }

  /** Runs `batch`, then the next batch of those that arrived meanwhile, until nobody waits. */
  async #drain(key: string, batch: Waiter<I, R>[]): Promise<void> {
    for (;;) {
      await this.#runBatch(key, batch);
      const queue = this.#waiting.get(key)!;
      if (queue.length === 0) {
        this.#waiting.delete(key);
        return;
      }
      batch = queue.splice(0, this.#maxBatch);
    }
  }

  async #runBatch(key: string, batch: Waiter<I, R>[]): Promise<void> {
    let results: readonly R[];
    try {
      results = await this.run(key, batch.map((w) => w.input));
      if (results.length !== batch.length) throw new Error(`A coalesced statement answered ${results.length} results for ${batch.length} inputs`);
    } catch (error) {
      if (this.#retrySingly && batch.length > 1) {
        for (const w of batch) await this.#runBatch(key, [w]);
      } else {
        for (const w of batch) w.reject(error);
      }
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i]!));
  }
}
