import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ProvefyError } from '@provefy/core';

/**
 * Shared helpers of the dataset loaders: reading a labels file and checking its shape, with every problem
 * reported as a `PROVEFY_ERR_DATASET` error that names the file, the item and the field.
 */

/** Where in a labels file a value sits, for error messages. */
export interface Where {
  readonly file: string;
  readonly path: string;
}

/** Throws the typed dataset error. */
export function datasetError(where: Where, problem: string, details: Record<string, unknown> = {}): never {
  throw new ProvefyError('PROVEFY_ERR_DATASET', `${where.file}: ${where.path ? `${where.path}: ` : ''}${problem}`, { file: where.file, path: where.path, ...details });
}

/**
 * Reads and parses a JSON labels file; a missing file or invalid JSON is a `PROVEFY_ERR_DATASET` error.
 *
 * @example
 * ```ts
 * const json = readLabelsJson('/data/ages/labels.json');
 * ```
 */
export function readLabelsJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ProvefyError('PROVEFY_ERR_DATASET', `${file}: cannot be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`, { file }, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ProvefyError('PROVEFY_ERR_DATASET', `${file}: is not valid JSON (${(cause as Error).message})`, { file }, { cause });
  }
}

/** The value as a plain object, or a dataset error. */
export function asObject(v: unknown, where: Where): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) datasetError(where, `expected an object, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

/** `obj[key]` as a non-empty array, or a dataset error. */
export function arrayField(obj: Record<string, unknown>, key: string, where: Where): unknown[] {
  const v = obj[key];
  if (!Array.isArray(v)) datasetError({ file: where.file, path: join(where.path, key) }, `expected an array, got ${describe(v)}`);
  if (v.length === 0) datasetError({ file: where.file, path: join(where.path, key) }, 'is empty');
  return v;
}

/** `obj[key]` as a non-empty string, or a dataset error. */
export function stringField(obj: Record<string, unknown>, key: string, where: Where): string {
  const v = obj[key];
  if (typeof v !== 'string' || v.trim() === '') datasetError({ file: where.file, path: join(where.path, key) }, `expected a non-empty string, got ${describe(v)}`);
  return v;
}

/** `obj[key]` as a string or null/absent (-> null), or a dataset error. */
export function optionalStringField(obj: Record<string, unknown>, key: string, where: Where): string | null {
  const v = obj[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') datasetError({ file: where.file, path: join(where.path, key) }, `expected a string or null, got ${describe(v)}`);
  return v;
}

/** `obj[key]` as a finite number within [min, max], or a dataset error. */
export function numberField(obj: Record<string, unknown>, key: string, where: Where, min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) datasetError({ file: where.file, path: join(where.path, key) }, `expected a number, got ${describe(v)}`);
  if (v < min || v > max) datasetError({ file: where.file, path: join(where.path, key) }, `${v} is outside ${min}..${max}`);
  return v;
}

/** `obj[key]` as a boolean, or a dataset error. */
export function booleanField(obj: Record<string, unknown>, key: string, where: Where): boolean {
  const v = obj[key];
  if (typeof v !== 'boolean') datasetError({ file: where.file, path: join(where.path, key) }, `expected true or false, got ${describe(v)}`);
  return v;
}

/** `obj[key]` as one of the allowed strings, or a dataset error. */
export function enumField<T extends string>(obj: Record<string, unknown>, key: string, allowed: readonly T[], where: Where): T {
  const v = obj[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    datasetError({ file: where.file, path: join(where.path, key) }, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

/**
 * Resolves a path of a labels file relative to the labels file's folder (absolute paths are kept) and checks
 * that the file exists.
 *
 * @example
 * ```ts
 * resolveItemFile('/data/ages/labels.json', 'images/a.jpg', where); // '/data/ages/images/a.jpg'
 * ```
 */
export function resolveItemFile(labelsFile: string, rel: string, where: Where): string {
  const p = isAbsolute(rel) ? rel : resolve(dirname(labelsFile), rel);
  let ok = false;
  try {
    ok = existsSync(p) && statSync(p).isFile();
  } catch {
    ok = false;
  }
  if (!ok) datasetError(where, `file not found: ${rel} (looked for ${p})`, { missing: p });
  return p;
}

/** `a.b` / `a[3]` style path joining for messages. */
export function join(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
