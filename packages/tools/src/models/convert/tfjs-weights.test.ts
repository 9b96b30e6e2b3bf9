import { describe, expect, it } from 'vitest';
import { ProvefyError } from '@provefy/core';
import { decodeTfjsWeights, hwioToOihw, type TfjsWeightsManifest } from './tfjs-weights.js';

const manifest: TfjsWeightsManifest = [
  {
    paths: ['a.bin', 'b.bin'],
    weights: [
      { name: 'q8', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.1, min: -1.3 } },
      { name: 'f32', shape: [2], dtype: 'float32' },
      { name: 'q16', shape: [1], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.001, min: 2 } },
    ],
  },
];

function shards(): Map<string, Uint8Array> {
  // 4 uint8 + 2 float32 + 1 uint16 = 14 bytes, split across two shard files at an odd offset
  const all = new Uint8Array(14);
  all.set([0, 1, 13, 255], 0);
  const dv = new DataView(all.buffer);
  dv.setFloat32(4, 1.5, true);
  dv.setFloat32(8, -0.25, true);
  dv.setUint16(12, 1000, true);
  return new Map([
    ['a.bin', all.slice(0, 5)],
    ['b.bin', all.slice(5)],
  ]);
}

describe('decodeTfjsWeights', () => {
  it('dequantises like tfjs (q * scale + min, in double, stored as float32) across shards', () => {
    const w = decodeTfjsWeights(manifest, shards());
    expect(w.get('q8')).toEqual({ shape: [2, 2], data: Float32Array.of(0 * 0.1 - 1.3, 1 * 0.1 - 1.3, 13 * 0.1 - 1.3, 255 * 0.1 - 1.3) });
    expect(Array.from(w.get('f32')!.data)).toEqual([1.5, -0.25]);
    expect(w.get('q16')!.data[0]).toBe(Math.fround(1000 * 0.001 + 2));
  });

  it('refuses shards that are missing, too short or too long', () => {
    const s = shards();
    s.delete('b.bin');
    expect(() => decodeTfjsWeights(manifest, s)).toThrow(/b\.bin is missing/);
    const short = shards();
    short.set('b.bin', short.get('b.bin')!.slice(0, 3));
    expect(() => decodeTfjsWeights(manifest, short)).toThrow(ProvefyError);
    const long = shards();
    long.set('b.bin', Uint8Array.from([...long.get('b.bin')!, 0]));
    expect(() => decodeTfjsWeights(manifest, long)).toThrow(/1 bytes more/);
  });

  it('decodes int32 constants and float16 weights', () => {
    const bytes = new Uint8Array(8);
    const v = new DataView(bytes.buffer);
    v.setInt32(0, -3, true);
    v.setUint16(4, 0x3c00, true); // 1
    v.setUint16(6, 0xc100, true); // -2.5
    const m: TfjsWeightsManifest = [
      { paths: ['a.bin'], weights: [{ name: 'axes', shape: [1], dtype: 'int32' }, { name: 'w', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } }] },
    ];
    const w = decodeTfjsWeights(m, new Map([['a.bin', bytes]]));
    expect(Array.from(w.get('axes')!.data)).toEqual([-3]);
    expect(Array.from(w.get('w')!.data)).toEqual([1, -2.5]);
  });

  it('refuses unsupported dtypes with a typed error', () => {
    const m: TfjsWeightsManifest = [{ paths: ['a.bin'], weights: [{ name: 'x', shape: [1], dtype: 'bool' }] }];
    const e = (() => {
      try {
        decodeTfjsWeights(m, new Map([['a.bin', new Uint8Array(4)]]));
      } catch (x) {
        return x as ProvefyError;
      }
    })();
    expect(e?.code).toBe('PROVEFY_ERR_MODEL_LOAD');
  });
});

describe('hwioToOihw', () => {
  it('moves TF [kh, kw, in, out] to ONNX [out, in, kh, kw]', () => {
    // value encodes its TF index: h*1000 + w*100 + i*10 + o
    const shape = [2, 3, 2, 4] as const;
    const data = new Float32Array(2 * 3 * 2 * 4);
    for (let h = 0; h < 2; h++) for (let w = 0; w < 3; w++) for (let i = 0; i < 2; i++) for (let o = 0; o < 4; o++) data[((h * 3 + w) * 2 + i) * 4 + o] = h * 1000 + w * 100 + i * 10 + o;
    const t = hwioToOihw({ shape, data });
    expect(t.shape).toEqual([4, 2, 2, 3]);
    for (let o = 0; o < 4; o++) for (let i = 0; i < 2; i++) for (let h = 0; h < 2; h++) for (let w = 0; w < 3; w++) expect(t.data[((o * 2 + i) * 2 + h) * 3 + w]).toBe(h * 1000 + w * 100 + i * 10 + o);
  });

  it('moves a depthwise [kh, kw, C, 1] filter to [C, 1, kh, kw]', () => {
    const data = Float32Array.from({ length: 3 * 3 * 5 }, (_, k) => k);
    const t = hwioToOihw({ shape: [3, 3, 5, 1], data }, true);
    expect(t.shape).toEqual([5, 1, 3, 3]);
    for (let c = 0; c < 5; c++) for (let h = 0; h < 3; h++) for (let w = 0; w < 3; w++) expect(t.data[(c * 3 + h) * 3 + w]).toBe((h * 3 + w) * 5 + c);
  });
});
