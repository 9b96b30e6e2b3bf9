import { env } from './env.js';
import { type ProfileName, withRequiredModels } from './manifest.js';
import { getOnnxSession } from './onnx-session.js';
import { type ResolvedProfile, selectProfile } from './profiles.js';
import { getModelEntry, locateModel, type ResolveOptions, resolveModel } from './resolve-model.js';

/** What {@link warmup} loaded. */
export interface WarmupResult {
  readonly profile: ResolvedProfile;
  /** ONNX models whose sessions are now cached. */
  readonly sessions: readonly string[];
  /** Other files (OCR data) that were resolved and verified. */
  readonly verified: readonly string[];
}

/**
 * Every ONNX model the checks of a profile run, each once: the profile's own models and those the checks run beside
 * them (the age head's feature models, `requires`; the recognizer's fusion partner when it is installed).
 *
 * @example
 * ```ts
 * profileSessionIds(selectProfile()); // ['yunet_2023mar', 'mobilefacenet_128', 'faceapi_recognition', ...]
 * ```
 */
export function profileSessionIds(profile: ResolvedProfile, opts: ResolveOptions = {}): string[] {
  const partner = getModelEntry(profile.recognizer).fusion?.with;
  const fused = partner && locateModel(partner, { modelsDir: opts.modelsDir }) ? [partner] : [];
  return [...new Set([profile.detector, profile.recognizer, ...fused, ...withRequiredModels(profile.age), ...profile.liveness])];
}

/**
 * Preloads a profile: verifies every file and creates the ONNX sessions (one at a time, to keep the
 * memory peak low) so the first check does not pay for it. Sessions are cached per process. Besides the profile's
 * own models this covers what the checks run with them: the models the age estimator takes its features from
 * (`requires`) and the recognizer's fusion partner when it is installed (`faceapi_recognition`, whose session alone
 * took 370-450 ms to create on the 2-core machine).
 *
 * @example
 * ```ts
 * const { profile } = await warmup(); // at server start
 * console.log(`models: ${profile.name} (${profile.reason})`);
 * ```
 */
export async function warmup(opts: ResolveOptions & { profile?: ProfileName; threads?: number } = {}): Promise<WarmupResult> {
  const profile = selectProfile(opts.profile, opts);
  const onnx = profileSessionIds(profile, opts);
  for (const id of onnx) await getOnnxSession(id, { modelsDir: opts.modelsDir, threads: opts.threads ?? env.threads, profile: profile.name });
  for (const id of profile.ocr) await resolveModel(id, { modelsDir: opts.modelsDir, profile: profile.name });
  return { profile, sessions: onnx, verified: profile.ocr };
}
