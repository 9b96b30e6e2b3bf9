import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProvefyError } from '@provefy/core';

/** The evaluation sections, in the order they run. */
export const SECTION_NAMES = ['faces', 'ages', 'liveness', 'videos', 'documents', 'mrz'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** The labels file of each section, relative to the dataset root. */
export const SECTION_LABELS: Record<SectionName, string> = {
  faces: 'faces/pairs.json',
  ages: 'ages/labels.json',
  liveness: 'liveness/labels.json',
  videos: 'videos/labels.json',
  documents: 'documents/labels.json',
  mrz: 'mrz/cases.json',
};

/** A section found in a dataset root. */
export interface FoundSection {
  readonly name: SectionName;
  readonly labelsFile: string;
}

/**
 * The sections whose labels file exists under a dataset root, in run order. A missing or non-folder root,
 * or a root without any labels file, is a `PROVEFY_ERR_DATASET` error.
 *
 * @example
 * ```ts
 * discoverSections('../shared/fixtures/fgnet'); // [{ name: 'ages', labelsFile: '.../fgnet/ages/labels.json' }]
 * ```
 */
export function discoverSections(root: string): FoundSection[] {
  const dir = resolve(root);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ProvefyError('PROVEFY_ERR_DATASET', `Dataset folder not found: ${dir}`, { dir });
  }
  const found = SECTION_NAMES.map((name) => ({ name, labelsFile: join(dir, SECTION_LABELS[name]) })).filter((s) => existsSync(s.labelsFile));
  if (found.length === 0) {
    throw new ProvefyError(
      'PROVEFY_ERR_DATASET',
      `No labels file in ${dir}: expected any of ${SECTION_NAMES.map((n) => SECTION_LABELS[n]).join(', ')}`,
      { dir },
    );
  }
  return found;
}

/**
 * Parses a `--sections faces,ages` list; an unknown name is a `PROVEFY_ERR_INVALID_INPUT` error.
 *
 * @example
 * ```ts
 * parseSectionList('faces, ages'); // ['faces', 'ages']
 * ```
 */
export function parseSectionList(list: string): SectionName[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!(SECTION_NAMES as readonly string[]).includes(n)) {
      throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Unknown section "${n}"; sections are ${SECTION_NAMES.join(', ')}`, { section: n });
    }
  }
  return names as SectionName[];
}
