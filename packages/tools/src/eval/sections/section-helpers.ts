import { isProvefyError, loadImage, type RgbImage } from '@provefy/core';
import type { SectionName } from '../datasets/layout.js';
import { type LatencySummary, summariseLatency } from '../metrics/latency.js';
import type { FailureRow, SectionReport } from '../types.js';

/** A report for a section this build cannot run. */
export function notSupported(name: SectionName, labelsFile: string, items: number, reason: string): SectionReport {
  return {
    name,
    status: 'unsupported',
    reason: `not supported by this build: ${reason}`,
    labelsFile,
    items,
    metrics: {},
    latencyMs: null,
    failures: [],
    notes: [],
    elapsedS: 0,
  };
}

/** A report for a section whose check failed on every item with the same error (e.g. a missing model). */
export function sectionError(name: SectionName, labelsFile: string, items: number, reason: string, elapsedS: number): SectionReport {
  return { name, status: 'error', reason, labelsFile, items, metrics: {}, latencyMs: null, failures: [], notes: [], elapsedS };
}

/** Errors that stop a whole section: the check cannot run on this machine, whatever the item. */
export function isFatalCheckError(e: unknown): boolean {
  return isProvefyError(e) && ['PROVEFY_ERR_MODEL_MISSING', 'PROVEFY_ERR_MODEL_LOAD', 'PROVEFY_ERR_MODEL_CHECKSUM', 'PROVEFY_ERR_CONFIG'].includes(e.code);
}

/** A short text for an error thrown by a check on an item. */
export function errorText(e: unknown): string {
  if (isProvefyError(e)) return e.code;
  return (e as Error)?.message ? `error: ${(e as Error).message.slice(0, 80)}` : String(e);
}

/** `{ count, of, rate }`. */
export function share(count: number, of: number): { count: number; of: number; rate: number | null } {
  return { count, of, rate: of ? count / of : null };
}

/** The `n` worst rows, worst first. */
export function worst(rows: FailureRow[], n: number): FailureRow[] {
  return [...rows].sort((a, b) => b.severity - a.severity).slice(0, n);
}

/** Latency summary, or null without samples. */
export function latency(ms: readonly number[]): LatencySummary | null {
  return ms.length ? summariseLatency(ms) : null;
}

/** Rounds a number for reports (NaN/Infinity -> null). */
export function round(x: number | null | undefined, digits = 4): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Decodes each image file once per run (pairs reuse images), remembering decode errors.
 *
 * @example
 * ```ts
 * const images = imageCache(); const img = await images.get('/data/a.jpg');
 * ```
 */
export function imageCache(): { get(path: string): Promise<RgbImage> } {
  const cache = new Map<string, Promise<RgbImage>>();
  return {
    get(path) {
      let p = cache.get(path);
      if (!p) {
        p = loadImage(path);
        cache.set(path, p);
        p.catch(() => undefined);
      }
      return p;
    },
  };
}

/** The reason codes of a check result. */
export function reasonCodes(r: { reasons?: readonly { code: string }[] } | null | undefined): string[] {
  return (r?.reasons ?? []).map((x) => x.code);
}

/** True when a result says no face was found (a reason code mentioning NO_FACE). */
export function saysNoFace(r: { reasons?: readonly { code: string }[] } | null | undefined): boolean {
  return reasonCodes(r).some((c) => /NO_FACE/.test(c));
}

/** Formats a number with a fixed number of decimals for failure rows. */
export function fmt(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);
}
