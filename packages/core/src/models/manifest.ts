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
  /**
   * Official download URL (a zip when `member` is set), `npm:<package>/...` for converted models, or
   * `bundled:<path>` for Provefy's own small trained heads shipped in the package's `models/` folder.
   */
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
  readonly licence: string;
  /** False for weights whose licence forbids commercial use (InsightFace). */
  readonly commercialUse: boolean;
  readonly input: Readonly<Record<string, unknown>>;
  /** Models whose outputs this one takes as input (the age head's feature extractors). */
  readonly requires?: readonly string[];
  /** Calibrated default cosine-similarity threshold (recognizers). */
  readonly matchThreshold?: number;
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
}

/**
 * True for files that come with an installed package rather than from a models folder: an npm dependency's data
 * (`npmPackage`) or Provefy's own heads in @provefy/core's `models/` (`bundled:` URL).
 *
 * @example
 * ```ts
 * shippedWithPackage(manifest.models.provefy_age_head!); // true
 * ```
 */
export function shippedWithPackage(entry: ModelEntry): boolean {
  return entry.npmPackage !== undefined || entry.url.startsWith('bundled:');
}

/** The bundled model manifest. */
export const manifest: Manifest = manifestJson as unknown as Manifest;

export type ProfileName = 'default' | 'compact';
export const PROFILE_NAMES: readonly ProfileName[] = ['default', 'compact'];
