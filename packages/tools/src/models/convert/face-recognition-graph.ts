/**
 * face-api's FaceRecognitionNet (dlib's ResNet-34-like 128-d face descriptor) as an ONNX graph, following
 * src/faceRecognitionNet/{FaceRecognitionNet,residualLayer,convLayer,scaleLayer}.ts.
 * Input `input` [N,3,150,150] RGB 0-255; output `descriptor` [N,128] (not normalised, euclidean distance).
 */
import { ProvefyError } from '@provefy/core';
import { faceApiNormalise, tfConv, WeightSet } from './faceapi-layers.js';
import { GraphBuilder, type Value } from './graph-builder.js';
import type { OnnxGraph } from './onnx-model.js';
import type { TfTensor } from './tfjs-weights.js';

/** Input side of face-api's recognition network. */
export const FACE_RECOGNITION_INPUT_SIZE = 150;

/** The residual stages in forward order; `_down` layers halve the resolution. */
const LAYERS = [
  'conv32_1', 'conv32_2', 'conv32_3',
  'conv64_down', 'conv64_1', 'conv64_2', 'conv64_3',
  'conv128_down', 'conv128_1', 'conv128_2',
  'conv256_down', 'conv256_1', 'conv256_2', 'conv256_down_out',
] as const;

/** convLayer: conv (+bias), then the 'scale' layer x * weights + biases, then optional relu. */
function convLayer(g: GraphBuilder, w: WeightSet, prefix: string, x: Value, stride: number, relu: boolean, padding: 'same' | 'valid'): Value {
  const conv = tfConv(g, w, `${prefix}/conv`, x, `${prefix}/conv/filters`, `${prefix}/conv/bias`, stride, padding);
  const c = conv.channels;
  const sw = w.get(`${prefix}/scale/weights`, [c]);
  const sb = w.get(`${prefix}/scale/biases`, [c]);
  let out = g.binary(`${prefix}/scale`, 'Mul', conv, g.constant(`${prefix}/scale/weights`, [1, c, 1, 1], sw.data));
  out = g.binary(`${prefix}/scale`, 'Add', out, g.constant(`${prefix}/scale/biases`, [1, c, 1, 1], sb.data));
  return relu ? g.relu(prefix, out) : out;
}

/** residual: conv 3x3 same + relu, conv 3x3 same, + input, relu. */
function residual(g: GraphBuilder, w: WeightSet, prefix: string, x: Value): Value {
  let out = convLayer(g, w, `${prefix}/conv1`, x, 1, true, 'same');
  out = convLayer(g, w, `${prefix}/conv2`, out, 1, false, 'same');
  return g.relu(prefix, g.binary(prefix, 'Add', out, x.name));
}

/**
 * residualDown: conv 3x3/2 valid + relu, conv 3x3 same; shortcut = avgPool 2x2/2 valid of the input,
 * zero-padded on channels when they double; when the conv branch is one pixel smaller (odd input), it gets
 * a zero row and column at the end, as face-api concatenates zeros.
 */
function residualDown(g: GraphBuilder, w: WeightSet, prefix: string, x: Value): Value {
  let out = convLayer(g, w, `${prefix}/conv1`, x, 2, true, 'valid');
  out = convLayer(g, w, `${prefix}/conv2`, out, 1, false, 'same');
  let pooled = g.avgPoolValid(`${prefix}/shortcut`, x, 2, 2);
  const extraSpatial = pooled.size - out.size;
  if (extraSpatial !== 0 && extraSpatial !== 1) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `${prefix}: cannot align ${out.size} with ${pooled.size}`, { prefix });
  out = g.padEnd(`${prefix}/pad_spatial`, out, 0, extraSpatial);
  const extraChannels = out.channels - pooled.channels;
  // face-api: tf.concat([pooled, zeros(pooled.shape)], 3), i.e. the channels double
  if (extraChannels !== 0 && extraChannels !== pooled.channels) {
    throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `${prefix}: cannot pad ${pooled.channels} channels to ${out.channels}`, { prefix });
  }
  pooled = g.padEnd(`${prefix}/pad_channels`, pooled, extraChannels, 0);
  return g.relu(prefix, g.binary(prefix, 'Add', pooled, out.name));
}

/**
 * The ONNX graph of face-api's FaceRecognitionNet from its decoded tfjs weights (`face_recognition_model`).
 * Throws PROVEFY_ERR_MODEL_LOAD when a weight is missing, has an unexpected shape, or is left unused.
 *
 * @example
 * ```ts
 * const graph = buildFaceRecognitionGraph(decodeTfjsWeights(manifestJson, shards));
 * ```
 */
export function buildFaceRecognitionGraph(weights: ReadonlyMap<string, TfTensor>): OnnxGraph {
  const w = new WeightSet(weights);
  const g = new GraphBuilder('faceapi_face_recognition', "face-api FaceRecognitionNet (dlib ResNet, 128-d), converted op for op from @vladmandic/face-api's tfjs weights");
  const input = g.input('input', 3, FACE_RECOGNITION_INPUT_SIZE);
  let out = faceApiNormalise(g, input);
  out = convLayer(g, w, 'conv32_down', out, 2, true, 'valid');
  out = g.maxPool('conv32_down', out, 3, 2, 'valid');
  for (const layer of LAYERS) out = layer.includes('down') ? residualDown(g, w, layer, out) : residual(g, w, layer, out);
  // out.mean([1, 2]) over NHWC = ReduceMean over H, W of NCHW
  const pooled = g.node('descriptor', 'ReduceMean', [out.name], [
    { name: 'axes', kind: 'ints', value: [2, 3] },
    { name: 'keepdims', kind: 'int', value: 0 },
  ]);
  const fc = w.get('fc', [out.channels, -1]);
  g.node('fc', 'MatMul', [pooled, g.constant('fc', fc.shape, fc.data)], [], 'descriptor');
  g.output('descriptor', [fc.shape[1]!]);
  const unused = w.unused();
  if (unused.length) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `The recognition converter left weights unused: ${unused.join(', ')}`, { unused });
  return g.build();
}
