import { createHash } from 'node:crypto';

/** Bytes up to this size are fingerprinted whole; larger ones by evenly spaced samples. */
const WHOLE_BELOW = 256 * 1024;
const SAMPLES = 4096;
const SAMPLE_BYTES = 16;

function bytesOf(input: object): Uint8Array | null {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const data = (input as { data?: unknown }).data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/**
 * A fingerprint of what an object holds now: its bytes (a Buffer, a typed array, an ArrayBuffer, or the `data` of a
 * decoded image or raw frame with its size and format), whole up to 256 KB and by 4,096 evenly spaced 16-byte
 * samples above that. A memo keyed by the object checks it on every hit, so a caller that reuses one Buffer or frame
 * object for another image (a ring buffer of camera frames) never gets the earlier image's result. Objects without
 * bytes fingerprint as `''` (identity alone).
 *
 * @example
 * ```ts
 * const buf = Buffer.from('abc');
 * const a = contentFingerprint(buf);
 * buf[0] = 0x7a;
 * contentFingerprint(buf) === a; // false
 * ```
 */
export function contentFingerprint(input: object): string {
  const bytes = bytesOf(input);
  if (!bytes) return '';
  const h = createHash('sha1');
  const { width, height, channels, format } = input as { width?: unknown; height?: unknown; channels?: unknown; format?: unknown };
  h.update(`${bytes.length}:${String(width)}x${String(height)}x${String(channels)}:${String(format)}|`);
  if (bytes.length <= WHOLE_BELOW) {
    h.update(bytes);
  } else {
    const step = Math.floor((bytes.length - SAMPLE_BYTES) / (SAMPLES - 1));
    const samples = new Uint8Array((SAMPLES + 1) * SAMPLE_BYTES);
    for (let i = 0; i < SAMPLES; i++) samples.set(bytes.subarray(i * step, i * step + SAMPLE_BYTES), i * SAMPLE_BYTES);
    samples.set(bytes.subarray(bytes.length - SAMPLE_BYTES), SAMPLES * SAMPLE_BYTES);
    h.update(samples);
  }
  return h.digest('base64');
}

/**
 * A value computed once per object, key and content ({@link contentFingerprint}): entries live as long as the object
 * (WeakMap), and an object refilled with other bytes is worked on again. `forget` drops an entry if it still holds
 * that value.
 *
 * @example
 * ```ts
 * const grays = objectValueCache<GrayImage>();
 * const g = grays.get(image, '1600', () => toGray(image, 1600));
 * ```
 */
export function objectValueCache<T>(): { get(input: object, key: string, make: () => T): T; forget(input: object, key: string, value: T): void } {
  const memo = new WeakMap<object, Map<string, { fingerprint: string; value: T }>>();
  return {
    get(input, key, make) {
      const fingerprint = contentFingerprint(input);
      let m = memo.get(input);
      const hit = m?.get(key);
      if (hit && hit.fingerprint === fingerprint) return hit.value;
      const value = make();
      if (!m) {
        m = new Map();
        memo.set(input, m);
      }
      m.set(key, { fingerprint, value });
      return value;
    },
    forget(input, key, value) {
      const m = memo.get(input);
      if (m?.get(key)?.value === value) m.delete(key);
    },
  };
}

/**
 * A promise cache keyed by an object (a Buffer, a decoded image) and a string, so the same input given twice is
 * worked on once ({@link objectValueCache}: while its content is unchanged). A rejected promise is dropped so a
 * retry runs again. Strings and other primitives are not cached.
 *
 * @example
 * ```ts
 * const cache = objectPromiseCache<FaceAnalysis>();
 * const a = cache.get(buffer, 'scrfd_500m', () => analyse(buffer)); // runs
 * const b = cache.get(buffer, 'scrfd_500m', () => analyse(buffer)); // same promise
 * ```
 */
export function objectPromiseCache<T>(): { get(input: unknown, key: string, make: () => Promise<T>): Promise<T> } {
  const values = objectValueCache<Promise<T>>();
  return {
    get(input, key, make) {
      if (typeof input !== 'object' || input === null) return make();
      const p = values.get(input, key, make);
      p.catch(() => values.forget(input, key, p));
      return p;
    },
  };
}
