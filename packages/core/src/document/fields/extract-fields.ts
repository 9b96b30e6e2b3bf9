import { toAlpha3 } from './country-codes.js';
import { brDocuments } from './br-documents.js';
import { euLicence } from './eu-licence.js';
import { arDocuments, coDocuments, mxDocuments } from './latam-ids.js';
import type { DocumentLayout, LayoutReading } from './layout.js';
import { ptCitizenCard } from './pt-citizen-card.js';
import { type VizLine, normaliseText } from './text-lines.js';
import { caLicence, usLicence } from './us-licence.js';

/** Every visual-zone layout, tried together; the best-detected one reads the fields. */
export const LAYOUTS: readonly DocumentLayout[] = [usLicence, caLicence, brDocuments, euLicence, arDocuments, coDocuments, mxDocuments, ptCitizenCard];

/** An OCR line with its box, as the field readers take it. */
export interface OcrTextLine {
  readonly text: string;
  readonly confidence: number;
  readonly bbox: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

/** Normalises OCR lines for the layouts (upper case, no accents). */
export function toVizLines(lines: readonly OcrTextLine[]): VizLine[] {
  return lines
    .map((l) => ({ raw: l.text, norm: normaliseText(l.text), confidence: l.confidence, x0: l.bbox.x0, y0: l.bbox.y0, x1: l.bbox.x1, y1: l.bbox.y1 }))
    .filter((l) => l.norm.length > 0);
}

/**
 * Reads the fields of a document without MRZ from its OCR lines: scores every per-country layout (US and
 * Canadian licences, Brazilian CNH/RG, EU-model licences incl. UK and Portugal, Argentine DNI, Colombian
 * cédula, Mexican INE, Portuguese citizen card) on the text, and reads the fields with the best one. A
 * `country` hint (alpha-2 or alpha-3) is preferred when its layout matches at all. Null when none matches.
 *
 * @example
 * ```ts
 * const r = extractFields(ocr.lines);
 * r?.fields.dateOfBirth; // '1977-08-31'
 * ```
 */
export function extractFields(lines: readonly OcrTextLine[], opts: { country?: string } = {}): LayoutReading | null {
  const viz = toVizLines(lines);
  const text = viz.map((l) => l.norm).join('\n');
  const hint = opts.country ? toAlpha3(opts.country) : undefined;
  let best: { layout: DocumentLayout; score: number } | null = null;
  for (const layout of LAYOUTS) {
    let score = layout.detect(text);
    if (score > 0 && hint && layout.country === hint) score += 10;
    if (score > 0 && (!best || score > best.score)) best = { layout, score };
  }
  if (!best) return null;
  return best.layout.extract(viz, text);
}
