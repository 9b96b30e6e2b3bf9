/**
 * Reusable detector input buffers. A 640 px detector input is a 4.9 MB Float32Array; allocated fresh for every
 * detection, its pages are new to the process each time and every one of them faults on first write (about 1,200
 * faults, 13 ms on the 2-core VM, measured with `new Float32Array(3 * 640 * 640).fill(0)`). A buffer is lent for one
 * detection (filled, run, read back) and returned when that detection settles, so concurrent detections never share one.
 */
const free = new Map<number, Float32Array[]>();

/** Buffers kept per length once returned (more are dropped to the garbage collector): two jobs at once, with margin. */
const KEEP_PER_LENGTH = 4;

/**
 * Runs `fn` with a Float32Array of `length` that no other caller holds until `fn` settles (its contents are stale:
 * the caller overwrites every element).
 *
 * @example
 * ```ts
 * const faces = await withInputBuffer(3 * 640 * 640, async (buf) => {
 *   const lb = letterboxTensor(img, 640, norm, Infinity, buf);
 *   return session.run({ input: new ort.Tensor('float32', lb.data, [1, 3, 640, 640]) });
 * });
 * ```
 */
export async function withInputBuffer<T>(length: number, fn: (buffer: Float32Array) => Promise<T>): Promise<T> {
  const list = free.get(length);
  const buffer = list?.pop() ?? new Float32Array(length);
  try {
    return await fn(buffer);
  } finally {
    const back = free.get(length) ?? [];
    if (back.length < KEEP_PER_LENGTH) back.push(buffer);
    free.set(length, back);
  }
}

/** Drops the kept buffers (with the model sessions, on `dispose()`). */
export function releaseInputBuffers(): void {
  free.clear();
}
