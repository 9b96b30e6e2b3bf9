import { ProvefyError } from '../errors/index.js';
import { env } from './env.js';
import { type ModelRole, type ProfileName, manifest, PROFILE_NAMES } from './manifest.js';
import { locateModel, type ResolveOptions } from './resolve-model.js';

/** The concrete models a profile uses on this machine. */
export interface ResolvedProfile {
  readonly name: ProfileName;
  /** The detector id (first present of the profile's list). */
  readonly detector: string;
  /** The recognizer id (first present of the profile's list). */
  readonly recognizer: string;
  /** Every age model of the profile (fused). */
  readonly age: readonly string[];
  /** Every liveness model of the profile (an ensemble). */
  readonly liveness: readonly string[];
  /** Every OCR data file of the profile. */
  readonly ocr: readonly string[];
  /** Why this profile was chosen. */
  readonly reason: string;
}

const ALTERNATIVE_ROLES: readonly ModelRole[] = ['detector', 'recognizer'];
const ALL_ROLES: readonly ModelRole[] = ['age', 'liveness', 'ocr'];

/** The files a profile lacks on this machine (an empty list when it is complete). */
export function missingForProfile(name: ProfileName, opts: ResolveOptions = {}): string[] {
  const p = manifest.profiles[name];
  if (!p) throw new ProvefyError('PROVEFY_ERR_CONFIG', `Unknown profile "${name}"; use ${PROFILE_NAMES.join(' or ')}`, { profile: name });
  const missing: string[] = [];
  for (const role of ALTERNATIVE_ROLES) {
    const ids = p[role];
    if (!ids.some((id) => locateModel(id, opts))) missing.push(ids[0]!);
  }
  for (const role of ALL_ROLES) for (const id of p[role]) if (!locateModel(id, opts)) missing.push(id);
  return missing;
}

function build(name: ProfileName, reason: string, opts: ResolveOptions): ResolvedProfile {
  const p = manifest.profiles[name]!;
  const first = (ids: readonly string[]) => ids.find((id) => locateModel(id, opts)) ?? ids[0]!;
  return { name, detector: first(p.detector), recognizer: first(p.recognizer), age: p.age, liveness: p.liveness, ocr: p.ocr, reason };
}

/**
 * Picks the profile to run with: the requested one (an error naming the missing file and the fetch
 * command when it is incomplete), else `env.profile`, else the best profile whose files are all present.
 *
 * @example
 * ```ts
 * const p = selectProfile(); // { name: 'compact', reason: 'default is missing det_10g.onnx ...' }
 * ```
 */
export function selectProfile(requested?: ProfileName, opts: ResolveOptions = {}): ResolvedProfile {
  const want = requested ?? env.profile;
  if (want) {
    const missing = missingForProfile(want, opts);
    if (missing.length > 0) {
      const entry = manifest.models[missing[0]!]!;
      throw new ProvefyError(
        'PROVEFY_ERR_MODEL_MISSING',
        `Profile "${want}" is missing ${missing.map((id) => manifest.models[id]!.file).join(', ')}. Run \`npx provefy models fetch --profile ${want}\`.`,
        { profile: want, missing, file: entry.file, command: `npx provefy models fetch --profile ${want}` },
      );
    }
    return build(want, requested ? 'requested' : 'PROVEFY_PROFILE', opts);
  }
  const skipped: string[] = [];
  for (const name of PROFILE_NAMES) {
    const missing = missingForProfile(name, opts);
    if (missing.length === 0) return build(name, skipped.length ? `best complete profile (${skipped.join('; ')})` : 'best complete profile', opts);
    skipped.push(`${name} lacks ${missing.map((id) => manifest.models[id]!.file).join(', ')}`);
  }
  throw new ProvefyError('PROVEFY_ERR_MODEL_MISSING', `No model profile is complete: ${skipped.join('; ')}. Run \`npx provefy models fetch --profile compact\`.`, {
    profile: 'compact',
    command: 'npx provefy models fetch --profile compact',
  });
}
