import manifestJson from '../../../../models/manifest.json' with { type: 'json' };

/** What a model is used for. */
export type ModelRole = 'detector' | 'recognizer' | 'age' | 'liveness' | 'ocr';

/** One model in `models/manifest.json`. */
export interface ModelEntry {
  readonly role: ModelRole;
  /** File name in a models directory. */
  readonly file: string;
  readonly bytes: number;
  /** Expected sha256 (hex) of the file; null for files shipped by an npm package. */
  readonly sha256: string | null;
  /** Official download URL (a zip when `member` is set), or `npm:<package>/...` for converted models. */
  readonly url: string;
  /** Name of the file inside the zip at `url`. */
  readonly member?: string;
  readonly archive?: { readonly file: string; readonly bytes: number; readonly sha256: string };
  /** True when there is no direct download: the file must come from a mirror or be converted. */
  readonly manualDownload?: boolean;
  readonly convertedFrom?: Readonly<Record<string, string>>;
  /** sha256 and size of the file Provefy's converter builds from `convertedFrom` (accepted like `sha256`). See models/convert. */
  readonly convertedSha256?: string;
  readonly convertedBytes?: number;
  readonly npmPackage?: string;
  /** The npm package of weights that ships this file (`@provefy/models-compact`); see docs/models.md. */
  readonly package?: string;
  /** Provefy's own models: the script that trains them (`bundled:` URL). */
  readonly trainedBy?: string;
  /** Models whose outputs this one takes as input (the age head's feature extractors). */
  readonly requires?: readonly string[];
  readonly licence: string;
  /** False for weights whose licence forbids commercial use (InsightFace). */
  readonly commercialUse: boolean;
  readonly input: Readonly<Record<string, unknown>>;
  /** Calibrated default similarity threshold (recognizers): PASS from here up (docs/face-matching.md). */
  readonly matchThreshold?: number;
  /** Recognizers: scores from here up to `matchThreshold` go to REVIEW (default: 0.04 below the threshold). */
  readonly reviewThreshold?: number;
  /** Recognizers: a score-level fusion with a second recognizer, calibrated on data (docs/face-matching.md). */
  readonly fusion?: FusionEntry;
}

/**
 * Linear score fusion of two recognizers: `score = clamp(offset + weights[0] * s_self + weights[1] * s_with, 0, 1)`,
 * with its own calibrated thresholds.
 */
export interface FusionEntry {
  /** The second recognizer's model id. */
  readonly with: string;
  readonly weights: readonly [number, number];
  readonly offset: number;
  readonly matchThreshold: number;
  readonly reviewThreshold: number;
}

/** The model ids per role for a profile; the first present id of each list is used. */
export interface ProfileEntry {
  readonly description: string;
  readonly detector: readonly string[];
  readonly recognizer: readonly string[];
  readonly age: readonly string[];
  readonly liveness: readonly string[];
  readonly ocr: readonly string[];
}

export interface Manifest {
  readonly version: number;
  readonly models: Readonly<Record<string, ModelEntry>>;
  readonly profiles: Readonly<Record<string, ProfileEntry>>;
  /** Former profile names still accepted, mapped to their current name (`compact` -> `insightface-compact`). */
  readonly profileAliases: Readonly<Record<string, string>>;
}

/** The bundled model manifest. */
export const manifest: Manifest = manifestJson as unknown as Manifest;

/**
 * `default`: commercially usable weights, all in `@provefy/models-compact`. `insightface` and
 * `insightface-compact`: InsightFace (non-commercial) detectors and recognizer, used only when named.
 */
export type ProfileName = 'default' | 'insightface' | 'insightface-compact';
export const PROFILE_NAMES: readonly ProfileName[] = ['default', 'insightface', 'insightface-compact'];

/** True when every model of the profile may be used commercially (only such profiles are ever auto-selected). */
export function isCommercialProfile(name: ProfileName): boolean {
  const p = manifest.profiles[name]!;
  return [p.detector, p.recognizer, p.age, p.liveness, p.ocr].flat().every((id) => manifest.models[id]!.commercialUse);
}

/**
 * A profile name as a user typed it (PROVEFY_PROFILE, `--profile`), with former names mapped to the current
 * ones (`compact` -> `insightface-compact`); undefined when it names no profile.
 *
 * @example
 * ```ts
 * parseProfileName('compact'); // 'insightface-compact'
 * parseProfileName('nope');    // undefined
 * ```
 */
export function parseProfileName(name: string | undefined): ProfileName | undefined {
  if (name === undefined) return undefined;
  const canonical = manifest.profileAliases[name] ?? name;
  return (PROFILE_NAMES as readonly string[]).includes(canonical) ? (canonical as ProfileName) : undefined;
}

/** Every accepted profile name, for usage and error messages (`default | insightface | insightface-compact`). */
export const PROFILE_CHOICES = PROFILE_NAMES.join(' | ');

/**
 * `ids` followed by the models they take their input from (`requires`, e.g. the age head's feature extractors),
 * each once, in order: what a profile needs on disk.
 *
 * @example
 * ```ts
 * withRequiredModels(['provefy_age_head']); // ['provefy_age_head', 'faceapi_age', 'mobilefacenet_128', 'faceapi_recognition', 'yunet_2023mar']
 * ```
 */
export function withRequiredModels(ids: readonly string[]): string[] {
  const out = new Set(ids);
  for (const id of ids) for (const r of manifest.models[id]?.requires ?? []) out.add(r);
  return [...out];
}
