/**
 * Test helper (not used by the library): obtains the real @vladmandic/face-api tarball with
 * `npm pack <pkg>@<version> --pack-destination <tmp>` (npm's cache answers after the first run), or
 * reports why it could not (registry unreachable), so tests can skip with that reason.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifest } from '@provefy/core/models';
import { type ConvertedFrom, convertedFromOf } from '../../src/models/convert/faceapi-source.js';

/** The recipe of the default age model (the two face-api entries share the package). */
export const AGE_CF: ConvertedFrom = convertedFromOf(manifest.models.faceapi_age!)!;
export const RECOGNITION_CF: ConvertedFrom = convertedFromOf(manifest.models.faceapi_recognition!)!;

export type PackedTarball = { ok: true; path: string; bytes: Buffer } | { ok: false; reason: string };

/**
 * Runs `npm pack` for the package pinned by the manifest into a fresh temp folder.
 *
 * @example
 * ```ts
 * const t = await packFaceApiTarball();
 * if (!t.ok) console.warn(`skipping: ${t.reason}`);
 * ```
 */
export function packFaceApiTarball(cf: ConvertedFrom = AGE_CF, timeoutMs = 180_000): Promise<PackedTarball> {
  const dir = mkdtempSync(join(tmpdir(), 'provefy-npm-pack-'));
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['pack', `${cf.package}@${cf.version}`, '--pack-destination', dir, '--silent'],
      { cwd: dir, timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: 'false' } },
      (err, _stdout, stderr) => {
        const file = readdirSync(dir).find((f) => f.endsWith('.tgz'));
        if (err || !file) {
          rmSync(dir, { recursive: true, force: true });
          const why = (stderr || (err as Error | null)?.message || 'npm pack produced no tarball').trim().split('\n').slice(-3).join(' ');
          resolve({ ok: false, reason: `npm pack ${cf.package}@${cf.version} failed (registry unreachable?): ${why}` });
          return;
        }
        const path = join(dir, file);
        resolve({ ok: true, path, bytes: readFileSync(path) });
      },
    );
  });
}
