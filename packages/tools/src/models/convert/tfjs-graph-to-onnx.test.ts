import { describe, expect, it } from 'vitest';
import type { ProvefyError } from '@provefy/core';
import { ort } from '@provefy/core/models';
import { encodeOnnxModel } from './onnx-encode.js';
import { type TfjsGraphModel, type TfjsGraphNode, tfjsGraphToOnnx } from './tfjs-graph-to-onnx.js';
import type { TfTensor } from './tfjs-weights.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const list = (...i: number[]) => ({ list: { i: i.map(String) } });
const conv = (padding: string, s: number) => ({ padding: { s: b64(padding) }, strides: list(1, s, s, 1), data_format: { s: b64('NHWC') }, dilations: list(1, 1, 1, 1) });

/** Deterministic pseudo-random values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

const S = 6;
const W: Record<string, TfTensor> = {
  w1: { shape: [3, 3, 2, 3], data: values(54, 1) },
  scale: { shape: [3], data: values(3, 2) },
  shift: { shape: [3], data: values(3, 3) },
  six: { shape: [], data: new Float32Array([0.5]) },
  zero: { shape: [], data: new Float32Array([0]) },
  wd: { shape: [3, 3, 3, 1], data: values(27, 4) },
  w2: { shape: [1, 1, 3, 4], data: values(12, 5) },
  b2: { shape: [4], data: values(4, 6) },
  axes: { shape: [2], data: new Float32Array([1, 2]) },
  wm: { shape: [4, 3], data: values(12, 7) },
  bm: { shape: [3], data: values(3, 8) },
};

/** A small graph with the op set of HSE-FaceRes and GEAR (NHWC, TF padding, fused ops). */
const MODEL: TfjsGraphModel = {
  format: 'graph-model',
  weightsManifest: [],
  modelTopology: {
    node: [
      { name: 'x', op: 'Placeholder', attr: { shape: { shape: { dim: [{ size: '-1' }, { size: String(S) }, { size: String(S) }, { size: '2' }] } } } },
      ...Object.keys(W).map((name): TfjsGraphNode => ({ name, op: 'Const' })),
      { name: 'c1', op: 'Conv2D', input: ['x', 'w1'], attr: conv('SAME', 2) },
      { name: 'bn', op: 'Mul', input: ['c1', 'scale'] },
      { name: 'bn2', op: 'Add', input: ['bn', 'shift'] },
      { name: 'r', op: 'Relu', input: ['bn2'] },
      { name: 'mn', op: 'Minimum', input: ['r', 'six'] },
      { name: 'mx', op: 'Maximum', input: ['mn', 'zero'] },
      { name: 'dw', op: 'DepthwiseConv2dNative', input: ['mx', 'wd'], attr: conv('SAME', 1) },
      { name: 'fc', op: '_FusedConv2D', input: ['dw', 'w2', 'b2'], attr: { ...conv('VALID', 1), fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } } } },
      { name: 'mp', op: 'MaxPool', input: ['fc'], attr: { ...conv('VALID', 1), ksize: list(1, 2, 2, 1) } },
      { name: 'ap', op: 'AvgPool', input: ['fc'], attr: { ...conv('SAME', 2), ksize: list(1, 2, 2, 1) } },
      { name: 'mean', op: 'Mean', input: ['mp', 'axes'], attr: { keep_dims: { b: false } } },
      { name: 'mm', op: '_FusedMatMul', input: ['mean', 'wm', 'bm'], attr: { fused_ops: { list: { s: [b64('BiasAdd')] } } } },
      { name: 'sm', op: 'Softmax', input: ['mm'] },
      { name: 'sig', op: 'Sigmoid', input: ['mm'] },
      { name: 'out', op: 'Identity', input: ['sm'] },
      { name: 'unused', op: 'Tanh', input: ['mm'] },
    ],
  },
};

