import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ProfileName, parseProfileName } from './manifest.js';

/**
 * Where models come from and how they run. Mutate it before the first check runs, or pass the same
 * fields as options. Every field has an environment variable.
 *
 * @example
 * ```ts
 * import { env } from '@provefy/core/models';
 * env.modelsDir = '/srv/provefy/models'; // PROVEFY_MODELS_DIR
 * env.threads = 2;                       // PROVEFY_THREADS
 * ```
 */
export interface ModelEnv {
  /** An explicit folder holding model files (PROVEFY_MODELS_DIR). Searched first. */
  modelsDir: string | undefined;
  /**
   * The weights folder of the npm package `@provefy/models-compact` (a dependency of `@provefy/core`), searched
   * after PROVEFY_MODELS_DIR and before the cache and the mirror; undefined when the package is not installed.
   */
  packageDir: string | undefined;
  /** The user cache where `provefy models fetch` installs files (XDG_CACHE_HOME/provefy/models or ~/.cache/provefy/models). */
  cacheDir: string;
  /** A mirror: a folder used in place, or an http(s) URL fetched from (PROVEFY_MODEL_MIRROR). Defaults to `../shared/models` when it exists. */
  mirror: string | undefined;
  /** Never touch the network (PROVEFY_OFFLINE=1). */
  offline: boolean;
  /** Threads per ONNX session (PROVEFY_THREADS, default 2). */
  threads: number;
  /** Profile to use (PROVEFY_PROFILE: default | insightface | insightface-compact; `compact` is accepted for insightface-compact); unset: `default`. */
  profile: ProfileName | undefined;
}

function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.cache'), 'provefy', 'models');
}

/** The repository root when running from a checkout (the folder holding models/manifest.json), else undefined. */
export function findRepoRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'models', 'manifest.json')) && existsSync(join(dir, 'packages'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** `../shared/models` next to the working directory or the repository, when it exists. */
export function defaultMirror(): string | undefined {
  const candidates = [resolve(process.cwd(), '../shared/models')];
  const root = findRepoRoot();
  if (root) candidates.push(resolve(root, '../shared/models'));
  return candidates.find((c) => existsSync(c));
}

/** The npm package of redistributable weights that `@provefy/core` depends on. */
export const MODELS_PACKAGE = '@provefy/models-compact';

/** The weights folder of {@link MODELS_PACKAGE} when it is installed, else undefined. */
export function defaultPackageDir(): string | undefined {
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve(`${MODELS_PACKAGE}/package.json`)), 'weights');
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

export const env: ModelEnv = {
  modelsDir: process.env.PROVEFY_MODELS_DIR || undefined,
  packageDir: defaultPackageDir(),
  cacheDir: defaultCacheDir(),
  mirror: process.env.PROVEFY_MODEL_MIRROR || defaultMirror(),
  offline: process.env.PROVEFY_OFFLINE === '1' || process.env.PROVEFY_OFFLINE === 'true',
  threads: Number(process.env.PROVEFY_THREADS) > 0 ? Number(process.env.PROVEFY_THREADS) : 2,
  profile: parseProfileName(process.env.PROVEFY_PROFILE || undefined),
};
