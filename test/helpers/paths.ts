import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/helpers/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sharedDir(): string {
  const candidates = [process.env.PROVEFY_SHARED_DIR, join(REPO_ROOT, '../shared'), '/work/shared'].filter((c): c is string => !!c);
  return candidates.find((c) => existsSync(join(c, 'fixtures'))) ?? candidates[0]!;
}

/** `../shared` beside the repository (CI lays a copy there), or PROVEFY_SHARED_DIR. */
export const SHARED_DIR = sharedDir();
/** The labelled fixtures (read in place, never copied into the repo). */
export const FIXTURES = join(SHARED_DIR, 'fixtures');
/** The offline model mirror. */
export const MODELS_MIRROR = join(SHARED_DIR, 'models');
