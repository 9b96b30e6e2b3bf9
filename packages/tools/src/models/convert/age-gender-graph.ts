/**
 * face-api's AgeGenderNet as an ONNX graph: TinyXception(2) feature extractor (src/xception/TinyXception.ts)
 * followed by a 7x7/2 average pool and two fully connected heads (src/ageGenderNet/AgeGenderNet.ts).
 * Input `input` [N,3,112,112] RGB 0-255; outputs `age` [N,1] (years) and `gender` [N,2] softmax [male, female].
 */
import { ProvefyError } from '@provefy/core';
import { faceApiNormalise, tfConv, tfSeparableConv, WeightSet } from './faceapi-layers.js';
import { GraphBuilder, type Value } from './graph-builder.js';
import type { OnnxGraph } from './onnx-model.js';
import type { TfTensor } from './tfjs-weights.js';

/** Input side of face-api's age/gender network. */
export const AGE_GENDER_INPUT_SIZE = 112;

/** TinyXception's reductionBlock: [relu] sep0, relu, sep1, maxPool 3x3/2 same, + expansion conv 1x1/2 of the input. */
function reductionBlock(g: GraphBuilder, w: WeightSet, prefix: string, x: Value, activateInput: boolean): Value {
  let out = activateInput ? g.relu(prefix, x) : x;
  out = tfSeparableConv(g, w, `${prefix}/separable_conv0`, out, 1);
  out = tfSeparableConv(g, w, `${prefix}/separable_conv1`, g.relu(prefix, out), 1);
  out = g.maxPool(prefix, out, 3, 2, 'same');
  const expansion = tfConv(g, w, `${prefix}/expansion_conv`, x, `${prefix}/expansion_conv/filters`, `${prefix}/expansion_conv/bias`, 2, 'same');
  if (expansion.size !== out.size || expansion.channels !== out.channels) {
    throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `${prefix}: the branches have different shapes`, { prefix });
  }
  return g.binary(prefix, 'Add', out, expansion.name);
}

/** TinyXception's mainBlock: three (relu, separable conv) then + input. */
function mainBlock(g: GraphBuilder, w: WeightSet, prefix: string, x: Value): Value {
  let out = x;
  for (let i = 0; i < 3; i++) out = tfSeparableConv(g, w, `${prefix}/separable_conv${i}`, g.relu(prefix, out), 1);
  return g.binary(prefix, 'Add', out, x.name);
}

/** `fc(x) = x @ weights + bias` with TF's [in, out] weights, as Gemm (B not transposed). */
function fullyConnected(g: GraphBuilder, w: WeightSet, prefix: string, x: Value, inFeatures: number, outputName?: string): { name: string; out: number } {
  const weights = w.get(`${prefix}/weights`, [inFeatures, -1]);
  const out = weights.shape[1]!;
  const bias = w.get(`${prefix}/bias`, [out]);
  const name = g.node(prefix, 'Gemm', [x.name, g.constant(`${prefix}/weights`, weights.shape, weights.data), g.constant(`${prefix}/bias`, [out], bias.data)], [
    { name: 'alpha', kind: 'float', value: 1 },
    { name: 'beta', kind: 'float', value: 1 },
  ], outputName);
  return { name, out };
}

/**
 * The ONNX graph of face-api's AgeGenderNet from its decoded tfjs weights (`age_gender_model`).
 * Throws PROVEFY_ERR_MODEL_LOAD when a weight is missing, has an unexpected shape, or is left unused.
 *
 * @example
 * ```ts
 * const graph = buildAgeGenderGraph(decodeTfjsWeights(manifestJson, shards));
 * const onnx = encodeOnnxModel({ irVersion: 7, opsetImports: [{ domain: '', version: 13 }], graph });
 * ```
 */
export function buildAgeGenderGraph(weights: ReadonlyMap<string, TfTensor>): OnnxGraph {
  const w = new WeightSet(weights);
  const g = new GraphBuilder('faceapi_age_gender', "face-api AgeGenderNet (TinyXception, 2 main blocks), converted op for op from @vladmandic/face-api's tfjs weights");
  const input = g.input('input', 3, AGE_GENDER_INPUT_SIZE);
  let out = faceApiNormalise(g, input);
  out = g.relu('entry_flow/conv_in', tfConv(g, w, 'entry_flow/conv_in', out, 'entry_flow/conv_in/filters', 'entry_flow/conv_in/bias', 2, 'same'));
  out = reductionBlock(g, w, 'entry_flow/reduction_block_0', out, false);
  out = reductionBlock(g, w, 'entry_flow/reduction_block_1', out, true);
  for (let i = 0; w.has(`middle_flow/main_block_${i}/separable_conv0/bias`); i++) out = mainBlock(g, w, `middle_flow/main_block_${i}`, out);
  out = reductionBlock(g, w, 'exit_flow/reduction_block', out, true);
  out = g.relu('exit_flow/separable_conv', tfSeparableConv(g, w, 'exit_flow/separable_conv', out, 1));
  // AgeGenderNet.runNet: tf.avgPool(features, [7, 7], [2, 2], 'valid') then as2D(N, -1)
  const pooled = g.avgPoolValid('classifier', out, 7, 2);
  const flat: Value = { ...pooled, name: g.node('classifier', 'Flatten', [pooled.name], [{ name: 'axis', kind: 'int', value: 1 }]) };
  const features = pooled.channels * pooled.size * pooled.size;
  const age = fullyConnected(g, w, 'fc/age', flat, features, 'age');
  const gender = fullyConnected(g, w, 'fc/gender', flat, features);
  g.node('fc/gender', 'Softmax', [gender.name], [{ name: 'axis', kind: 'int', value: 1 }], 'gender');
  g.output('age', [age.out]);
  g.output('gender', [gender.out]);
  const unused = w.unused();
  if (unused.length) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `The age/gender converter left weights unused: ${unused.join(', ')}`, { unused });
  return g.build();
}
