import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requirement } from '../../../../../test/helpers/requirement.js';
import { ort } from '@provefy/core/models';
import { SHARED_MODELS } from '../../../../../test/helpers/test-model-server.js';
import { decodeOnnxModel } from './onnx-decode.js';
import { encodeOnnxModel } from './onnx-encode.js';
import type { OnnxModel } from './onnx-model.js';
import { ProtoWriter, WIRE, encodeVarint, readFields } from './protobuf-wire.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('protobuf wire format', () => {
  it('encodes varints like protoc (examples from the protobuf encoding guide)', () => {
    expect(hex(encodeVarint(0))).toBe('00');
    expect(hex(encodeVarint(1))).toBe('01');
    expect(hex(encodeVarint(127))).toBe('7f');
    expect(hex(encodeVarint(128))).toBe('8001');
    expect(hex(encodeVarint(150))).toBe('9601');
    expect(hex(encodeVarint(300))).toBe('ac02');
    expect(hex(encodeVarint(2 ** 40))).toBe('8080808080' + '20');
    // negative int64: ten bytes of two's complement
    expect(hex(encodeVarint(-1))).toBe('ffffffffffffffffff01');
    expect(() => encodeVarint(1.5)).toThrow(RangeError);
  });

  it('writes tags, strings, floats and nested messages that read back', () => {
    const w = new ProtoWriter();
    w.int64(1, 150).string(2, 'testing').float(3, 0.5).message(4, (m) => m.int64(1, -2));
    const bytes = w.finish();
    // "08 96 01" is the guide's example of field 1 = 150; "12 07 74 65 73 74 69 6e 67" field 2 = "testing"
    expect(hex(bytes).startsWith('089601120774657374696e67')).toBe(true);
    const f = readFields(bytes);
    expect(f.map((x) => [x.field, x.wire])).toEqual([
      [1, WIRE.VARINT],
      [2, WIRE.LEN],
      [3, WIRE.FIXED32],
      [4, WIRE.LEN],
    ]);
    expect(f[0]!.value).toBe(150n);
    expect(new DataView((f[2]!.value as Uint8Array).slice().buffer).getFloat32(0, true)).toBe(0.5);
    expect(BigInt.asIntN(64, readFields(f[3]!.value as Uint8Array)[0]!.value as bigint)).toBe(-2n);
  });

  it('refuses truncated input', () => {
    expect(() => readFields(Uint8Array.of(0x12, 0x05, 0x61))).toThrow(RangeError);
    expect(() => readFields(Uint8Array.of(0x08, 0x96))).toThrow(RangeError);
  });
});

/** y = relu(x @ W + b) with W [3,2], then Mul by a scalar attribute-free constant. */
function tinyModel(): OnnxModel {
  return {
    irVersion: 7,
    opsetImports: [{ domain: '', version: 13 }],
    producerName: 'test',
    producerVersion: '1',
    metadata: [['k', 'v']],
    graph: {
      name: 'tiny',
      docString: 'doc',
      nodes: [
        { opType: 'Gemm', name: 'fc', inputs: ['x', 'W', 'b'], outputs: ['h'], attributes: [{ name: 'alpha', kind: 'float', value: 1 }, { name: 'transB', kind: 'int', value: 0 }] },
        { opType: 'Relu', name: 'relu', inputs: ['h'], outputs: ['r'] },
        { opType: 'Softmax', name: 'sm', inputs: ['r'], outputs: ['y'], attributes: [{ name: 'axis', kind: 'int', value: -1 }] },
      ],
      initializers: [
        { name: 'W', dataType: 'float', dims: [3, 2], data: Float32Array.of(1, -1, 2, 0.5, -3, 1) },
        { name: 'b', dataType: 'float', dims: [2], data: Float32Array.of(0.25, -0.5) },
      ],
      inputs: [{ name: 'x', elemType: 'float', shape: ['N', 3] }],
      outputs: [{ name: 'y', elemType: 'float', shape: ['N', 2] }],
    },
  };
}

