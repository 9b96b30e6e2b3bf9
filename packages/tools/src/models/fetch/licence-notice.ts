import type { ModelEntry } from '@provefy/core/models';

/**
 * The licence lines printed when a model is installed. Weights that forbid commercial use
 * (InsightFace) get a loud, boxed warning.
 *
 * @example
 * ```ts
 * for (const line of licenceNotice('genderage', manifest.models.genderage!)) console.error(line);
 * ```
 */
export function licenceNotice(id: string, entry: ModelEntry): string[] {
  if (entry.commercialUse) return [`  licence of ${id} (${entry.file}): ${entry.licence}`];
  const lines = [
    `WARNING: ${id} (${entry.file}) is licensed "${entry.licence}".`,
    'These weights may NOT be used commercially (research and evaluation only).',
    'For a commercial deployment swap in commercially usable models (docs/models.md)',
    'or obtain a licence from the rights holder.',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = `  ${'!'.repeat(width + 4)}`;
  return [bar, ...lines.map((l) => `  ! ${l.padEnd(width)} !`), bar];
}
