import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/http-error.js';
import { WorkQueue } from './work-queue.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs at once, in FIFO order', async () => {
    const q = new WorkQueue({ concurrency: 2, maxQueued: 10 });
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    const jobs = gates.map((g, i) =>
      q.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await g.promise;
        running--;
        return i;
      }),
    );
    expect(q.active).toBe(2);
    expect(q.queued).toBe(3);
    for (const g of gates) g.resolve();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses work beyond the queue bound with 503 and keeps going after a failed job', async () => {
    const q = new WorkQueue({ concurrency: 1, maxQueued: 1 });
    const gate = deferred();
    const a = q.run(() => gate.promise);
    const b = q.run(async () => 'b');
    await expect(q.run(async () => 'c')).rejects.toSatisfy((e) => e instanceof HttpError && e.status === 503);
    gate.resolve();
    await a;
    expect(await b).toBe('b');
    await expect(q.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run(async () => 'after')).toBe('after');
  });

  it('drops jobs that waited too long', async () => {
    const q = new WorkQueue({ concurrency: 1, maxQueued: 5, maxWaitMs: 20 });
    const gate = deferred();
    const a = q.run(() => gate.promise);
    await expect(q.run(async () => 'late')).rejects.toSatisfy((e) => e instanceof HttpError && e.code === 'PROVEFY_ERR_BUSY');
    gate.resolve();
    await a;
  });
});
