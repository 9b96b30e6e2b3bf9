/**
 * Reads ONNX protobuf bytes back into an {@link OnnxModel} (the subset the converters write, plus the
 * common alternatives other writers use: packed or unpacked repeated scalars, `float_data`/`int64_data`
 * instead of `raw_data`). Used to inspect models and to test the encoder; unknown fields are skipped.
 */
import { type ProtoField, WIRE, readFields } from './protobuf-wire.js';
import { ONNX_DTYPE, type OnnxAttribute, type OnnxDataType, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './onnx-model.js';

const utf8 = new TextDecoder();
const dtypeName = new Map<number, OnnxDataType>(Object.entries(ONNX_DTYPE).map(([k, v]) => [v, k as OnnxDataType]));

const str = (f: ProtoField) => utf8.decode(f.value as Uint8Array);
const num = (f: ProtoField) => Number(BigInt.asIntN(64, f.value as bigint));
const f32 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);

/** A repeated varint field, packed (one LEN field) or not (one VARINT field per value). */
function varints(fields: ProtoField[], field: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire === WIRE.VARINT) out.push(num(f));
    else if (f.wire === WIRE.LEN) {
      // a packed run is a concatenation of varints: re-read them as fields of a synthetic message
      const bytes = f.value as Uint8Array;
      let at = 0;
      while (at < bytes.length) {
        let v = 0n;
        let shift = 0n;
        for (;;) {
          const b = bytes[at++]!;
          v |= BigInt(b & 0x7f) << shift;
          if (b < 0x80) break;
          shift += 7n;
        }
        out.push(Number(BigInt.asIntN(64, v)));
      }
    }
  }
  return out;
}

/** A repeated float field, packed or not. */
function floats(fields: ProtoField[], field: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    const b = f.value as Uint8Array;
    for (let i = 0; i + 4 <= b.length; i += 4) out.push(f32(b.subarray(i)));
  }
  return out;
}

function decodeTensor(bytes: Uint8Array): OnnxTensor {
  const fields = readFields(bytes);
  const dims = varints(fields, 1);
  const code = varints(fields, 2)[0] ?? 0;
  const dataType = dtypeName.get(code);
  if (!dataType) throw new RangeError(`unsupported tensor data type ${code}`);
  const name = fields.filter((f) => f.field === 8).map(str)[0] ?? '';
  const raw = fields.find((f) => f.field === 9)?.value as Uint8Array | undefined;
  const count = dims.reduce((a, b) => a * b, 1);
  let data: OnnxTensor['data'];
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (dataType === 'float') data = Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
    else if (dataType === 'int64') data = BigInt64Array.from({ length: count }, (_, i) => view.getBigInt64(i * 8, true));
    else if (dataType === 'int32') data = Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
    else data = Uint8Array.from(raw);
  } else if (dataType === 'float') data = Float32Array.from(floats(fields, 4));
  else if (dataType === 'int64') data = BigInt64Array.from(varints(fields, 7).map(BigInt));
  else if (dataType === 'int32') data = Int32Array.from(varints(fields, 5));
  else data = Uint8Array.from(varints(fields, 5));
  return { name, dataType, dims, data };
}

function decodeAttribute(bytes: Uint8Array): OnnxAttribute {
  const fields = readFields(bytes);
  const name = fields.filter((f) => f.field === 1).map(str)[0] ?? '';
  const type = varints(fields, 20)[0];
  const has = (n: number) => fields.some((f) => f.field === n);
  if (type === 1 || (type === undefined && has(2))) return { name, kind: 'float', value: floats(fields, 2)[0]! };
  if (type === 2 || (type === undefined && has(3))) return { name, kind: 'int', value: varints(fields, 3)[0]! };
  if (type === 3 || (type === undefined && has(4))) return { name, kind: 'string', value: str(fields.find((f) => f.field === 4)!) };
  if (type === 4 || (type === undefined && has(5))) return { name, kind: 'tensor', value: decodeTensor(fields.find((f) => f.field === 5)!.value as Uint8Array) };
  if (type === 6 || (type === undefined && has(7))) return { name, kind: 'floats', value: floats(fields, 7) };
  if (type === 7 || (type === undefined && has(8))) return { name, kind: 'ints', value: varints(fields, 8) };
  throw new RangeError(`attribute ${name}: unsupported type ${type}`);
}

