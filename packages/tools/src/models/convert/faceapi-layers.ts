/**
 * Layers shared by the face-api graph builders: weight lookup with shape checks, TF-layout convolutions
 * (plain, depthwise-separable) and face-api's input normalisation, emitted into a {@link GraphBuilder}.
 */
import { ProvefyError } from '@provefy/core';
import type { GraphBuilder, Value } from './graph-builder.js';
import { type TfTensor, hwioToOihw } from './tfjs-weights.js';

/** face-api's per-channel RGB mean, subtracted before dividing by 255 (`normalize(x, meanRgb).div(255)`). */
export const FACEAPI_MEAN_RGB = [122.782, 117.001, 104.298] as const;

/**
 * The weights of one network by tfjs name, with checked access and a record of which were used.
 *
 * @example
 * ```ts
 * const w = new WeightSet(decodeTfjsWeights(manifest, shards));
 * w.get('fc/age/weights', [512, 1]); // throws PROVEFY_ERR_MODEL_LOAD on another shape
 * w.unused(); // names no layer asked for
 * ```
 */
export class WeightSet {
  private readonly taken = new Set<string>();

  constructor(private readonly map: ReadonlyMap<string, TfTensor>) {}

  /** The tensor `name`, checking its shape when `shape` is given (-1 matches any size). */
  get(name: string, shape?: readonly number[]): TfTensor {
    const t = this.map.get(name);
    if (!t) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `Weight ${name} is missing from the weights manifest`, { name });
    if (shape && (shape.length !== t.shape.length || shape.some((d, i) => d !== -1 && d !== t.shape[i]))) {
      throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `Weight ${name} has shape [${t.shape.join(',')}], expected [${shape.join(',')}]`, { name });
    }
    this.taken.add(name);
    return t;
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  /** Names of weights no layer used (a converter that ignores weights would be wrong). */
  unused(): string[] {
    return [...this.map.keys()].filter((k) => !this.taken.has(k));
  }
}

/**
 * Subtracts face-api's mean and divides by 255 inside the graph, so the model takes raw 0-255 RGB.
 *
 * @example
 * ```ts
 * const x = faceApiNormalise(g, g.input('input', 3, 112));
 * ```
 */
export function faceApiNormalise(g: GraphBuilder, x: Value): Value {
  const mean = g.constant('preprocess/mean_rgb', [1, 3, 1, 1], Float32Array.from(FACEAPI_MEAN_RGB));
  const div = g.constant('preprocess/divisor', [], Float32Array.of(255));
  return g.binary('preprocess', 'Div', g.binary('preprocess', 'Sub', x, mean), div);
}

/**
 * `tf.conv2d(x, filters, stride, padding)` plus `bias` (both tfjs names), as one ONNX Conv.
 *
 * @example
 * ```ts
 * const y = tfConv(g, w, 'entry_flow/conv_in', x, 'entry_flow/conv_in/filters', 'entry_flow/conv_in/bias', 2, 'same');
 * ```
 */
export function tfConv(g: GraphBuilder, w: WeightSet, scope: string, x: Value, filters: string, bias: string, stride: number, padding: 'same' | 'valid'): Value {
  const f = hwioToOihw(w.get(filters, [-1, -1, x.channels, -1]));
  const co = f.shape[0]!;
  const weight = g.constant(filters, f.shape, f.data);
  const b = w.get(bias, [co]);
  return g.conv(scope, x, { weight, weightShape: f.shape, bias: g.constant(bias, [co], b.data), stride, padding });
}

/**
 * face-api's `depthwiseSeparableConv`: `tf.separableConv2d(x, depthwise, pointwise, stride, 'same')` + bias,
 * i.e. a depthwise Conv (group = C, no bias) then a 1x1 Conv with the bias. `prefix` is e.g.
 * `middle_flow/main_block_0/separable_conv0`.
 *
 * @example
 * ```ts
 * const y = tfSeparableConv(g, w, 'exit_flow/separable_conv', x, 1);
 * ```
 */
export function tfSeparableConv(g: GraphBuilder, w: WeightSet, prefix: string, x: Value, stride: number): Value {
  const dw = hwioToOihw(w.get(`${prefix}/depthwise_filter`, [-1, -1, x.channels, 1]), true);
  const dwOut = g.conv(`${prefix}/depthwise`, x, {
    weight: g.constant(`${prefix}/depthwise_filter`, dw.shape, dw.data),
    weightShape: dw.shape,
    stride,
    padding: 'same',
    group: x.channels,
  });
  const pw = hwioToOihw(w.get(`${prefix}/pointwise_filter`, [1, 1, x.channels, -1]));
  const co = pw.shape[0]!;
  const bias = w.get(`${prefix}/bias`, [co]);
  return g.conv(`${prefix}/pointwise`, dwOut, {
    weight: g.constant(`${prefix}/pointwise_filter`, pw.shape, pw.data),
    weightShape: pw.shape,
    bias: g.constant(`${prefix}/bias`, [co], bias.data),
    stride: 1,
    padding: 'valid',
  });
}
