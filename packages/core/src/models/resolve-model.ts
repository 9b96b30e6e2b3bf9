import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ProvefyError } from '../errors/index.js';
import { env } from './env.js';
import { type ModelEntry, manifest } from './manifest.js';
import { downloadFile } from './download/download.js';
import { silentProgress } from './download/progress.js';
import { sha256File } from './sha256.js';

/**
 * Where a model file was found: an explicit folder, PROVEFY_MODELS_DIR, the npm package of weights
 * (`@provefy/models-compact`), the user cache, a mirror, or another npm package (`npm`, e.g. the English
 * Tesseract data).
 */
export type ModelSource = 'explicit' | 'env' | 'package' | 'cache' | 'mirror' | 'npm';

export interface ModelLocation {
  readonly id: string;
  readonly path: string;
  readonly source: ModelSource;
}

export interface ResolveOptions {
  /** An explicit folder searched before every other place. */
  modelsDir?: string;
}

/** The manifest entry for `id`, or a typed error. */
export function getModelEntry(id: string): ModelEntry {
  const entry = manifest.models[id];
  if (!entry) throw new ProvefyError('PROVEFY_ERR_MODEL_UNKNOWN', `Unknown model id "${id}"; known: ${Object.keys(manifest.models).join(', ')}`, { id });
  return entry;
}

const require = createRequire(import.meta.url);

function npmPackagePath(entry: ModelEntry): string | undefined {
  if (!entry.npmPackage) return undefined;
  try {
    const pkgDir = dirname(require.resolve(`${entry.npmPackage}/package.json`));
    const p = join(pkgDir, '4.0.0_best_int', `${entry.file}.gz`);
    return existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The folders searched for model files, in order, with their source labels: an explicit folder,
 * PROVEFY_MODELS_DIR (an operator's override wins), the `@provefy/models-compact` package, the user cache,
 * then a mirror folder.
 */
export function searchFolders(opts: ResolveOptions = {}): { dir: string; source: ModelSource }[] {
  const out: { dir: string; source: ModelSource }[] = [];
  if (opts.modelsDir) out.push({ dir: opts.modelsDir, source: 'explicit' });
  if (env.modelsDir) out.push({ dir: env.modelsDir, source: 'env' });
  if (env.packageDir) out.push({ dir: env.packageDir, source: 'package' });
  out.push({ dir: env.cacheDir, source: 'cache' });
  if (env.mirror && !/^https?:\/\//i.test(env.mirror)) out.push({ dir: env.mirror, source: 'mirror' });
  return out;
}

/** Finds the model file without verifying it; undefined when no search folder holds it. */
export function locateModel(id: string, opts: ResolveOptions = {}): ModelLocation | undefined {
  const entry = getModelEntry(id);
  if (entry.npmPackage) {
    const p = npmPackagePath(entry);
    return p ? { id, path: p, source: 'npm' } : undefined;
  }
  for (const { dir, source } of searchFolders(opts)) {
    const p = join(dir, entry.file);
    if (existsSync(p)) return { id, path: p, source };
  }
  return undefined;
}

const verified = new Map<string, Promise<void>>();

/**
 * True when `actual` is a sha256 the manifest accepts for `entry`: its `sha256` (the official or mirror file)
 * or, for converted models, the `convertedSha256` of the file Provefy's converter builds (models/convert).
 *
 * @example
 * ```ts
 * isAcceptedSha256(manifest.models.faceapi_age!, await sha256File(path));
 * ```
 */
export function isAcceptedSha256(entry: ModelEntry, actual: string): boolean {
  return actual === entry.sha256 || (entry.convertedSha256 !== undefined && actual === entry.convertedSha256);
}

/**
 * Verifies `path` against the manifest's sha256 for `id` (or its `convertedSha256`; memoised per path, size and mtime).
 * A mismatch raises PROVEFY_ERR_MODEL_CHECKSUM naming the file and both hashes.
 */
export async function verifyModelFile(id: string, path: string): Promise<void> {
  const entry = getModelEntry(id);
  if (!entry.sha256) return;
  const st = statSync(path);
  const key = `${path}:${st.size}:${st.mtimeMs}`;
  let p = verified.get(key);
  if (!p) {
    p = sha256File(path).then((actual) => {
      if (!isAcceptedSha256(entry, actual)) {
        const also = entry.convertedSha256 ? ` (or ${entry.convertedSha256}, Provefy's conversion)` : '';
        throw new ProvefyError('PROVEFY_ERR_MODEL_CHECKSUM', `Model file ${path} has sha256 ${actual}, expected ${entry.sha256}${also}`, { id, path, expected: entry.sha256, actual });
      }
    });
    verified.set(key, p);
    p.catch(() => verified.delete(key));
  }
  return p;
}

/**
 * An http(s) mirror is the last place searched: the file (by its name) is downloaded, verified, into the
 * user cache. Zip archives and official URLs are `provefy models fetch`'s business (@provefy/tools).
 */
async function fetchFromHttpMirror(id: string, entry: ModelEntry, mirror: string): Promise<ModelLocation | undefined> {
  const url = `${mirror.replace(/\/+$/, '')}/${encodeURIComponent(entry.file)}`;
  try {
    const r = await downloadFile(url, join(env.cacheDir, entry.file), { sha256: entry.sha256, bytes: entry.bytes, label: entry.file, progress: silentProgress });
    return { id, path: r.path, source: 'mirror' };
  } catch (e) {
    if (e instanceof ProvefyError && e.code === 'PROVEFY_ERR_MODEL_CHECKSUM') throw e;
    return undefined;
  }
}

/**
 * Resolves a model id to a verified local file, searching an explicit folder, PROVEFY_MODELS_DIR,
 * the `@provefy/models-compact` package, the user cache and a mirror in that order (a mirror folder is used in place; from an http(s) mirror the
 * file is downloaded into the user cache unless `env.offline`).
 *
 * @example
 * ```ts
 * const { path, source } = await resolveModel('yunet_2023mar'); // source 'package'
 * ```
 */
export async function resolveModel(id: string, opts: ResolveOptions & { profile?: string } = {}): Promise<ModelLocation> {
  const entry = getModelEntry(id);
  let loc = locateModel(id, opts);
  if (!loc && env.mirror && /^https?:\/\//i.test(env.mirror) && !env.offline && !entry.npmPackage) loc = await fetchFromHttpMirror(id, entry, env.mirror);
  if (!loc) {
    const profile = opts.profile ? ` (profile "${opts.profile}")` : '';
    const cmd = opts.profile ? `npx provefy models fetch --profile ${opts.profile}` : `npx provefy models fetch ${id}`;
    throw new ProvefyError(
      'PROVEFY_ERR_MODEL_MISSING',
      `Model ${id}${profile} is missing: file ${entry.file} was not found in ${searchFolders(opts).map((f) => f.dir).join(', ')}. Run \`${cmd}\`, or set PROVEFY_MODELS_DIR to a folder holding it.`,
      { id, file: entry.file, profile: opts.profile, command: cmd, url: entry.url },
    );
  }
  await verifyModelFile(id, loc.path);
  return loc;
}
