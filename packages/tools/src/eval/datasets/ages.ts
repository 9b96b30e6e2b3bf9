import { type Where, arrayField, asObject, join, numberField, readLabelsJson, resolveItemFile, stringField } from './validate.js';

/** One labelled face image with its age in years. */
export interface AgeItem {
  readonly file: string;
  readonly path: string;
  readonly age: number;
}

/**
 * Loads `ages/labels.json` (`{"items":[{"file","age"}]}`); ages must be 0-130.
 *
 * @example
 * ```ts
 * const items = loadAgeItems('../shared/fixtures/ages/labels.json');
 * ```
 */
export function loadAgeItems(file: string): AgeItem[] {
  const root = asObject(readLabelsJson(file), { file, path: '' });
  return arrayField(root, 'items', { file, path: '' }).map((raw, i) => {
    const where: Where = { file, path: join('items', i) };
    const it = asObject(raw, where);
    const rel = stringField(it, 'file', where);
    return { file: rel, path: resolveItemFile(file, rel, { file, path: join(where.path, 'file') }), age: numberField(it, 'age', where, 0, 130) };
  });
}
