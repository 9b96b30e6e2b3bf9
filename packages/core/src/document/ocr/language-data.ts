import { basename, dirname } from 'node:path';
import { ProvefyError } from '../../errors/index.js';
import { resolveModel } from '../../models/index.js';

/** A Tesseract language with its local data folder, in the form tesseract.js `createWorker` options expect. */
export interface LanguageData {
  /** Tesseract language name (`mrz`, `eng`). */
  readonly lang: string;
  /** Folder holding `<lang>.traineddata` or `<lang>.traineddata.gz`. */
  readonly langPath: string;
  readonly gzip: boolean;
}

/** Model-store ids of the Tesseract languages Provefy uses. */
export const OCR_LANGUAGES = { mrz: 'tess_mrz', eng: 'tess_eng' } as const;
export type OcrLanguage = keyof typeof OCR_LANGUAGES;

/**
 * Resolves a Tesseract language to local files through the model store (never a CDN): `mrz` is
 * `mrz.traineddata` from the mirror or cache (sha256-verified), `eng` comes from the npm package
 * `@tesseract.js-data/eng`.
 *
 * @example
 * ```ts
 * const { langPath, gzip } = await resolveLanguageData('mrz'); // e.g. '../shared/models', false
 * ```
 */
export async function resolveLanguageData(lang: OcrLanguage): Promise<LanguageData> {
  const loc = await resolveModel(OCR_LANGUAGES[lang]);
  const file = basename(loc.path);
  const gzip = file.endsWith('.gz');
  const expected = `${lang}.traineddata${gzip ? '.gz' : ''}`;
  if (file !== expected) {
    throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `Tesseract data for "${lang}" must be named ${expected}, found ${file}`, { id: OCR_LANGUAGES[lang], path: loc.path });
  }
  return { lang, langPath: dirname(loc.path), gzip };
}
