/**
 * Reads TensorFlow.js weight files (`*-weights_manifest.json` + `.bin` shards), dequantising uint8/uint16
 * weights exactly like tfjs-core's `decodeWeights` (value = q * scale + min in double precision, stored as
 * float32; float16 weights widened to float32; int32 constants such as reduction axes kept as exact float32
 * values), and converts TF tensor layouts to ONNX ones.
 */
import { ProvefyError } from '@provefy/core';

/** One entry of a tfjs weights manifest group. */
export interface TfjsWeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: { readonly dtype: string; readonly scale?: number; readonly min?: number };
}

/** A tfjs weights manifest: groups of weights stored back to back in the group's shard files. */
export type TfjsWeightsManifest = readonly { readonly paths: readonly string[]; readonly weights: readonly TfjsWeightSpec[] }[];

/** A dequantised float32 tensor in TF layout (row-major over `shape`). */
export interface TfTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

const bad = (message: string, details: Record<string, unknown> = {}) => new ProvefyError('PROVEFY_ERR_MODEL_LOAD', message, details);

/**
 * The float32 value of an IEEE 754 half-precision number given as its 16 bits (tfjs `float16` quantization).
 *
 * @example
 * ```ts
 * float16ToFloat32(0x3c00); // 1
 * float16ToFloat32(0xc000); // -2
 * ```
 */
export function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Decodes every weight of a tfjs manifest. `shards` maps each path named in the manifest to its bytes.
 * Throws PROVEFY_ERR_MODEL_LOAD when a shard is missing, too short or too long, or a dtype is unsupported.
 *
 * @example
 * ```ts
 * const manifest = JSON.parse(readFileSync('age_gender_model-weights_manifest.json', 'utf8'));
 * const weights = decodeTfjsWeights(manifest, new Map([['age_gender_model.bin', readFileSync('age_gender_model.bin')]]));
 * weights.get('fc/age/bias'); // { shape: [1], data: Float32Array [...] }
 * ```
 */
export function decodeTfjsWeights(manifest: TfjsWeightsManifest, shards: ReadonlyMap<string, Uint8Array>): Map<string, TfTensor> {
  if (!Array.isArray(manifest as unknown)) throw bad('The weights manifest is not a list of groups');
  const out = new Map<string, TfTensor>();
  for (const group of manifest) {
    const parts = group.paths.map((p) => {
      const b = shards.get(p);
      if (!b) throw bad(`Weight shard ${p} is missing`, { path: p });
      return b;
    });
    const total = parts.reduce((n, b) => n + b.length, 0);
    const buf = new Uint8Array(total);
    let at = 0;
    for (const b of parts) {
      buf.set(b, at);
      at += b.length;
    }
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let offset = 0;
    for (const w of group.weights) {
      const count = w.shape.reduce((a, b) => a * b, 1);
      if (w.dtype !== 'float32' && w.dtype !== 'int32') throw bad(`Weight ${w.name}: dtype ${w.dtype} is not supported`, { name: w.name });
      const q = w.quantization;
      const half = q?.dtype === 'float16';
      const bytesPer = !q ? 4 : q.dtype === 'uint8' ? 1 : q.dtype === 'uint16' || half ? 2 : 0;
      if (bytesPer === 0 || (q && w.dtype !== 'float32')) throw bad(`Weight ${w.name}: quantization ${q?.dtype} is not supported`, { name: w.name });
      if (q && !half && (typeof q.scale !== 'number' || typeof q.min !== 'number')) throw bad(`Weight ${w.name}: quantization without scale and min`, { name: w.name });
      const size = count * bytesPer;
      if (offset + size > buf.length) throw bad(`Weight shards of ${group.paths.join(', ')} are too short for ${w.name}`, { name: w.name, bytes: buf.length });
      const data = new Float32Array(count);
      if (w.dtype === 'int32') for (let i = 0; i < count; i++) data[i] = view.getInt32(offset + i * 4, true);
      else if (!q) for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + i * 4, true);
      else if (half) for (let i = 0; i < count; i++) data[i] = float16ToFloat32(view.getUint16(offset + i * 2, true));
      else if (bytesPer === 1) for (let i = 0; i < count; i++) data[i] = buf[offset + i]! * q.scale! + q.min!;
      else for (let i = 0; i < count; i++) data[i] = view.getUint16(offset + i * 2, true) * q.scale! + q.min!;
      offset += size;
      if (out.has(w.name)) throw bad(`Weight ${w.name} appears twice`, { name: w.name });
      out.set(w.name, { shape: [...w.shape], data });
    }
    if (offset !== buf.length) throw bad(`Weight shards of ${group.paths.join(', ')} hold ${buf.length - offset} bytes more than the manifest describes`, { bytes: buf.length });
  }
  return out;
}

/**
 * Transposes a TF conv2d filter `[kh, kw, in, out]` (HWIO) to ONNX `[out, in, kh, kw]` (OIHW). A depthwise
 * filter `[kh, kw, C, 1]` becomes `[C, 1, kh, kw]` with `depthwise: true` (ONNX Conv with group = C).
 *
 * @example
 * ```ts
 * const w = hwioToOihw({ shape: [3, 3, 3, 32], data }); // w.shape = [32, 3, 3, 3]
 * ```
 */
export function hwioToOihw(t: TfTensor, depthwise = false): TfTensor {
  if (t.shape.length !== 4) throw bad(`Expected a 4-d filter, got [${t.shape.join(',')}]`);
  const [kh, kw, ci, co] = t.shape as [number, number, number, number];
  const data = new Float32Array(t.data.length);
  if (depthwise) {
    // [kh, kw, C, M] -> [C*M, 1, kh, kw]; output channel c*M+m reads input channel c
    for (let h = 0; h < kh; h++)
      for (let w = 0; w < kw; w++)
        for (let c = 0; c < ci; c++) for (let m = 0; m < co; m++) data[((c * co + m) * kh + h) * kw + w] = t.data[((h * kw + w) * ci + c) * co + m]!;
    return { shape: [ci * co, 1, kh, kw], data };
  }
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) data[((o * ci + i) * kh + h) * kw + w] = t.data[((h * kw + w) * ci + i) * co + o]!;
  return { shape: [co, ci, kh, kw], data };
}
