/**
 * Converts face-api's tfjs weights (from the npm package @vladmandic/face-api) into ONNX files that take the
 * same inputs and give the same outputs as the offline mirror's `faceapi_*.onnx`. The output depends only on
 * the weight files, so it is byte-for-byte reproducible (its sha256 is pinned in models/manifest.json).
 */
import { ProvefyError } from '@provefy/core';
import { AGE_GENDER_INPUT_SIZE, buildAgeGenderGraph } from './age-gender-graph.js';
import { FACE_RECOGNITION_INPUT_SIZE, buildFaceRecognitionGraph } from './face-recognition-graph.js';
import { FACEAPI_MEAN_RGB } from './faceapi-layers.js';
import { encodeOnnxModel } from './onnx-encode.js';
import type { OnnxGraph } from './onnx-model.js';
import { type TfTensor, type TfjsWeightsManifest, decodeTfjsWeights } from './tfjs-weights.js';

/** Bumped whenever the converter's output bytes change (the manifest's `convertedSha256` must follow). */
export const FACEAPI_CONVERTER_VERSION = '1';

/** The face-api networks this module converts. */
export type FaceApiNetwork = 'faceapi-age-gender' | 'faceapi-face-recognition';

interface NetworkSpec {
  /** Weights manifest and shard, relative to the package's `model/` folder. */
  readonly weightsManifest: string;
  readonly build: (weights: ReadonlyMap<string, TfTensor>) => OnnxGraph;
  readonly metadata: readonly (readonly [string, string])[];
}

const inputNote = (size: number) =>
  `'input' float32 [N,3,${size},${size}] NCHW, RGB, 0..255: face crop zero-padded to a square, resized to ${size}x${size} with TensorFlow's legacy bilinear (no half-pixel offset)`;
const normalisation = `inside the graph: (x - [${FACEAPI_MEAN_RGB.join(', ')}]) / 255`;

export const FACEAPI_NETWORKS: Readonly<Record<FaceApiNetwork, NetworkSpec>> = {
  'faceapi-age-gender': {
    weightsManifest: 'age_gender_model-weights_manifest.json',
    build: buildAgeGenderGraph,
    metadata: [
      ['input', inputNote(AGE_GENDER_INPUT_SIZE)],
      ['normalisation', normalisation],
      ['age', "float32 [N,1] age in years (face-api's raw regression output, unclamped)"],
      ['gender', 'float32 [N,2] softmax probabilities [P(male), P(female)]'],
    ],
  },
  'faceapi-face-recognition': {
    weightsManifest: 'face_recognition_model-weights_manifest.json',
    build: buildFaceRecognitionGraph,
    metadata: [
      ['input', inputNote(FACE_RECOGNITION_INPUT_SIZE)],
      ['normalisation', normalisation],
      ['descriptor', 'float32 [N,128] face descriptor (not L2-normalised, like face-api); same person if euclidean distance < 0.6'],
    ],
  },
};

/** Where the weights came from, recorded in the ONNX metadata (no paths or times: the bytes stay reproducible). */
export interface FaceApiSourceInfo {
  readonly package: string;
  readonly version: string;
  /** sha256 of each weight shard, by file name. */
  readonly shardSha256: Readonly<Record<string, string>>;
}

/**
 * Parses a tfjs weights manifest (JSON text or bytes), throwing PROVEFY_ERR_MODEL_LOAD when it is not one.
 *
 * @example
 * ```ts
 * const m = parseWeightsManifest(readFileSync('model/age_gender_model-weights_manifest.json'));
 * m[0].paths; // ['age_gender_model.bin']
 * ```
 */
export function parseWeightsManifest(json: string | Uint8Array): TfjsWeightsManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof json === 'string' ? json : new TextDecoder().decode(json));
  } catch (cause) {
    throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `The weights manifest is not JSON: ${(cause as Error).message}`, {}, { cause });
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.every((g) => g && Array.isArray(g.paths) && g.paths.every((p: unknown) => typeof p === 'string' && !/[\\/]/.test(p)) && Array.isArray(g.weights));
  if (!ok) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', 'The weights manifest is not a list of {paths, weights} groups with plain file names');
  return parsed as TfjsWeightsManifest;
}

/**
 * Builds the ONNX bytes of one face-api network from its weights manifest and shards (by file name).
 * Deterministic: the same inputs give the same bytes.
 *
 * @example
 * ```ts
 * const manifest = parseWeightsManifest(readFileSync(`${dir}/age_gender_model-weights_manifest.json`));
 * const onnx = convertFaceApiWeights('faceapi-age-gender', manifest, new Map([['age_gender_model.bin', readFileSync(`${dir}/age_gender_model.bin`)]]),
 *   { package: '@vladmandic/face-api', version: '1.7.15', shardSha256: { 'age_gender_model.bin': '49f92bbc...' } });
 * const session = await ort.InferenceSession.create(onnx);
 * ```
 */
export function convertFaceApiWeights(
  network: FaceApiNetwork,
  weightsManifest: TfjsWeightsManifest,
  shards: ReadonlyMap<string, Uint8Array>,
  source: FaceApiSourceInfo,
): Uint8Array {
  const spec = FACEAPI_NETWORKS[network];
  if (!spec) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `No converter named ${network}`, { network });
  const graph = spec.build(decodeTfjsWeights(weightsManifest, shards));
  const shardNote = Object.entries(source.shardSha256)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([f, h]) => `model/${f} sha256 ${h}`)
    .join(', ');
  return encodeOnnxModel({
    irVersion: 7,
    opsetImports: [{ domain: '', version: 13 }],
    producerName: 'provefy-convert',
    producerVersion: FACEAPI_CONVERTER_VERSION,
    graph,
    metadata: [['source', `${source.package} ${source.version} (face-api.js weights, MIT): ${shardNote}; converted op for op by Provefy (${network})`], ...spec.metadata],
  });
}
