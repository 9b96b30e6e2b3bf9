/**
 * Building ONNX files Provefy cannot download: face-api's networks converted from the npm package's tfjs
 * weights, with a dependency-free ONNX protobuf writer/reader. See docs/models.md#converting-face-apis-models-without-a-mirror.
 */
export { buildAgeGenderGraph, AGE_GENDER_INPUT_SIZE } from './age-gender-graph.js';
export { buildFaceRecognitionGraph, FACE_RECOGNITION_INPUT_SIZE } from './face-recognition-graph.js';
export {
  convertFaceApiWeights,
  parseWeightsManifest,
  FACEAPI_CONVERTER_VERSION,
  FACEAPI_NETWORKS,
  type FaceApiNetwork,
  type FaceApiSourceInfo,
} from './convert-faceapi.js';
export {
  convertedFromOf,
  installedPackageDir,
  tarballUrl,
  verifySourceFile,
  weightsFromPackageDir,
  weightsFromTarball,
  NPM_REGISTRY,
  type ConvertedFrom,
  type FaceApiWeights,
} from './faceapi-source.js';
export { buildConvertedModel, installConvertedModel, type ConvertOptions, type ConvertOutcome } from './install-converted.js';
export { encodeOnnxModel } from './onnx-encode.js';
export { decodeOnnxModel } from './onnx-decode.js';
export type { OnnxAttribute, OnnxDataType, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx-model.js';
export { GraphBuilder, tfPadding, type TfPadding, type Value } from './graph-builder.js';
export {
  tfjsGraphToOnnx,
  SUPPORTED_TF_OPS,
  type TfjsAttr,
  type TfjsGraphConversion,
  type TfjsGraphModel,
  type TfjsGraphNode,
} from './tfjs-graph-to-onnx.js';
export { decodeTfjsWeights, float16ToFloat32, hwioToOihw, type TfTensor, type TfjsWeightSpec, type TfjsWeightsManifest } from './tfjs-weights.js';
export { readTarGzMembers } from './tar-gz.js';
