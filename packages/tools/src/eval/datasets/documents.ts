import { type Where, arrayField, asObject, booleanField, datasetError, join, optionalStringField, readLabelsJson, resolveItemFile, stringField } from './validate.js';

/** Document types a label may give (`OTHER`: a document outside the contract's types). */
export const LABEL_DOCUMENT_TYPES = ['PASSPORT', 'ID_CARD', 'VISA', 'DRIVERS_LICENSE', 'RESIDENCE_PERMIT', 'OTHER'] as const;
export type LabelDocumentType = (typeof LABEL_DOCUMENT_TYPES)[number];

/** One labelled document image. */
export interface DocumentItem {
  readonly file: string;
  readonly path: string;
  /** null: not an identity document / unknown. */
  readonly documentType: LabelDocumentType | null;
  readonly hasMrz: boolean;
  /** The exact MRZ lines when a source states them. */
  readonly mrz: string[] | null;
  readonly country: string | null;
  /** Printed fields as the source gives them (any naming), when given. */
  readonly sourceFields: Record<string, unknown> | null;
}

/**
 * Loads `documents/labels.json` (`{"items":[{"file","documentType","hasMrz","mrz","country","sourceFields"}]}`).
 * `mrz` lines must use the MRZ alphabet (A-Z, 0-9, `<`) and `hasMrz` must be true when `mrz` is given.
 *
 * @example
 * ```ts
 * const docs = loadDocumentItems('../shared/fixtures/documents/labels.json');
 * ```
 */
export function loadDocumentItems(file: string): DocumentItem[] {
  const root = asObject(readLabelsJson(file), { file, path: '' });
  return arrayField(root, 'items', { file, path: '' }).map((raw, i) => {
    const where: Where = { file, path: join('items', i) };
    const it = asObject(raw, where);
    const rel = stringField(it, 'file', where);
    const type = it.documentType ?? null;
    if (type !== null && !(LABEL_DOCUMENT_TYPES as readonly unknown[]).includes(type)) {
      datasetError({ file, path: join(where.path, 'documentType') }, `expected one of ${LABEL_DOCUMENT_TYPES.join(', ')} or null, got ${JSON.stringify(type)}`);
    }
    const hasMrz = booleanField(it, 'hasMrz', where);
    let mrz: string[] | null = null;
    if (it.mrz !== undefined && it.mrz !== null) {
      const mw = { file, path: join(where.path, 'mrz') };
      if (!Array.isArray(it.mrz) || it.mrz.length < 1 || it.mrz.length > 3) datasetError(mw, 'expected 1 to 3 MRZ lines');
      mrz = (it.mrz as unknown[]).map((l, k) => {
        if (typeof l !== 'string' || !/^[A-Z0-9<]+$/.test(l)) datasetError({ file, path: join(mw.path, k) }, `not an MRZ line: ${JSON.stringify(l)}`);
        return l;
      });
      if (!hasMrz) datasetError(mw, 'MRZ lines are given but "hasMrz" is false');
    }
    const sf = it.sourceFields;
    if (sf !== undefined && sf !== null && (typeof sf !== 'object' || Array.isArray(sf))) datasetError({ file, path: join(where.path, 'sourceFields') }, 'expected an object');
    return {
      file: rel,
      path: resolveItemFile(file, rel, { file, path: join(where.path, 'file') }),
      documentType: type as LabelDocumentType | null,
      hasMrz,
      mrz,
      country: optionalStringField(it, 'country', where),
      sourceFields: (sf as Record<string, unknown> | undefined) ?? null,
    };
  });
}