/** NHWC tensor [h, w, c] of one image. */
interface Img {
  h: number;
  w: number;
  c: number;
  d: Float64Array;
}
const at = (t: Img, y: number, x: number, c: number) => (y < 0 || x < 0 || y >= t.h || x >= t.w ? 0 : t.d[(y * t.w + x) * t.c + c]!);
function pad(size: number, k: number, s: number, same: boolean): { out: number; before: number } {
  if (!same) return { out: Math.floor((size - k) / s) + 1, before: 0 };
  const out = Math.ceil(size / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) };
}
/** TF conv2d (depthwise when `dw`) on NHWC with an HWIO filter. */
function refConv(x: Img, f: TfTensor, s: number, same: boolean, dw = false, bias?: TfTensor): Img {
  const [k, , ci, co] = f.shape as number[];
  const p = pad(x.h, k!, s, same);
  const outC = dw ? ci! : co!;
  const y: Img = { h: p.out, w: p.out, c: outC, d: new Float64Array(p.out * p.out * outC) };
  for (let oy = 0; oy < p.out; oy++)
    for (let ox = 0; ox < p.out; ox++)
      for (let o = 0; o < outC; o++) {
        let acc = bias ? bias.data[o]! : 0;
        for (let ky = 0; ky < k!; ky++)
          for (let kx = 0; kx < k!; kx++) {
            const iy = oy * s + ky - p.before;
            const ix = ox * s + kx - p.before;
            if (dw) acc += at(x, iy, ix, o) * f.data[(ky * k! + kx) * ci! + o]!;
            else for (let i = 0; i < ci!; i++) acc += at(x, iy, ix, i) * f.data[((ky * k! + kx) * ci! + i) * co! + o]!;
          }
        y.d[(oy * p.out + ox) * outC + o] = acc;
      }
  return y;
}
function refPool(x: Img, k: number, s: number, same: boolean, avg: boolean): Img {
  const p = pad(x.h, k, s, same);
  const y: Img = { h: p.out, w: p.out, c: x.c, d: new Float64Array(p.out * p.out * x.c) };
  for (let oy = 0; oy < p.out; oy++)
    for (let ox = 0; ox < p.out; ox++)
      for (let c = 0; c < x.c; c++) {
        const vals: number[] = [];
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const iy = oy * s + ky - p.before;
            const ix = ox * s + kx - p.before;
            if (iy >= 0 && ix >= 0 && iy < x.h && ix < x.w) vals.push(at(x, iy, ix, c));
          }
        y.d[(oy * p.out + ox) * x.c + c] = avg ? vals.reduce((a, b) => a + b, 0) / vals.length : Math.max(...vals);
      }
  return y;
}
const map = (x: Img, fn: (v: number, c: number) => number): Img => ({ ...x, d: x.d.map((v, i) => fn(v, i % x.c)) });

/** The graph computed directly from its definition, for one NHWC image. */
function reference(input: Float32Array): { probs: number[]; sig: number[]; pooled: Img } {
  const x: Img = { h: S, w: S, c: 2, d: Float64Array.from(input) };
  let t = refConv(x, W.w1!, 2, true);
  t = map(t, (v, c) => Math.max(0, Math.min(0.5, Math.max(0, v * W.scale!.data[c]! + W.shift!.data[c]!))));
  t = refConv(t, W.wd!, 1, true, true);
  const fc = map(refConv(t, W.w2!, 1, false, false, W.b2!), (v) => Math.max(0, v));
  const mp = refPool(fc, 2, 1, false, false);
  const mean = Array.from({ length: 4 }, (_, c) => {
    let s = 0;
    for (let i = 0; i < mp.h * mp.w; i++) s += mp.d[i * 4 + c]!;
    return s / (mp.h * mp.w);
  });
  const mm = Array.from({ length: 3 }, (_, o) => mean.reduce((a, v, i) => a + v * W.wm!.data[i * 3 + o]!, W.bm!.data[o]!));
  const e = mm.map((v) => Math.exp(v - Math.max(...mm)));
  return { probs: e.map((v) => v / e.reduce((a, b) => a + b, 0)), sig: mm.map((v) => 1 / (1 + Math.exp(-v))), pooled: refPool(fc, 2, 2, true, true) };
}

