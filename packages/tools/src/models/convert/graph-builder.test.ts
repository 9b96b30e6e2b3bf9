import { describe, expect, it } from 'vitest';
import { ort } from '@provefy/core/models';
import { GraphBuilder, tfPadding, type Value } from './graph-builder.js';
import { encodeOnnxModel } from './onnx-encode.js';
import { hwioToOihw } from './tfjs-weights.js';

async function run(g: GraphBuilder, out: Value, input: Float32Array, dims: number[]): Promise<{ data: number[]; dims: readonly number[] }> {
  g.output(out.name, [out.channels, out.size, out.size]);
  const bytes = encodeOnnxModel({ irVersion: 7, opsetImports: [{ domain: '', version: 13 }], graph: g.build() });
  const s = await ort.InferenceSession.create(bytes);
  const r = (await s.run({ x: new ort.Tensor('float32', input, dims) }))[out.name]!;
  return { data: Array.from(r.data as Float32Array), dims: r.dims };
}

const ramp = (n: number, sign = 1) => Float32Array.from({ length: n }, (_, i) => sign * i);

describe('tfPadding (TensorFlow padding arithmetic)', () => {
  it.each([
    // size, kernel, stride, mode, expected
    [112, 3, 2, 'same', { out: 56, before: 0, after: 1 }],
    [56, 1, 2, 'same', { out: 28, before: 0, after: 0 }],
    [14, 3, 1, 'same', { out: 14, before: 1, after: 1 }],
    [7, 3, 2, 'same', { out: 4, before: 1, after: 1 }],
    [150, 7, 2, 'valid', { out: 72, before: 0, after: 0 }],
    [72, 3, 2, 'valid', { out: 35, before: 0, after: 0 }],
    [8, 3, 2, 'valid', { out: 3, before: 0, after: 0 }],
    [7, 7, 2, 'valid', { out: 1, before: 0, after: 0 }],
  ] as const)('in %i, k %i, s %i, %s', (size, k, s, mode, expected) => {
    expect(tfPadding(size, k, s, mode)).toEqual(expected);
  });
});

describe('GraphBuilder ops under onnxruntime', () => {
  it("conv 'same' with stride 2 on an even input puts the extra padding at the end, like TF", async () => {
    const g = new GraphBuilder('t');
    const x = g.input('x', 1, 4);
    const w = g.constant('w', [1, 1, 3, 3], new Float32Array(9).fill(1));
    const y = g.conv('c', x, { weight: w, weightShape: [1, 1, 3, 3], stride: 2, padding: 'same' });
    expect(y.size).toBe(2);
    const r = await run(g, y, ramp(16), [1, 1, 4, 4]);
    // TF: out[0][0] = sum rows 0-2 x cols 0-2; padding (one row/col) only after the last row/col
    expect(r.data).toEqual([45, 39, 66, 50]);
  });

  it("maxPool 'same' ignores the padded cells (a zero pad would win over negative values)", async () => {
    const g = new GraphBuilder('t');
    const x = g.input('x', 1, 4);
    const r = await run(g, g.maxPool('p', x, 3, 2, 'same'), ramp(16, -1), [1, 1, 4, 4]);
    expect(r.data.map((v) => v + 0)).toEqual([0, -2, -8, -10]);
  });

  it('depthwise conv: a TF [3,3,C,1] filter transposed to [C,1,3,3] with group C filters each channel with its own kernel', async () => {
    // TF layout [kh, kw, C, 1]: channel 0 kernel = centre tap 1, channel 1 kernel = top-left tap 2
    const tf = new Float32Array(3 * 3 * 2);
    tf[(1 * 3 + 1) * 2 + 0] = 1;
    tf[(0 * 3 + 0) * 2 + 1] = 2;
    const f = hwioToOihw({ shape: [3, 3, 2, 1], data: tf }, true);
    expect(f.shape).toEqual([2, 1, 3, 3]);
    const g = new GraphBuilder('t');
    const x = g.input('x', 2, 3);
    const y = g.conv('dw', x, { weight: g.constant('w', f.shape, f.data), weightShape: f.shape, stride: 1, padding: 'same', group: 2 });
    const input = Float32Array.from({ length: 18 }, (_, i) => i + 1);
    const r = await run(g, y, input, [1, 2, 3, 3]);
    // channel 0 is copied; channel 1 at (r,c) = 2 * x[r-1][c-1] (zero outside)
    expect(r.data.slice(0, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.data.slice(9)).toEqual([0, 0, 0, 0, 20, 22, 0, 26, 28]);
  });

  it('padEnd adds zero channels and a zero row and column at the end', async () => {
    const g = new GraphBuilder('t');
    const x = g.input('x', 1, 2);
    const y = g.padEnd('p', x, 1, 1);
    expect([y.channels, y.size]).toEqual([2, 3]);
    const r = await run(g, y, Float32Array.of(1, 2, 3, 4), [1, 1, 2, 2]);
    expect(r.dims).toEqual([1, 2, 3, 3]);
    expect(r.data).toEqual([1, 2, 0, 3, 4, 0, 0, 0, 0, ...new Array(9).fill(0)]);
  });

  it('names nodes and values deterministically and keeps pinned output names', () => {
    const build = () => {
      const g = new GraphBuilder('t');
      const x = g.input('x', 1, 4);
      const a = g.relu('block', x);
      const b = g.relu('block', a);
      g.node('head', 'Identity', [b.name], [], 'out');
      return g.build();
    };
    const g = build();
    expect(g.nodes.map((n) => [n.name, n.outputs[0]])).toEqual([
      ['block/Relu', 'block/Relu'],
      ['block/Relu_1', 'block/Relu_1'],
      ['head/Identity', 'out'],
    ]);
    expect(build()).toEqual(g);
  });
});
