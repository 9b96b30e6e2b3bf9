/**
 * Builds an ONNX graph node by node with the few operators the face-api networks need (opset 13), naming
 * values and initializers deterministically, plus TensorFlow's 'same'/'valid' padding arithmetic.
 */
import type { OnnxAttribute, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx-model.js';

/** Output size and explicit [before, after] padding of one spatial axis, computed like TensorFlow. */
export interface TfPadding {
  readonly out: number;
  readonly before: number;
  readonly after: number;
}

/**
 * TensorFlow's padding for one axis: 'valid' pads nothing (out = floor((in - k) / s) + 1); 'same' gives
 * out = ceil(in / s) and pads max((out - 1) * s + k - in, 0), the odd pixel at the end.
 *
 * @example
 * ```ts
 * tfPadding(112, 3, 2, 'same'); // { out: 56, before: 0, after: 1 }
 * tfPadding(150, 7, 2, 'valid'); // { out: 72, before: 0, after: 0 }
 * ```
 */
export function tfPadding(size: number, kernel: number, stride: number, mode: 'same' | 'valid'): TfPadding {
  if (mode === 'valid') return { out: Math.floor((size - kernel) / stride) + 1, before: 0, after: 0 };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/** A value in the graph with its NCHW channel count and square spatial size (batch is symbolic). */
export interface Value {
  readonly name: string;
  readonly channels: number;
  readonly size: number;
}

const ints = (name: string, value: readonly number[]): OnnxAttribute => ({ name, kind: 'ints', value });
const int = (name: string, value: number): OnnxAttribute => ({ name, kind: 'int', value });

/**
 * Accumulates nodes and initializers. Every op method returns the produced {@link Value}; names are
 * `<scope>/<Op>` (with a counter when a scope repeats an op) so the same calls give the same graph.
 *
 * @example
 * ```ts
 * const g = new GraphBuilder('net');
 * const x = g.input('input', 3, 112);
 * const y = g.relu('stem', g.conv('stem', x, { weight, bias, stride: 2, padding: 'same' }));
 * g.output(y, 'features');
 * const graph = g.build();
 * ```
 */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly used = new Set<string>();

  constructor(
    private readonly name: string,
    private readonly docString?: string,
  ) {}

  /** A unique value/node name derived from `base`. */
  private unique(base: string): string {
    let n = base;
    for (let i = 1; this.used.has(n); i++) n = `${base}_${i}`;
    this.used.add(n);
    return n;
  }

  /** Declares the graph input `[N, channels, size, size]` float. */
  input(name: string, channels: number, size: number): Value {
    this.used.add(name);
    this.inputs.push({ name, elemType: 'float', shape: ['N', channels, size, size] });
    return { name, channels, size };
  }

  /** Adds a float32 constant and returns its name. */
  constant(name: string, dims: readonly number[], data: Float32Array): string {
    const n = this.unique(name);
    this.initializers.push({ name: n, dataType: 'float', dims: [...dims], data });
    return n;
  }

  /** Adds an int64 constant (shapes, pads) and returns its name. */
  constantInt64(name: string, values: readonly number[]): string {
    const n = this.unique(name);
    this.initializers.push({ name: n, dataType: 'int64', dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
    return n;
  }

  /** Appends a node with one output; `outputName` pins the output's name (graph outputs). */
  node(scope: string, opType: string, inputs: readonly string[], attributes: readonly OnnxAttribute[] = [], outputName?: string): string {
    const nodeName = this.unique(`${scope}/${opType}`);
    const out = outputName ?? nodeName;
    if (outputName) {
      if (this.used.has(outputName)) throw new Error(`value name ${outputName} is taken`);
      this.used.add(outputName);
    }
    this.nodes.push({ opType, inputs, outputs: [out], name: nodeName, attributes });
    return out;
  }

  /**
   * Conv with an OIHW weight (and optional bias), square kernel, TF padding. `group` = channels for depthwise.
   */
  conv(
    scope: string,
    x: Value,
    p: { weight: string; weightShape: readonly number[]; bias?: string; stride: number; padding: 'same' | 'valid'; group?: number },
    outputName?: string,
  ): Value {
    const [co, , k] = p.weightShape as [number, number, number, number];
    const pad = tfPadding(x.size, k, p.stride, p.padding);
    const attrs = [
      ints('dilations', [1, 1]),
      int('group', p.group ?? 1),
      ints('kernel_shape', [k, k]),
      ints('pads', [pad.before, pad.before, pad.after, pad.after]),
      ints('strides', [p.stride, p.stride]),
    ];
    const name = this.node(scope, 'Conv', p.bias ? [x.name, p.weight, p.bias] : [x.name, p.weight], attrs, outputName);
    return { name, channels: co, size: pad.out };
  }

  /** MaxPool with TF padding (ONNX MaxPool ignores padded cells, as TF does). */
  maxPool(scope: string, x: Value, kernel: number, stride: number, padding: 'same' | 'valid'): Value {
    const pad = tfPadding(x.size, kernel, stride, padding);
    const attrs = [ints('kernel_shape', [kernel, kernel]), ints('pads', [pad.before, pad.before, pad.after, pad.after]), ints('strides', [stride, stride])];
    return { name: this.node(scope, 'MaxPool', [x.name], attrs), channels: x.channels, size: pad.out };
  }

  /** AveragePool without padding ('valid'). */
  avgPoolValid(scope: string, x: Value, kernel: number, stride: number): Value {
    const pad = tfPadding(x.size, kernel, stride, 'valid');
    const attrs = [ints('kernel_shape', [kernel, kernel]), ints('pads', [0, 0, 0, 0]), ints('strides', [stride, stride])];
    return { name: this.node(scope, 'AveragePool', [x.name], attrs), channels: x.channels, size: pad.out };
  }

  relu(scope: string, x: Value): Value {
    return { ...x, name: this.node(scope, 'Relu', [x.name]) };
  }

  /** Elementwise binary op (Add, Sub, Mul, Div) with numpy broadcasting; the result has `x`'s shape. */
  binary(scope: string, op: 'Add' | 'Sub' | 'Mul' | 'Div', x: Value, y: string, outputName?: string): Value {
    return { ...x, name: this.node(scope, op, [x.name, y], [], outputName) };
  }

  /** Zero padding at the end of the channel axis and/or the two spatial axes. */
  padEnd(scope: string, x: Value, extraChannels: number, extraSpatial: number): Value {
    if (extraChannels === 0 && extraSpatial === 0) return x;
    const pads = this.constantInt64(`${scope}/pads`, [0, 0, 0, 0, 0, extraChannels, extraSpatial, extraSpatial]);
    const name = this.node(scope, 'Pad', [x.name, pads], [{ name: 'mode', kind: 'string', value: 'constant' }]);
    return { name, channels: x.channels + extraChannels, size: x.size + extraSpatial };
  }

  /** Declares `x` (already named `name`) as a graph output of shape [N, ...dims]. */
  output(name: string, dims: readonly number[]): void {
    this.outputs.push({ name, elemType: 'float', shape: ['N', ...dims] });
  }

  build(): OnnxGraph {
    return { name: this.name, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs, docString: this.docString };
  }
}
