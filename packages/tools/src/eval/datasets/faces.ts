import { type Where, arrayField, asObject, booleanField, datasetError, enumField, join, numberField, readLabelsJson, resolveItemFile, stringField } from './validate.js';

/** One labelled face pair; `a` and `b` are as written in the labels file, `aPath`/`bPath` resolved. */
export interface FacePair {
  readonly a: string;
  readonly b: string;
  readonly aPath: string;
  readonly bPath: string;
  readonly same: boolean;
  /** What `b` is, when the labels say: `document` (an ID page: the printed portrait is searched) or `photo`. */
  readonly kind: FaceSecondImageKind | null;
  /** The set's own fold number, when it has folds (LFW's View-2 `"fold"`). */
  readonly fold: number | null;
  /** True for pairs added beyond a benchmark's official list (e.g. LFW's extra impostor pairs for low-FAR calibration). */
  readonly extra: boolean;
}

/** What the second image of a pair is. */
export type FaceSecondImageKind = 'photo' | 'document';
const KINDS = ['photo', 'document'] as const;

/**
 * Loads `faces/pairs.json` (`{"pairs":[{"a","b","same"}]}`), resolving paths relative to its folder. Both
 * classes must be present (a ROC needs genuine and impostor pairs). What `b` is may be declared for the whole
 * file (`"kind": "document"`) or per pair (`"kind": "photo"`); undeclared is null. Optional per pair: `"fold"` (a number)
 * and `"extra": true` (not one of the benchmark's official pairs).
 *
 * @example
 * ```ts
 * const pairs = loadFacePairs('../shared/fixtures/faces/pairs.json');
 * ```
 */
export function loadFacePairs(file: string): FacePair[] {
  const root = asObject(readLabelsJson(file), { file, path: '' });
  const fileKind = root.kind === undefined ? null : enumField(root, 'kind', KINDS, { file, path: '' });
  const pairs = arrayField(root, 'pairs', { file, path: '' }).map((raw, i) => {
    const where: Where = { file, path: join('pairs', i) };
    const p = asObject(raw, where);
    const a = stringField(p, 'a', where);
    const b = stringField(p, 'b', where);
    return {
      a,
      b,
      aPath: resolveItemFile(file, a, { file, path: join(where.path, 'a') }),
      bPath: resolveItemFile(file, b, { file, path: join(where.path, 'b') }),
      same: booleanField(p, 'same', where),
      kind: p.kind === undefined ? fileKind : enumField(p, 'kind', KINDS, where),
      fold: p.fold === undefined ? null : numberField(p, 'fold', where, 0),
      extra: p.extra === undefined ? false : booleanField(p, 'extra', where),
    };
  });
  if (!pairs.some((p) => p.same) || !pairs.some((p) => !p.same)) {
    datasetError({ file, path: 'pairs' }, 'needs both genuine ("same": true) and impostor ("same": false) pairs');
  }
  return pairs;
}
