/**
 * A promise cache keyed by an object (a Buffer, a decoded image) and a string, so the same input given twice is
 * worked on once. Entries live as long as the object (WeakMap); a rejected promise is dropped so a retry runs again.
 * Strings and other primitives are not cached.
 *
 * @example
 * ```ts
 * const cache = objectPromiseCache<FaceAnalysis>();
 * const a = cache.get(buffer, 'scrfd_500m', () => analyse(buffer)); // runs
 * const b = cache.get(buffer, 'scrfd_500m', () => analyse(buffer)); // same promise
 * ```
 */
export function objectPromiseCache<T>(): { get(input: unknown, key: string, make: () => Promise<T>): Promise<T> } {
  const memo = new WeakMap<object, Map<string, Promise<T>>>();
  return {
    get(input, key, make) {
      if (typeof input !== 'object' || input === null) return make();
      let m = memo.get(input);
      const hit = m?.get(key);
      if (hit) return hit;
      const p = make();
      if (!m) {
        m = new Map();
        memo.set(input, m);
      }
      const entries = m;
      entries.set(key, p);
      p.catch(() => entries.delete(key));
      return p;
    },
  };
}
