import { fileURLToPath } from 'node:url';

/** Absolute path of the folder holding this package's weight files. */
export const modelsDir = fileURLToPath(new URL('./weights/', import.meta.url));

/** The weight files this package ships (names inside `modelsDir`). */
export const files = Object.freeze([
  'face_detection_yunet_2023mar.onnx',
  'mobilefacenet_foamliu_128d.onnx',
  '2.7_80x80_MiniFASNetV2.onnx',
  '4_0_0_80x80_MiniFASNetV1SE.onnx',
  'faceapi_age_gender.onnx',
  'faceapi_face_recognition.onnx',
  'mrz.traineddata',
  'provefy_age_head.onnx',
]);
