import { type Where, arrayField, asObject, enumField, join, optionalStringField, readLabelsJson, resolveItemFile, stringField } from './validate.js';

/** One labelled still image for passive liveness. */
export interface LivenessItem {
  readonly file: string;
  readonly path: string;
  readonly label: 'live' | 'spoof';
  /** Free-text note of the attack medium, or null. */
  readonly attack: string | null;
}

/**
 * Loads `liveness/labels.json` (`{"items":[{"file","label":"live"|"spoof","attack"}]}`).
 *
 * @example
 * ```ts
 * const items = loadLivenessItems('../shared/fixtures/liveness/labels.json');
 * ```
 */
export function loadLivenessItems(file: string): LivenessItem[] {
  const root = asObject(readLabelsJson(file), { file, path: '' });
  return arrayField(root, 'items', { file, path: '' }).map((raw, i) => {
    const where: Where = { file, path: join('items', i) };
    const it = asObject(raw, where);
    const rel = stringField(it, 'file', where);
    return {
      file: rel,
      path: resolveItemFile(file, rel, { file, path: join(where.path, 'file') }),
      label: enumField(it, 'label', ['live', 'spoof'] as const, where),
      attack: optionalStringField(it, 'attack', where),
    };
  });
}