function decodeNode(bytes: Uint8Array): OnnxNode {
  const fields = readFields(bytes);
  const all = (n: number) => fields.filter((f) => f.field === n);
  return {
    inputs: all(1).map(str),
    outputs: all(2).map(str),
    name: all(3).map(str)[0],
    opType: all(4).map(str)[0] ?? '',
    attributes: all(5).map((f) => decodeAttribute(f.value as Uint8Array)),
    domain: all(7).map(str)[0],
  };
}

function decodeValueInfo(bytes: Uint8Array): OnnxValueInfo {
  const fields = readFields(bytes);
  const name = fields.filter((f) => f.field === 1).map(str)[0] ?? '';
  const type = fields.find((f) => f.field === 2);
  const tensor = type ? readFields(type.value as Uint8Array).find((f) => f.field === 1) : undefined;
  const tf = tensor ? readFields(tensor.value as Uint8Array) : [];
  const elemType = dtypeName.get(varints(tf, 1)[0] ?? 0) ?? 'float';
  const shapeField = tf.find((f) => f.field === 2);
  const shape = shapeField
    ? readFields(shapeField.value as Uint8Array)
        .filter((f) => f.field === 1)
        .map((d) => {
          const df = readFields(d.value as Uint8Array);
          const p = df.find((f) => f.field === 2);
          return p ? str(p) : (varints(df, 1)[0] ?? '?');
        })
    : [];
  return { name, elemType, shape };
}

function decodeGraph(bytes: Uint8Array): OnnxGraph {
  const fields = readFields(bytes);
  const all = (n: number) => fields.filter((f) => f.field === n).map((f) => f.value as Uint8Array);
  return {
    nodes: all(1).map(decodeNode),
    name: fields.filter((f) => f.field === 2).map(str)[0] ?? '',
    initializers: all(5).map(decodeTensor),
    docString: fields.filter((f) => f.field === 10).map(str)[0],
    inputs: all(11).map(decodeValueInfo),
    outputs: all(12).map(decodeValueInfo),
  };
}

/**
 * Decodes ONNX protobuf bytes (a `.onnx` file) into a plain object.
 *
 * @example
 * ```ts
 * const m = decodeOnnxModel(readFileSync('/work/shared/models/faceapi_age_gender.onnx'));
 * console.log(m.opsetImports, m.graph.nodes.length, m.graph.inputs[0]);
 * ```
 */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  const fields = readFields(bytes);
  const one = (n: number) => fields.find((f) => f.field === n);
  const graph = one(7);
  if (!graph) throw new RangeError('not an ONNX model: no graph');
  return {
    irVersion: varints(fields, 1)[0] ?? 0,
    producerName: one(2) && str(one(2)!),
    producerVersion: one(3) && str(one(3)!),
    docString: one(6) && str(one(6)!),
    graph: decodeGraph(graph.value as Uint8Array),
    opsetImports: fields
      .filter((f) => f.field === 8)
      .map((f) => {
        const o = readFields(f.value as Uint8Array);
        return { domain: o.filter((x) => x.field === 1).map(str)[0] ?? '', version: varints(o, 2)[0] ?? 0 };
      }),
    metadata: fields
      .filter((f) => f.field === 14)
      .map((f) => {
        const e = readFields(f.value as Uint8Array);
        return [e.filter((x) => x.field === 1).map(str)[0] ?? '', e.filter((x) => x.field === 2).map(str)[0] ?? ''] as const;
      }),
  };
}
