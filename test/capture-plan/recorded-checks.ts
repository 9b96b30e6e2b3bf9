/**
 * The real checks of @provefy/core, each result computed once per input (images by sha256, options by value) and
 * reused: every driver and every property run sees the same real results, without re-running the models.
 */
import { createHash } from 'node:crypto';
import { type CaptureChecks, estimateAge, matchFaces, readDocument, verifyLiveness } from '@provefy/core';

function keyOf(name: string, images: readonly Uint8Array[], opts: unknown): string {
  const h = createHash('sha256');
  h.update(name);
  for (const i of images) h.update(createHash('sha256').update(i).digest());
  h.update(JSON.stringify(opts ?? {}));
  return h.digest('hex');
}

/** How many times each real check actually ran (the rest were reused). */
export const realRuns = { verifyLiveness: 0, estimateAge: 0, readDocument: 0, matchFaces: 0 };

const cache = new Map<string, Promise<unknown>>();

function once<T>(name: keyof typeof realRuns, images: readonly Uint8Array[], opts: unknown, run: () => Promise<T>): Promise<T> {
  const key = keyOf(name, images, opts);
  let hit = cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    realRuns[name]++;
    hit = run();
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

/**
 * Core's four checks, memoised on their inputs.
 *
 * @example
 * ```ts
 * const checks = recordedChecks();
 * await checks.matchFaces(selfie, idCard, {}); // runs the model once; the same call again reuses the result
 * ```
 */
export function recordedChecks(): CaptureChecks {
  return {
    verifyLiveness: (frames, o) => once('verifyLiveness', frames, o, () => verifyLiveness(frames, o)),
    estimateAge: (image, o) => once('estimateAge', [image], o, () => estimateAge(image, o)),
    readDocument: (images, o) => once('readDocument', images, o, () => readDocument(images, o)),
    matchFaces: (selfie, document, o) => once('matchFaces', [selfie, document], o, () => matchFaces(selfie, document, o)),
  };
}
