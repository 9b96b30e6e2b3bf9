import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileName } from './manifest.js';

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
  /** The user cache where `provefy models fetch` installs files (XDG_CACHE_HOME/provefy/models or ~/.cache/provefy/models). */
  cacheDir: string;
  /** A mirror: a folder used in place, or an http(s) URL fetched from (PROVEFY_MODEL_MIRROR). Defaults to `../shared/models` when it exists. */
  mirror: string | undefined;
  /** Never touch the network (PROVEFY_OFFLINE=1). */
  offline: boolean;
  /** Threads per ONNX session (PROVEFY_THREADS, default 2). */
  threads: number;
  /** Preferred profile (PROVEFY_PROFILE); unset: the best profile whose files are all present. */
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

/**
 * `models/` of the @provefy/core package (shipped in its npm files): Provefy's own small trained heads live there,
 * committed with the code that runs them. Undefined when the folder does not exist.
 *
 * @example
 * ```ts
 * bundledModelsDir(); // '/app/node_modules/@provefy/core/models'
 * ```
 */
export function bundledModelsDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'models'))) return join(dir, 'models');
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

function readProfile(): ProfileName | undefined {
  const p = process.env.PROVEFY_PROFILE;
  return p === 'default' || p === 'compact' ? p : undefined;
}

export const env: ModelEnv = {
  modelsDir: process.env.PROVEFY_MODELS_DIR || undefined,
  cacheDir: defaultCacheDir(),
  mirror: process.env.PROVEFY_MODEL_MIRROR || defaultMirror(),
  offline: process.env.PROVEFY_OFFLINE === '1' || process.env.PROVEFY_OFFLINE === 'true',
  threads: Number(process.env.PROVEFY_THREADS) > 0 ? Number(process.env.PROVEFY_THREADS) : 2,
  profile: readProfile(),
};
