/**
 * Converts a TensorFlow.js graph model (`model.json` topology + its weights) to an ONNX graph, op for op, for
 * the op set of small image CNNs: Conv2D, DepthwiseConv2dNative, _FusedConv2D, _FusedMatMul, MatMul, BiasAdd,
 * Add/AddV2/Sub/Mul/RealDiv/Minimum/Maximum, Relu, Relu6, Sigmoid, Tanh, Softmax, Mean, Max, MaxPool, AvgPool,
 * Identity. TF's NHWC tensors become NCHW: the ONNX input is `[N, C, H, W]` and per-channel constants are
 * reshaped to `[C, 1, 1]`. Only the nodes the requested outputs depend on are converted.
 */
import { ProvefyError } from '@provefy/core';
import { GraphBuilder, type Value, tfPadding } from './graph-builder.js';
import type { OnnxAttribute, OnnxGraph } from './onnx-model.js';
import { type TfTensor, type TfjsWeightsManifest, hwioToOihw } from './tfjs-weights.js';

/** A TF attribute value as serialised in a tfjs `model.json` (strings are base64). */
export interface TfjsAttr {
  readonly s?: string;
  readonly i?: string | number;
  readonly f?: number;
  readonly b?: boolean;
  readonly list?: { readonly s?: readonly string[]; readonly i?: readonly (string | number)[] };
  readonly shape?: { readonly dim?: readonly { readonly size?: string | number }[] };
}

/** One node of a tfjs graph model's `modelTopology.node`. */
export interface TfjsGraphNode {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, TfjsAttr>>;
}

/** The parts of a tfjs graph model's `model.json` the converter reads. */
export interface TfjsGraphModel {
  readonly format?: string;
  readonly modelTopology: { readonly node: readonly TfjsGraphNode[] };
  readonly weightsManifest: TfjsWeightsManifest;
}