describe('tfjsGraphToOnnx', () => {
  const graph = tfjsGraphToOnnx(MODEL, new Map(Object.entries(W)), { name: 'tiny', outputs: { probs: 'out', sig: 'sig', pooled: 'ap' } });

  it('converts only what the outputs need, NHWC to NCHW', () => {
    expect(graph.inputs).toEqual([{ name: 'input', elemType: 'float', shape: ['N', 2, S, S] }]);
    expect(graph.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['probs', ['N', 3]],
      ['sig', ['N', 3]],
      ['pooled', ['N', 4, 2, 2]],
    ]);
    const ops = graph.nodes.map((n) => n.opType);
    expect(ops).not.toContain('Tanh');
    expect(ops.filter((o) => o === 'Conv')).toHaveLength(3);
    const dw = graph.nodes.find((n) => n.name === 'dw/Conv')!;
    expect(dw.attributes?.find((a) => a.name === 'group')).toMatchObject({ value: 3 });
    const c1 = graph.nodes.find((n) => n.name === 'c1/Conv')!;
    // 'same', stride 2 on 6 px: TF pads 0 before and 1 after
    expect(c1.attributes?.find((a) => a.name === 'pads')).toMatchObject({ value: [0, 0, 1, 1] });
    const scale = graph.initializers.find((t) => t.name.startsWith('bn/const'))!;
    expect(scale.dims).toEqual([3, 1, 1]);
  });

  it('computes what TensorFlow computes (batch of two, within 1e-5)', async () => {
    const session = await ort.InferenceSession.create(encodeOnnxModel({ irVersion: 7, opsetImports: [{ domain: '', version: 13 }], graph }));
    const imgs = [values(S * S * 2, 11), values(S * S * 2, 12)];
    const nchw = new Float32Array(2 * 2 * S * S);
    imgs.forEach((img, n) => {
      for (let i = 0; i < S * S; i++) for (let c = 0; c < 2; c++) nchw[(n * 2 + c) * S * S + i] = img[i * 2 + c]!;
    });
    const out = await session.run({ input: new ort.Tensor('float32', nchw, [2, 2, S, S]) });
    imgs.forEach((img, n) => {
      const ref = reference(img);
      const probs = Array.from((out.probs!.data as Float32Array).subarray(n * 3, n * 3 + 3));
      const sig = Array.from((out.sig!.data as Float32Array).subarray(n * 3, n * 3 + 3));
      for (let i = 0; i < 3; i++) {
        expect(probs[i]!).toBeCloseTo(ref.probs[i]!, 5);
        expect(sig[i]!).toBeCloseTo(ref.sig[i]!, 5);
      }
      const pooled = out.pooled!.data as Float32Array;
      for (let c = 0; c < 4; c++) for (let i = 0; i < 4; i++) expect(pooled[n * 16 + c * 4 + i]!).toBeCloseTo(ref.pooled.d[i * 4 + c]!, 5);
    });
  });

  it('names the node of an op it cannot convert', () => {
    const bad: TfjsGraphModel = { ...MODEL, modelTopology: { node: [...MODEL.modelTopology.node, { name: 'flat', op: 'Reshape', input: ['mp', 'axes'] }] } };
    let err: ProvefyError | undefined;
    try {
      tfjsGraphToOnnx(bad, new Map(Object.entries(W)), { name: 'bad', outputs: { y: 'flat' } });
    } catch (e) {
      err = e as ProvefyError;
    }
    expect(err?.code).toBe('PROVEFY_ERR_MODEL_LOAD');
    expect(err?.message).toMatch(/flat: TF op Reshape is not supported/);
  });
});
