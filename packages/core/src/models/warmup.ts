import { env } from './env.js';
import type { ProfileName } from './manifest.js';
import { getOnnxSession } from './onnx-session.js';
import { type ResolvedProfile, selectProfile } from './profiles.js';
import { type ResolveOptions, resolveModel } from './resolve-model.js';

/** What {@link warmup} loaded. */
export interface WarmupResult {
  readonly profile: ResolvedProfile;
  /** ONNX models whose sessions are now cached. */
  readonly sessions: readonly string[];
  /** Other files (OCR data) that were resolved and verified. */
  readonly verified: readonly string[];
}

/**
 * Preloads a profile: verifies every file and creates the ONNX sessions (one at a time, to keep the
 * memory peak low) so the first check does not pay for it. Sessions are cached per process.
 *
 * @example
 * ```ts
 * const { profile } = await warmup(); // at server start
 * console.log(`models: ${profile.name} (${profile.reason})`);
 * ```
 */
export async function warmup(opts: ResolveOptions & { profile?: ProfileName; threads?: number } = {}): Promise<WarmupResult> {
  const profile = selectProfile(opts.profile, opts);
  const onnx = [profile.detector, profile.recognizer, ...profile.age, ...profile.liveness];
  for (const id of onnx) await getOnnxSession(id, { modelsDir: opts.modelsDir, threads: opts.threads ?? env.threads, profile: profile.name });
  for (const id of profile.ocr) await resolveModel(id, { modelsDir: opts.modelsDir, profile: profile.name });
  return { profile, sessions: onnx, verified: profile.ocr };
}
