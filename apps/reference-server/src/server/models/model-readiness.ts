import { env, PROFILE_NAMES, isCommercialProfile, manifest, withRequiredModels, missingForProfile, type ResolvedProfile, resolveModel, searchFolders, selectProfile } from '@provefy/core/models';
import { CHECK_TYPES, type CheckType, type Store } from '@provefy/server-adapter';

/** The outcome of {@link modelReadiness}: the profile the checks will run with, or why none can. */
export type ModelReadiness =
  | { readonly ok: true; readonly checks: readonly CheckType[]; readonly profile: ResolvedProfile | null }
  | { readonly ok: false; readonly checks: readonly CheckType[]; readonly message: string };

/**
 * The checks the server must be able to run: those enabled on at least one active API key, or all four when there is
 * no key yet (a new key enables all four).
 *
 * @example
 * ```ts
 * await checksEnabledByKeys(store); // ['liveness', 'age_estimation', 'doc_verify', 'face_match']
 * ```
 */
export async function checksEnabledByKeys(store: Store): Promise<CheckType[]> {
  const keys = await store.apiKeys.list();
  if (keys.length === 0) return [...CHECK_TYPES];
  return CHECK_TYPES.filter((c) => keys.some((k) => k.enabledChecks.includes(c)));
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The plain-text explanation printed when the models cannot serve `checks`: what is missing in every profile,
 * where it was looked for, and how to get it.
 */
function explain(checks: readonly CheckType[], error: unknown): string {
  const e = error as { code?: string; message?: string; details?: { command?: string } };
  const lines = [`Provefy cannot start: the models that ${list(checks)} need are not usable on this machine.`, ''];
  if (e.code === 'PROVEFY_ERR_MODEL_MISSING') {
    lines.push(
      env.profile
        ? `Every check runs on one complete model profile; PROVEFY_PROFILE=${env.profile} asks for "${env.profile}", which is not complete:`
        : 'Every check runs on one complete model profile, and none is complete here:',
    );
    for (const name of PROFILE_NAMES) {
      const missing = missingForProfile(name).map((id) => manifest.models[id]!.file);
      const complete = isCommercialProfile(name) ? 'complete (unset PROVEFY_PROFILE to use it)' : `complete (non-commercial weights: used only with PROVEFY_PROFILE=${name})`;
      lines.push(`  ${name.padEnd(19)} ${missing.length ? `lacks ${missing.join(', ')}` : complete}`);
    }
  } else {
    lines.push(String(e.message ?? error));
  }
  lines.push('', 'Looked in (in this order):');
  for (const f of searchFolders()) lines.push(`  ${f.dir}  (${f.source})`);
  const fetch = e.details?.command ?? 'npx provefy models fetch --profile default';
  lines.push(
    '',
    'To get them, either:',
    '  npm ci     (the default profile\'s files ship in the npm package @provefy/models-compact, a dependency of @provefy/core)',
    `  npm run build && ${fetch}     (downloads and verifies what has a download; it names the files that need a mirror)`,
    '  or point PROVEFY_MODELS_DIR at a folder holding the files, or PROVEFY_MODEL_MIRROR at a mirror folder or https URL.',
    'See docs/models.md. A server whose API keys enable no check starts without models.',
  );
  return lines.join('\n');
}

/**
 * Whether the models can serve `checks`: a complete profile is present and every file of it passes its sha256.
 * No check needed: ready without a profile.
 *
 * @example
 * ```ts
 * const r = await modelReadiness(['liveness']);
 * if (!r.ok) { process.stderr.write(`${r.message}\n`); process.exit(1); }
 * ```
 */
export async function modelReadiness(checks: readonly CheckType[]): Promise<ModelReadiness> {
  if (checks.length === 0) return { ok: true, checks, profile: null };
  try {
    const profile = selectProfile();
    for (const id of withRequiredModels([profile.detector, profile.recognizer, ...profile.age, ...profile.liveness, ...profile.ocr])) {
      await resolveModel(id, { profile: profile.name });
    }
    return { ok: true, checks, profile };
  } catch (error) {
    return { ok: false, checks, message: explain(checks, error) };
  }
}
