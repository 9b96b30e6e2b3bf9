/**
 * Scales a vector to unit length in place (a zero vector stays zero) and returns it.
 *
 * @example
 * ```ts
 * const e = l2Normalise(new Float32Array([3, 4])); // [0.6, 0.8]
 * ```
 */
export function l2Normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
}

/**
 * Cosine similarity of two vectors (-1..1); 0 when either is a zero vector or the lengths differ.
 *
 * @example
 * ```ts
 * cosineSimilarity(selfieEmbedding, documentEmbedding); // 0.71
 * ```
 */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Euclidean distance of two vectors (Infinity when the lengths differ).
 *
 * @example
 * ```ts
 * euclideanDistance(new Float32Array([0, 0]), new Float32Array([3, 4])); // 5
 * ```
 */
export function euclideanDistance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** Mirrors an RGB image left to right (the flip half of flip augmentation). */
export function flipHorizontal(img: { data: Uint8Array; width: number; height: number; channels: 3 }): { data: Uint8Array; width: number; height: number; channels: 3 } {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    const row = y * w * 3;
    for (let x = 0; x < w; x++) {
      const s = row + x * 3;
      const d = row + (w - 1 - x) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  }
  return { data: out, width: w, height: h, channels: 3 };
}
