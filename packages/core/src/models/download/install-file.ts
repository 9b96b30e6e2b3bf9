import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ProvefyError } from '../../errors/index.js';
import { sha256File } from '../sha256.js';
import type { ProgressReporter } from './progress.js';

/** The temporary name a file is written under before it is verified and renamed into place. */
export function partPath(dest: string): string {
  return `${dest}.part`;
}

/** Size of a file, or -1 when it does not exist. */
export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return -1;
  }
}

/**
 * Verifies `part` against `expectedSha256` and atomically renames it to `dest`. On a mismatch the
 * part file is deleted (nothing is installed) and PROVEFY_ERR_MODEL_CHECKSUM names both hashes.
 *
 * @example
 * ```ts
 * await verifyAndInstall('/cache/det_500m.onnx.part', '/cache/det_500m.onnx', '5e4447f5...', 'mirror');
 * ```
 */
export async function verifyAndInstall(part: string, dest: string, expectedSha256: string | null | undefined, from: string): Promise<string> {
  const actual = await sha256File(part);
  if (expectedSha256 && actual !== expectedSha256) {
    await rm(part, { force: true });
    throw new ProvefyError(
      'PROVEFY_ERR_MODEL_CHECKSUM',
      `File ${dest} from ${from} has sha256 ${actual}, expected ${expectedSha256}; it was not installed`,
      { path: dest, from, expected: expectedSha256, actual },
    );
  }
  await rename(part, dest);
  return actual;
}

/**
 * Copies `src` (a file in a mirror folder) to `dest` through a `.part` file, verifying the sha256
 * before the atomic rename.
 *
 * @example
 * ```ts
 * await copyVerified('/mnt/mirror/genderage.onnx', '/cache/genderage.onnx', entry.sha256);
 * ```
 */
export async function copyVerified(src: string, dest: string, expectedSha256: string | null | undefined, progress?: ProgressReporter): Promise<string> {
  await mkdir(dirname(dest), { recursive: true });
  const part = partPath(dest);
  const hash = createHash('sha256');
  let done = 0;
  const input = createReadStream(src);
  input.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    progress?.update(done);
  });
  try {
    await pipeline(input, createWriteStream(part));
  } catch (cause) {
    await rm(part, { force: true });
    progress?.finish('failed');
    throw new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', `Could not copy ${src} to ${dest}: ${(cause as Error).message}`, { src, dest }, { cause });
  }
  progress?.finish('copied');
  const actual = hash.digest('hex');
  if (expectedSha256 && actual !== expectedSha256) {
    await rm(part, { force: true });
    throw new ProvefyError('PROVEFY_ERR_MODEL_CHECKSUM', `File ${src} has sha256 ${actual}, expected ${expectedSha256}; it was not installed`, {
      path: src,
      expected: expectedSha256,
      actual,
    });
  }
  await rename(part, dest);
  return actual;
}