describe('encodeOnnxModel / decodeOnnxModel', () => {
  it('round-trips a model with every attribute kind', () => {
    const m = tinyModel();
    const withAttrs: OnnxModel = {
      ...m,
      graph: {
        ...m.graph,
        nodes: [
          ...m.graph.nodes,
          {
            opType: 'Identity',
            inputs: ['y'],
            outputs: ['z'],
            attributes: [
              { name: 'ints', kind: 'ints', value: [0, -1, 300] },
              { name: 'floats', kind: 'floats', value: [0.5, -2] },
              { name: 's', kind: 'string', value: 'constant' },
              { name: 't', kind: 'tensor', value: { name: 'pads', dataType: 'int64', dims: [2], data: BigInt64Array.of(-1n, 5n) } },
            ],
          },
        ],
      },
    };
    const d = decodeOnnxModel(encodeOnnxModel(withAttrs));
    expect(d.irVersion).toBe(7);
    expect(d.opsetImports).toEqual([{ domain: '', version: 13 }]);
    expect(d.producerName).toBe('test');
    expect(d.metadata).toEqual([['k', 'v']]);
    expect(d.graph.name).toBe('tiny');
    expect(d.graph.docString).toBe('doc');
    expect(d.graph.inputs).toEqual(m.graph.inputs);
    expect(d.graph.outputs).toEqual(m.graph.outputs);
    expect(d.graph.nodes.map((n) => n.opType)).toEqual(['Gemm', 'Relu', 'Softmax', 'Identity']);
    expect(d.graph.nodes[2]!.attributes).toEqual([{ name: 'axis', kind: 'int', value: -1 }]);
    const attrs = d.graph.nodes[3]!.attributes!;
    expect(attrs[0]).toEqual({ name: 'ints', kind: 'ints', value: [0, -1, 300] });
    expect(attrs[1]).toEqual({ name: 'floats', kind: 'floats', value: [0.5, -2] });
    expect(attrs[2]).toEqual({ name: 's', kind: 'string', value: 'constant' });
    expect(attrs[3]!.kind === 'tensor' && Array.from(attrs[3].value.data as BigInt64Array)).toEqual([-1n, 5n]);
    expect(Array.from(d.graph.initializers[0]!.data as Float32Array)).toEqual([1, -1, 2, 0.5, -3, 1]);
    expect(d.graph.initializers[0]!.dims).toEqual([3, 2]);
  });

  it('is deterministic', () => {
    expect(hex(encodeOnnxModel(tinyModel()))).toBe(hex(encodeOnnxModel(tinyModel())));
  });

  it('refuses a tensor whose data does not fill its dims', () => {
    const m = tinyModel();
    const bad = { ...m, graph: { ...m.graph, initializers: [{ name: 'W', dataType: 'float' as const, dims: [3, 3], data: new Float32Array(6) }] } };
    expect(() => encodeOnnxModel(bad)).toThrow(/W/);
  });

  it('writes a file onnxruntime loads and computes correctly', async () => {
    const session = await ort.InferenceSession.create(encodeOnnxModel(tinyModel()));
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    const x = Float32Array.of(1, 2, 3, -1, 0, 0.5);
    const y = (await session.run({ x: new ort.Tensor('float32', x, [2, 3]) }))['y']!.data as Float32Array;
    // reference: relu(x @ W + b), softmax per row
    const W = [
      [1, -1],
      [2, 0.5],
      [-3, 1],
    ];
    const b = [0.25, -0.5];
    for (let r = 0; r < 2; r++) {
      const h = [0, 1].map((j) => Math.max(0, b[j]! + [0, 1, 2].reduce((s, i) => s + x[r * 3 + i]! * W[i]![j]!, 0)));
      const e = h.map((v) => Math.exp(v));
      const sum = e[0]! + e[1]!;
      expect(y[r * 2]).toBeCloseTo(e[0]! / sum, 6);
      expect(y[r * 2 + 1]).toBeCloseTo(e[1]! / sum, 6);
    }
  });

  requirement({ name: 'the mirror file faceapi_age_gender.onnx', problem: existsSync(join(SHARED_MODELS, 'faceapi_age_gender.onnx')) ? null : `not in ${SHARED_MODELS}`, fix: 'lay the shared model mirror beside the repository (../shared/models)' }).it('decodes a file written by another ONNX writer (the mirror)', () => {
    const m = decodeOnnxModel(readFileSync(join(SHARED_MODELS, 'faceapi_age_gender.onnx')));
    expect(m.opsetImports).toEqual([{ domain: '', version: 13 }]);
    expect(m.graph.inputs).toEqual([{ name: 'input', elemType: 'float', shape: ['N', 3, 112, 112] }]);
    expect(m.graph.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['age', ['N', 1]],
      ['gender', ['N', 2]],
    ]);
    const conv = m.graph.nodes.find((n) => n.opType === 'Conv')!;
    expect(conv.attributes!.find((a) => a.name === 'kernel_shape')).toEqual({ name: 'kernel_shape', kind: 'ints', value: [3, 3] });
    const mean = m.graph.initializers.find((t) => t.dims.join() === '1,3,1,1')!;
    expect(Array.from(mean.data as Float32Array).map((v) => Number(v.toFixed(3)))).toEqual([122.782, 117.001, 104.298]);
  });
});
