export { env, defaultMirror, defaultPackageDir, findRepoRoot, MODELS_PACKAGE, type ModelEnv } from './env.js';
export { manifest, PROFILE_NAMES, PROFILE_CHOICES, isCommercialProfile, parseProfileName, withRequiredModels, type Manifest, type ModelEntry, type FusionEntry, type ModelRole, type ProfileEntry, type ProfileName } from './manifest.js';
export { getModelEntry, isAcceptedSha256, locateModel, resolveModel, searchFolders, verifyModelFile, type ModelLocation, type ModelSource, type ResolveOptions } from './resolve-model.js';
export { selectProfile, missingForProfile, nonCommercialWarning, type ResolvedProfile } from './profiles.js';
export { getOnnxSession, preloadOnnxSessions, releaseOnnxSessions, ort, type InferenceSession, type Tensor } from './onnx-session.js';
export { sha256File } from './sha256.js';
export { profileSessionIds, warmup, type WarmupResult } from './warmup.js';
export { observeInference, type InferenceCall } from './inference-observer.js';
export {
  downloadFile,
  copyVerified,
  fileSize,
  partPath,
  verifyAndInstall,
  withFileLock,
  silentProgress,
  type DownloadOptions,
  type DownloadResult,
  type FileLockOptions,
  type ProgressFactory,
  type ProgressReporter,
} from './download/index.js';
