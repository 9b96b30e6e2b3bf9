import { describe, expect, it } from 'vitest';
import { releaseInputBuffers, withInputBuffer } from './input-buffers.js';

describe('withInputBuffer', () => {
  it('lends a different buffer to each caller in flight and reuses one that came back', async () => {
    releaseInputBuffers();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let first: Float32Array | undefined;
    let second: Float32Array | undefined;
    const a = withInputBuffer(16, async (b) => {
      first = b;
      b.fill(1);
      await gate;
      // Nobody else wrote into it while it was lent.
      expect(Array.from(b)).toEqual(new Array(16).fill(1));
    });
    const b = withInputBuffer(16, async (buf) => {
      second = buf;
      buf.fill(2);
    });
    await b;
    release();
    await a;
    expect(first).toBeDefined();
    expect(second).not.toBe(first);
    expect(first!.length).toBe(16);
    const reused = await withInputBuffer(16, async (buf) => buf);
    expect([first, second]).toContain(reused);
  });

  it('returns the buffer when the work throws', async () => {
    releaseInputBuffers();
    let lent: Float32Array | undefined;
    await expect(
      withInputBuffer(8, async (b) => {
        lent = b;
        throw new Error('model failed');
      }),
    ).rejects.toThrow('model failed');
    expect(await withInputBuffer(8, async (b) => b)).toBe(lent);
  });
});
