/**
 * Serialises an {@link OnnxModel} to ONNX protobuf bytes (field numbers of onnx/onnx.proto, IR version 7+).
 * Deterministic: the same model object always gives the same bytes (fields in a fixed order, repeated
 * scalars unpacked as proto2 writers do, tensors as little-endian raw_data).
 */
import { ProtoWriter } from './protobuf-wire.js';
import { ONNX_DTYPE, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './onnx-model.js';

// ModelProto
const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 } as const;
// GraphProto
const GRAPH = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12 } as const;
// NodeProto
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
// AttributeProto and its AttributeType enum
const ATTR = { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, type: 20 } as const;
const ATTR_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const;
// TensorProto
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 } as const;
// ValueInfoProto > TypeProto > TypeProto.Tensor > TensorShapeProto > Dimension
const VALUE_INFO = { name: 1, type: 2 } as const;
const TYPE = { tensorType: 1 } as const;
const TYPE_TENSOR = { elemType: 1, shape: 2 } as const;
const SHAPE = { dim: 1 } as const;
const DIM = { value: 1, param: 2 } as const;
// OperatorSetIdProto, StringStringEntryProto
const OPSET = { domain: 1, version: 2 } as const;
const ENTRY = { key: 1, value: 2 } as const;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The little-endian bytes of a typed array (ONNX `raw_data` layout).
 *
 * @example
 * ```ts
 * rawLittleEndian(new Float32Array([1])); // Uint8Array [0, 0, 128, 63]
 * ```
 */
export function rawLittleEndian(data: Float32Array | BigInt64Array | Int32Array | Uint8Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (littleEndian || data.BYTES_PER_ELEMENT === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const n = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += n) for (let j = 0; j < n; j++) out[i + j] = bytes[i + n - 1 - j]!;
  return out;
}

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  const expected = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== expected) throw new RangeError(`tensor ${t.name}: ${t.data.length} values for dims [${t.dims.join(',')}]`);
  for (const d of t.dims) w.int64(TENSOR.dims, d);
  w.int64(TENSOR.dataType, ONNX_DTYPE[t.dataType]);
  w.string(TENSOR.name, t.name);
  w.bytes(TENSOR.rawData, rawLittleEndian(t.data));
}

function writeAttribute(w: ProtoWriter, a: OnnxAttribute): void {
  w.string(ATTR.name, a.name);
  switch (a.kind) {
    case 'float':
      w.float(ATTR.f, a.value);
      break;
    case 'int':
      w.int64(ATTR.i, a.value);
      break;
    case 'string':
      w.string(ATTR.s, a.value);
      break;
    case 'tensor':
      w.message(ATTR.t, (m) => writeTensor(m, a.value));
      break;
    case 'floats':
      for (const f of a.value) w.float(ATTR.floats, f);
      break;
    case 'ints':
      for (const i of a.value) w.int64(ATTR.ints, i);
      break;
  }
  w.int64(ATTR.type, ATTR_TYPE[a.kind]);
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(NODE.input, i);
  for (const o of n.outputs) w.string(NODE.output, o);
  if (n.name) w.string(NODE.name, n.name);
  w.string(NODE.opType, n.opType);
  for (const a of n.attributes ?? []) w.message(NODE.attribute, (m) => writeAttribute(m, a));
  if (n.domain) w.string(NODE.domain, n.domain);
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(VALUE_INFO.name, v.name);
  w.message(VALUE_INFO.type, (t) =>
    t.message(TYPE.tensorType, (tt) => {
      tt.int64(TYPE_TENSOR.elemType, ONNX_DTYPE[v.elemType]);
      tt.message(TYPE_TENSOR.shape, (s) => {
        for (const d of v.shape) s.message(SHAPE.dim, (dim) => (typeof d === 'number' ? dim.int64(DIM.value, d) : dim.string(DIM.param, d)));
      });
    }),
  );
}

function writeGraph(w: ProtoWriter, g: OnnxGraph): void {
  for (const n of g.nodes) w.message(GRAPH.node, (m) => writeNode(m, n));
  w.string(GRAPH.name, g.name);
  for (const t of g.initializers) w.message(GRAPH.initializer, (m) => writeTensor(m, t));
  if (g.docString) w.string(GRAPH.docString, g.docString);
  for (const v of g.inputs) w.message(GRAPH.input, (m) => writeValueInfo(m, v));
  for (const v of g.outputs) w.message(GRAPH.output, (m) => writeValueInfo(m, v));
}

/**
 * Encodes a model as ONNX protobuf bytes, ready for `ort.InferenceSession.create(bytes)` or a `.onnx` file.
 *
 * @example
 * ```ts
 * const bytes = encodeOnnxModel({
 *   irVersion: 7, opsetImports: [{ domain: '', version: 13 }], producerName: 'provefy',
 *   graph: { name: 'g', nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }], initializers: [],
 *     inputs: [{ name: 'x', elemType: 'float', shape: ['N', 4] }], outputs: [{ name: 'y', elemType: 'float', shape: ['N', 4] }] },
 * });
 * ```
 */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int64(MODEL.irVersion, model.irVersion);
  if (model.producerName) w.string(MODEL.producerName, model.producerName);
  if (model.producerVersion) w.string(MODEL.producerVersion, model.producerVersion);
  if (model.docString) w.string(MODEL.docString, model.docString);
  w.message(MODEL.graph, (g) => writeGraph(g, model.graph));
  for (const o of model.opsetImports) {
    w.message(MODEL.opsetImport, (m) => {
      if (o.domain) m.string(OPSET.domain, o.domain);
      m.int64(OPSET.version, o.version);
    });
  }
  for (const [key, value] of model.metadata ?? []) w.message(MODEL.metadataProps, (m) => m.string(ENTRY.key, key).string(ENTRY.value, value));
  return w.finish();
}
