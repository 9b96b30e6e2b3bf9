export { estimateAge, type EstimateAgeOptions, type AgeEstimationResult } from './estimate-age.js';
export { decideAge, DEFAULT_AGE_POLICY, type AgePolicy } from './age-policy.js';
export { ageUncertainty, isGreyscale, weakEvidence, BASE_AGE_SIGMA, DEFAULT_AGE_UNCERTAINTY, type AgeUncertaintyParams } from './uncertainty.js';
export { faceApiAgeEstimator, FACEAPI_AGE_VIEWS } from './estimators/faceapi-age.js';
export { genderAgeEstimator } from './estimators/genderage.js';
export type { AgeEstimator, RawAgeEstimate } from './types.js';
export { landmarkBox } from './estimators/face-chip.js';
