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

  it('is fair between sessions: waiting jobs start round-robin across owners, FIFO within one', async () => {
    const q = new WorkQueue({ concurrency: 1, maxQueued: 10, maxQueuedPerOwner: 5 });
    const gate = deferred();
    const order: string[] = [];
    const job = (name: string) => async () => {
      order.push(name);
    };
    const first = q.run(() => gate.promise, { owner: 'attacker' });
    // The attacker queues three more before anyone else arrives; two other sessions then queue one each.
    const jobs = [
      q.run(job('a1'), { owner: 'attacker' }),
      q.run(job('a2'), { owner: 'attacker' }),
      q.run(job('a3'), { owner: 'attacker' }),
      q.run(job('b1'), { owner: 'b' }),
      q.run(job('c1'), { owner: 'c' }),
      q.run(job('b2'), { owner: 'b' }),
    ];
    gate.resolve();
    await first;
    await Promise.all(jobs);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('bounds what one session may have waiting (503 for it, not for others)', async () => {
    const q = new WorkQueue({ concurrency: 1, maxQueued: 10, maxQueuedPerOwner: 2 });
    const gate = deferred();
    const running = q.run(() => gate.promise, { owner: 's' });
    const w1 = q.run(async () => 1, { owner: 's' });
    const w2 = q.run(async () => 2, { owner: 's' });
    await expect(q.run(async () => 3, { owner: 's' })).rejects.toSatisfy((e) => e instanceof HttpError && e.code === 'PROVEFY_ERR_BUSY');
    const other = q.run(async () => 'other', { owner: 't' });
    expect(q.queued).toBe(3);
    gate.resolve();
    await running;
    expect(await Promise.all([w1, w2, other])).toEqual([1, 2, 'other']);
    expect(q.queued).toBe(0);
  });
});