/** What to convert: the ONNX names of the input and of each output, with the TF node each output reads. */
export interface TfjsGraphConversion {
  /** ONNX graph name. */
  readonly name: string;
  /** ONNX input name (default `input`). */
  readonly inputName?: string;
  /** ONNX output name -> TF node name. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly docString?: string;
}

/** The TF ops {@link tfjsGraphToOnnx} converts. */
export const SUPPORTED_TF_OPS: readonly string[] = [
  'Placeholder', 'Const', 'Identity', 'Conv2D', 'DepthwiseConv2dNative', '_FusedConv2D', '_FusedMatMul', 'MatMul', 'BiasAdd',
  'Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Minimum', 'Maximum', 'Relu', 'Relu6', 'Sigmoid', 'Tanh', 'Softmax', 'Mean', 'Max',
  'MaxPool', 'AvgPool',
];

const bad = (message: string, details: Record<string, unknown> = {}) => new ProvefyError('PROVEFY_ERR_MODEL_LOAD', message, details);

/** A converted tensor: an ONNX value with its shape without the batch axis, in ONNX layout ([C, H, W] or [F]). */
interface Sym {
  readonly name: string;
  readonly shape: readonly number[];
}

type Resolved = { readonly kind: 'const'; readonly t: TfTensor } | { readonly kind: 'value'; readonly v: Sym };

const decodeString = (s: string | undefined): string => (s ? Buffer.from(s, 'base64').toString('utf8') : '');
const attrString = (n: TfjsGraphNode, key: string): string => decodeString(n.attr?.[key]?.s);
const attrInts = (n: TfjsGraphNode, key: string): number[] => (n.attr?.[key]?.list?.i ?? []).map(Number);
const attrStrings = (n: TfjsGraphNode, key: string): string[] => (n.attr?.[key]?.list?.s ?? []).map(decodeString);
const attrBool = (n: TfjsGraphNode, key: string): boolean => n.attr?.[key]?.b === true;
const ints = (name: string, value: readonly number[]): OnnxAttribute => ({ name, kind: 'ints', value });

/** NHWC axis -> NCHW axis. */
const NCHW_AXIS = [0, 2, 3, 1] as const;

/**
 * Builds the ONNX graph of a tfjs graph model. `weights` holds every constant by node name (from
 * `decodeTfjsWeights(model.weightsManifest, shards)`). Throws PROVEFY_ERR_MODEL_LOAD on an op, layout or
 * attribute the converter does not handle, naming the node.
 *
 * @example
 * ```ts
 * const model = JSON.parse(readFileSync('faceres.json', 'utf8')) as TfjsGraphModel;
 * const weights = decodeTfjsWeights(model.weightsManifest, new Map([['faceres.bin', readFileSync('faceres.bin')]]));
 * const graph = tfjsGraphToOnnx(model, weights, { name: 'faceres', outputs: { age: 'age_pred/Softmax' } });
 * const onnx = encodeOnnxModel({ irVersion: 7, opsetImports: [{ domain: '', version: 13 }], graph });
 * ```
 */
export function tfjsGraphToOnnx(model: TfjsGraphModel, weights: ReadonlyMap<string, TfTensor>, conv: TfjsGraphConversion): OnnxGraph {
  const nodes = new Map(model.modelTopology.node.map((n) => [n.name, n]));
  const g = new GraphBuilder(conv.name, conv.docString);
  const done = new Map<string, Resolved>();
  const inputName = conv.inputName ?? 'input';

  const constOf = (name: string, t: TfTensor, shape: readonly number[]): string => g.constant(name, shape, t.data);

  /** A constant reshaped to broadcast against `like` (NCHW values get per-channel [C,1,1] constants). */
  const broadcastConst = (scope: string, t: TfTensor, like: Sym): string => {
    const count = t.data.length;
    if (count === 1) return constOf(`${scope}/const`, t, []);
    if (like.shape.length === 3) {
      const c = like.shape[0]!;
      const trailing = t.shape.slice(0, -1).every((d) => d === 1);
      if (!trailing || t.shape.at(-1) !== c) throw bad(`${scope}: constant of shape [${t.shape.join(',')}] does not broadcast per channel`, { node: scope });
      return constOf(`${scope}/const`, t, [c, 1, 1]);
    }
    if (t.shape.length > like.shape.length + 1) throw bad(`${scope}: constant of shape [${t.shape.join(',')}] has too many axes`, { node: scope });
    return constOf(`${scope}/const`, t, t.shape.length > like.shape.length ? t.shape.slice(1) : t.shape);
  };

  const tensorInput = (n: TfjsGraphNode, i: number): Sym => {
    const r = resolve(inputOf(n, i));
    if (r.kind !== 'value') throw bad(`${n.name}: input ${i} is a constant where a tensor is expected`, { node: n.name });
    return r.v;
  };
  const constInput = (n: TfjsGraphNode, i: number): TfTensor => {
    const r = resolve(inputOf(n, i));
    if (r.kind !== 'const') throw bad(`${n.name}: input ${i} must be a constant`, { node: n.name });
    return r.t;
  };
  const inputOf = (n: TfjsGraphNode, i: number): string => {
    const inputs = (n.input ?? []).filter((x) => !x.startsWith('^'));
    const raw = inputs[i];
    if (raw === undefined) throw bad(`${n.name}: missing input ${i}`, { node: n.name });
    const [base, port] = raw.split(':');
    if (port !== undefined && port !== '0') throw bad(`${n.name}: reads output ${port} of ${base}; only single-output ops are supported`, { node: n.name });
    return base!;
  };
  const square = (n: TfjsGraphNode, v: Sym): Value => {
    if (v.shape.length !== 3 || v.shape[1] !== v.shape[2]) throw bad(`${n.name}: expects a square NHWC image tensor, got [${v.shape.join(',')}]`, { node: n.name });
    return { name: v.name, channels: v.shape[0]!, size: v.shape[1]! };
  };
  const sym = (v: Value): Sym => ({ name: v.name, shape: [v.channels, v.size, v.size] });
  const spatial = (n: TfjsGraphNode, key: 'strides' | 'ksize'): number => {
    const s = attrInts(n, key);
    if (s.length !== 4 || s[0] !== 1 || s[3] !== 1 || s[1] !== s[2]) throw bad(`${n.name}: unsupported ${key} [${s.join(',')}]`, { node: n.name });
    return s[1]!;
  };
  const padding = (n: TfjsGraphNode): 'same' | 'valid' => {
    const p = attrString(n, 'padding');
    if (p !== 'SAME' && p !== 'VALID') throw bad(`${n.name}: unsupported padding ${p}`, { node: n.name });
    return p === 'SAME' ? 'same' : 'valid';
  };
  const checkNhwc = (n: TfjsGraphNode) => {
    const f = attrString(n, 'data_format');
    if (f && f !== 'NHWC') throw bad(`${n.name}: data format ${f} is not supported`, { node: n.name });
    if (attrInts(n, 'dilations').some((d) => d !== 1)) throw bad(`${n.name}: dilated convolutions are not supported`, { node: n.name });
  };
  /** Applies `_Fused*` activations after the bias. */
  const activation = (n: TfjsGraphNode, op: string, x: Sym): Sym => {
    switch (op) {
      case 'Relu':
        return { ...x, name: g.node(n.name, 'Relu', [x.name]) };
      case 'Relu6':
        return { ...x, name: g.node(n.name, 'Clip', [x.name, g.constant(`${n.name}/min`, [], new Float32Array([0])), g.constant(`${n.name}/max`, [], new Float32Array([6]))]) };
      case 'Sigmoid':
      case 'Tanh':
        return { ...x, name: g.node(n.name, op, [x.name]) };
      default:
        throw bad(`${n.name}: fused op ${op} is not supported`, { node: n.name, op });
    }
  };
  const fusedTail = (n: TfjsGraphNode, out: Sym, fused: readonly string[]): Sym => {
    let y = out;
    for (const op of fused.slice(1)) y = activation(n, op, y);
    return y;
  };

  const convert = (n: TfjsGraphNode): Resolved => {
    const v = (s: Sym): Resolved => ({ kind: 'value', v: s });
    switch (n.op) {
      case 'Placeholder': {
        const dims = (n.attr?.['shape']?.shape?.dim ?? []).map((d) => Number(d.size));
        if (dims.length !== 4 || dims[1] !== dims[2] || !(dims[1]! > 0) || !(dims[3]! > 0)) throw bad(`Input ${n.name} must be [N, S, S, C], got [${dims.join(',')}]`, { node: n.name });
        return v(sym(g.input(inputName, dims[3]!, dims[1]!)));
      }
      case 'Const': {
        const t = weights.get(n.name);
        if (!t) throw bad(`Constant ${n.name} is not in the weights`, { node: n.name });
        return { kind: 'const', t };
      }
      case 'Identity':
        return resolve(inputOf(n, 0));
      case 'Conv2D':
      case 'DepthwiseConv2dNative':
      case '_FusedConv2D': {
        checkNhwc(n);
        const x = square(n, tensorInput(n, 0));
        const depthwise = n.op === 'DepthwiseConv2dNative';
        const filter = hwioToOihw(constInput(n, 1), depthwise);
        if (!depthwise && filter.shape[1] !== x.channels) throw bad(`${n.name}: filter expects ${filter.shape[1]} channels, got ${x.channels}`, { node: n.name });
        const fused = n.op === '_FusedConv2D' ? attrStrings(n, 'fused_ops') : [];
        if (fused.length > 0 && fused[0] !== 'BiasAdd') throw bad(`${n.name}: fused ops ${fused.join(',')} are not supported`, { node: n.name });
        const bias = fused[0] === 'BiasAdd' ? constInput(n, 2) : undefined;
        const out = g.conv(n.name, x, {
          weight: g.constant(`${n.name}/weight`, filter.shape, filter.data),
          weightShape: filter.shape,
          bias: bias ? g.constant(`${n.name}/bias`, [bias.data.length], bias.data) : undefined,
          stride: spatial(n, 'strides'),
          padding: padding(n),
          group: depthwise ? x.channels : 1,
        });
        return v(fusedTail(n, sym(out), fused));
      }
      case '_FusedMatMul':
      case 'MatMul': {
        const x = tensorInput(n, 0);
        if (x.shape.length !== 1 || attrBool(n, 'transpose_a')) throw bad(`${n.name}: MatMul needs a [N, F] left operand`, { node: n.name });
        const w = constInput(n, 1);
        const transB = attrBool(n, 'transpose_b');
        const [rows, cols] = w.shape as [number, number];
        const out = transB ? rows : cols;
        if ((transB ? cols : rows) !== x.shape[0]) throw bad(`${n.name}: weights [${w.shape.join(',')}] do not fit ${x.shape[0]} features`, { node: n.name });
        const fused = n.op === '_FusedMatMul' ? attrStrings(n, 'fused_ops') : [];
        if (fused.length > 0 && fused[0] !== 'BiasAdd') throw bad(`${n.name}: fused ops ${fused.join(',')} are not supported`, { node: n.name });
        const inputs = [x.name, g.constant(`${n.name}/weight`, w.shape, w.data)];
        if (fused[0] === 'BiasAdd') inputs.push(g.constant(`${n.name}/bias`, [out], constInput(n, 2).data));
        const name = g.node(n.name, 'Gemm', inputs, [{ name: 'transB', kind: 'int', value: transB ? 1 : 0 }]);
        return v(fusedTail(n, { name, shape: [out] }, fused));
      }
      case 'BiasAdd':
      case 'Add':
      case 'AddV2':
      case 'Sub':
      case 'Mul':
      case 'RealDiv':
      case 'Minimum':
      case 'Maximum': {
        const op = { BiasAdd: 'Add', Add: 'Add', AddV2: 'Add', Sub: 'Sub', Mul: 'Mul', RealDiv: 'Div', Minimum: 'Min', Maximum: 'Max' }[n.op]!;
        const a = resolve(inputOf(n, 0));
        const b = resolve(inputOf(n, 1));
        if (a.kind === 'const' && b.kind === 'const') throw bad(`${n.name}: constant folding is not supported`, { node: n.name });
        const like = a.kind === 'value' ? a.v : (b as { v: Sym }).v;
        if (a.kind === 'value' && b.kind === 'value' && a.v.shape.join() !== b.v.shape.join()) {
          throw bad(`${n.name}: operands of shapes [${a.v.shape.join(',')}] and [${b.v.shape.join(',')}] are not supported`, { node: n.name });
        }
        const nameOf = (r: Resolved) => (r.kind === 'value' ? r.v.name : broadcastConst(n.name, r.t, like));
        return v({ name: g.node(n.name, op, [nameOf(a), nameOf(b)]), shape: like.shape });
      }
      case 'Relu':
      case 'Relu6':
      case 'Sigmoid':
      case 'Tanh':
        return v(activation(n, n.op, tensorInput(n, 0)));
      case 'Softmax': {
        const x = tensorInput(n, 0);
        if (x.shape.length !== 1) throw bad(`${n.name}: Softmax is only supported on [N, F] tensors`, { node: n.name });
        return v({ name: g.node(n.name, 'Softmax', [x.name], [{ name: 'axis', kind: 'int', value: -1 }]), shape: x.shape });
      }
      case 'Mean':
      case 'Max': {
        const x = tensorInput(n, 0);
        const rank = x.shape.length + 1;
        const axes = Array.from(constInput(n, 1).data, (a) => (a < 0 ? a + rank : a)).sort();
        const keep = attrBool(n, 'keep_dims');
        if (rank !== 4 || axes.join() !== '1,2') throw bad(`${n.name}: ${n.op} is only supported over the spatial axes of an image tensor`, { node: n.name });
        const onnxAxes = axes.map((a) => NCHW_AXIS[a]!);
        const name = g.node(n.name, n.op === 'Mean' ? 'ReduceMean' : 'ReduceMax', [x.name], [ints('axes', onnxAxes), { name: 'keepdims', kind: 'int', value: keep ? 1 : 0 }]);
        return v({ name, shape: keep ? [x.shape[0]!, 1, 1] : [x.shape[0]!] });
      }
      case 'MaxPool':
      case 'AvgPool': {
        checkNhwc(n);
        const x = square(n, tensorInput(n, 0));
        const k = spatial(n, 'ksize');
        const s = spatial(n, 'strides');
        const pad = tfPadding(x.size, k, s, padding(n));
        // ONNX pools ignore padded cells (MaxPool) and, with count_include_pad = 0, leave them out of averages, as TF does.
        const attrs = [ints('kernel_shape', [k, k]), ints('pads', [pad.before, pad.before, pad.after, pad.after]), ints('strides', [s, s])];
        const name = g.node(n.name, n.op === 'MaxPool' ? 'MaxPool' : 'AveragePool', [x.name], attrs);
        return v({ name, shape: [x.channels, pad.out, pad.out] });
      }
      default:
        throw bad(`${n.name}: TF op ${n.op} is not supported by the converter (supported: ${SUPPORTED_TF_OPS.join(', ')})`, { node: n.name, op: n.op });
    }
  };

  const resolving = new Set<string>();
  function resolve(name: string): Resolved {
    const hit = done.get(name);
    if (hit) return hit;
    const n = nodes.get(name);
    if (!n) throw bad(`The graph has no node ${name}`, { node: name });
    if (resolving.has(name)) throw bad(`The graph has a cycle through ${name}`, { node: name });
    resolving.add(name);
    const r = convert(n);
    resolving.delete(name);
    done.set(name, r);
    return r;
  }

  for (const [onnxName, tfName] of Object.entries(conv.outputs)) {
    const r = resolve(tfName.replace(/:0$/, ''));
    if (r.kind !== 'value') throw bad(`Output ${onnxName} (${tfName}) is a constant`, { node: tfName });
    g.node(`output/${onnxName}`, 'Identity', [r.v.name], [], onnxName);
    g.output(onnxName, r.v.shape);
  }
  return g.build();
}
