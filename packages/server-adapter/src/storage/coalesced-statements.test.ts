import { describe, expect, it } from 'vitest';
import { CoalescedStatements } from './coalesced-statements.js';

/** A counter behind a statement that takes a few milliseconds, recording the inputs of each statement. */
function counter() {
  const totals = new Map<string, number>();
  const statements: Array<{ key: string; n: number }> = [];
  const run = async (key: string, inputs: readonly number[]) => {
    statements.push({ key, n: inputs.length });
    await new Promise((r) => setTimeout(r, 2));
    const before = totals.get(key) ?? 0;
    totals.set(key, before + inputs.length);
    return inputs.map((_, i) => before + i + 1);
  };
  return { run, totals, statements };
}

describe('CoalescedStatements', () => {
  it('answers every concurrent call with its own result, in arrival order, from fewer statements', async () => {
    const c = counter();
    const hits = new CoalescedStatements(c.run);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => hits.submit('a', i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(c.totals.get('a')).toBe(50);
    // The first goes alone; the 49 that arrived while it ran share the second statement.
    expect(c.statements.map((s) => s.n)).toEqual([1, 49]);
  });

  it('keeps keys apart, sends a lone call at once and caps a batch at maxBatch', async () => {
    const c = counter();
    const hits = new CoalescedStatements(c.run, { maxBatch: 20 });
    expect(await Promise.all([hits.submit('a', 0), hits.submit('b', 0)])).toEqual([1, 1]);
    expect(await hits.submit('a', 0)).toBe(2);
    await Promise.all(Array.from({ length: 46 }, () => hits.submit('c', 0)));
    expect(c.statements).toEqual([
      { key: 'a', n: 1 },
      { key: 'b', n: 1 },
      { key: 'a', n: 1 },
      { key: 'c', n: 1 },
      { key: 'c', n: 20 },
      { key: 'c', n: 20 },
      { key: 'c', n: 5 },
    ]);
  });

  it('rejects the batch whose statement failed and goes on with the next', async () => {
    let calls = 0;
    const hits = new CoalescedStatements(async (_key: string, inputs: readonly number[]) => {
      calls++;
      await new Promise((r) => setTimeout(r, 2));
      if (calls === 2) throw new Error('connection lost');
      return inputs.map((x) => x * 10);
    });
    const settled = await Promise.allSettled([1, 2, 3].map((x) => hits.submit('k', x)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await hits.submit('k', 4)).toBe(40);
  });

  it('with retrySingly, a failed batch is run input by input, so only the bad input fails', async () => {
    const seen: number[][] = [];
    const rows = new CoalescedStatements(
      async (_key: string, inputs: readonly number[]) => {
        seen.push([...inputs]);
        await new Promise((r) => setTimeout(r, 2));
        if (inputs.includes(13)) throw new Error('duplicate key');
        return inputs.map(() => 'stored');
      },
      { retrySingly: true },
    );
    const settled = await Promise.allSettled([1, 2, 13, 4].map((x) => rows.submit('', x)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(seen).toEqual([[1], [2, 13, 4], [2], [13], [4]]);
  });
});
