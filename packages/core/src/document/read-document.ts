import { type CheckReason, type CheckResult, reason } from '../check-result.js';
import { ProvefyError } from '../errors/index.js';
import { loadImage } from '../image/load-image.js';
import { startOcr } from './ocr/tesseract-pool.js';
import type { Box, ImageInput, RgbImage } from '../image/types.js';
import { parseAamva } from './barcode/aamva.js';
import { decodePdf417 } from './barcode/decode-pdf417.js';
import { isExpired } from './fields/dates.js';
import { compareVisualZone } from './fields/compare-mrz.js';
import { type OcrTextLine, extractFields } from './fields/extract-fields.js';
import type { LayoutReading } from './fields/layout.js';
import { workingGray } from './locate/gray-image.js';
import type { MrzReading } from './mrz/parse-mrz.js';
import { findPortrait } from './portrait/find-portrait.js';
import { type MrzImageReading, WORK_SIDE, readMrzFromImage } from './read-mrz.js';
import { readVisualZone } from './read-visual-zone.js';
import type { BarcodeData, DocumentFields, DocumentResult, DocumentType, MrzData, ReadDocumentOptions } from './types.js';

/** Images smaller than this on their shorter side cannot hold a readable document. */
const MIN_SIDE = 48;
/** At most this many images per call (front, back, a few retakes). */
const MAX_IMAGES = 6;

const EMPTY_FIELDS: DocumentFields = { firstName: null, lastName: null, dateOfBirth: null, documentNumber: null, expiryDate: null, sex: null, nationality: null };

interface ImageReport {
  index: number;
  image: RgbImage;
  mrz: MrzImageReading | null;
  barcode: BarcodeData | null;
  viz: { reading: LayoutReading | null; lines: readonly OcrTextLine[]; confidence: number; uprightTurns: number } | null;
  skipped: string | null;
}

/** Standard deviation of luma on the working copy: a blank page is nearly flat. */
function isBlank(img: RgbImage): boolean {
  const { image } = workingGray(img, WORK_SIDE);
  let s = 0;
  let s2 = 0;
  const d = image.data;
  for (let i = 0; i < d.length; i += 3) {
    const v = d[i]!;
    s += v;
    s2 += v * v;
  }
  const n = Math.ceil(d.length / 3);
  const sd = Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
  return sd < 6;
}

function publicMrz(r: MrzReading): MrzData {
  return {
    format: r.format,
    lines: r.lines,
    valid: r.valid,
    checks: r.checks,
    corrections: r.corrections,
    documentCode: r.documentCode,
    issuingState: r.issuingState,
    problems: r.problems,
    stateCodes: r.stateCodes,
  };
}

function fieldsFromAamva(b: NonNullable<BarcodeData['aamva']>): DocumentFields {
  const first = [b.firstName, b.middleName].filter(Boolean).join(' ');
  return {
    firstName: first.length > 0 ? first : null,
    lastName: b.lastName,
    dateOfBirth: b.dateOfBirth,
    documentNumber: b.documentNumber,
    expiryDate: b.expiryDate,
    sex: b.sex,
    nationality: null,
  };
}

function norm(s: string | null | undefined): string {
  return (s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** Fields that two readings both have but disagree on (names compared loosely: one may be truncated). */
export function fieldDisagreements(a: Partial<DocumentFields>, b: Partial<DocumentFields>): string[] {
  const out: string[] = [];
  for (const key of ['lastName', 'firstName', 'dateOfBirth', 'expiryDate', 'documentNumber', 'sex'] as const) {
    const x = norm(a[key]);
    const y = norm(b[key]);
    if (!x || !y) continue;
    if (key === 'lastName' || key === 'firstName') {
      if (x.startsWith(y) || y.startsWith(x) || x.includes(y) || y.includes(x)) continue;
    }
    if (x !== y) out.push(key);
  }
  return out;
}

/** A face this large (share of the image area) makes the image a selfie or portrait photo, not a document page. */
const SELFIE_FACE_AREA = 0.12;

async function readOne(index: number, image: RgbImage, opts: ReadDocumentOptions, wantViz: boolean, face?: Promise<Box | null>): Promise<ImageReport> {
  const report: ImageReport = { index, image, mrz: null, barcode: null, viz: null, skipped: null };
  if (Math.min(image.width, image.height) < MIN_SIDE) {
    report.skipped = `image is ${image.width}x${image.height}, too small for a document`;
    return report;
  }
  if (isBlank(image)) {
    report.skipped = 'image is blank';
    return report;
  }
  report.mrz = await readMrzFromImage(image, { now: opts.now });
  if (!report.mrz && face) {
    const box = await face.catch(() => null);
    if (box && (box.width * box.height) / (image.width * image.height) > SELFIE_FACE_AREA) {
      report.skipped = 'the image is a face photo, not a document';
      return report;
    }
  }
  if (!report.mrz && opts.barcode !== false) {
    const pdf = decodePdf417(image);
    if (pdf) report.barcode = { format: 'PDF417', text: pdf.text, aamva: parseAamva(pdf.text) };
  }
  // The printed zone: of documents without MRZ (not of a barcode-only back), or of every page when cross-checking.
  if ((!report.mrz && !report.barcode?.aamva) || wantViz) {
    const viz = await readVisualZone(image, report.mrz ? { turns: report.mrz.uprightTurns } : {});
    if (viz) report.viz = { reading: extractFields(viz.lines, { country: opts.country }), lines: viz.lines, confidence: viz.confidence, uprightTurns: viz.uprightTurns };
  }
  return report;
}

function bestMrz(reports: readonly ImageReport[]): ImageReport | null {
  let best: ImageReport | null = null;
  for (const r of reports) {
    if (!r.mrz) continue;
    if (!best?.mrz) {
      best = r;
      continue;
    }
    const a = r.mrz.assembled;
    const b = best.mrz.assembled;
    if ((a.reading.valid && !b.reading.valid) || (a.reading.valid === b.reading.valid && a.score > b.score)) best = r;
  }
  return best;
}

/**
 * Reads an identity document from one or more images (e.g. front and back): finds the machine-readable
 * zone and reads it with check-digit-confirmed repair (passports, ID cards, visas, residence permits, MRZ
 * licences), decodes PDF417 barcodes (AAMVA on US and Canadian licences), and reads documents without MRZ
 * with per-country layouts (US, CA, BR, GB/EU, AR, CO, MX, PT). Finds the portrait for face matching.
 *
 * Result: FAIL when no document is found, the document is expired or MRZ check digits fail even after
 * repair; REVIEW when the OCR confidence is low, fields are missing or the MRZ/barcode and the visual zone
 * disagree; PASS otherwise. Undecodable images raise a {@link ProvefyError}; everything else is a result.
 *
 * @example
 * ```ts
 * const doc = await readDocument('passport.jpg');
 * if (doc.result === 'PASS') console.log(doc.documentType, doc.fields.lastName, doc.mrz?.lines);
 * ```
 */
export async function readDocument(images: ImageInput | readonly ImageInput[], opts: ReadDocumentOptions = {}): Promise<DocumentResult> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const inputs = Array.isArray(images) ? (images as readonly ImageInput[]) : [images as ImageInput];
  if (inputs.length === 0) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'readDocument needs at least one image');
  if (inputs.length > MAX_IMAGES) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `readDocument takes at most ${MAX_IMAGES} images, got ${inputs.length}`, { count: inputs.length });
  // The MRZ's first OCR worker starts now (a no-op once it runs), while the images are decoded and searched: a
  // script's first call does not wait for it afterwards. A server starts the whole pool at start-up.
  startOcr(['mrz']);
  const decoded = await Promise.all(inputs.map((i) => loadImage(i, opts.limits)));
  const wantViz = opts.crossCheck === true;

  // Images are read one after the other (each read uses the OCR pool fully); stop early once a valid MRZ is found.
  // The portrait of an upright first page is searched while its MRZ is read (the face detector runs on its
  // own threads); the result is used when the page turns out to be upright.
  const early = new Map<number, Promise<Box | null>>();
  if (opts.portrait !== false && Math.min(decoded[0]!.width, decoded[0]!.height) >= MIN_SIDE) {
    const p = findPortrait(decoded[0]!, 0);
    p.catch(() => {});
    early.set(0, p);
  }
  const reports: ImageReport[] = [];
  for (let i = 0; i < decoded.length; i++) {
    const r = await readOne(i, decoded[i]!, { ...opts, now }, wantViz, early.get(i));
    reports.push(r);
    if (r.mrz?.assembled.reading.valid && !wantViz) break;
  }

  const reasons: CheckReason[] = [];
  for (const r of reports) if (r.skipped) reasons.push(reason('IMAGE_UNUSABLE', `Image ${r.index}: ${r.skipped}`, { image: r.index }));

  const mrzReport = bestMrz(reports);
  const barcodeReport = reports.find((r) => r.barcode?.aamva) ?? reports.find((r) => r.barcode) ?? null;
  const vizReport =
    reports
      .filter((r) => r.viz?.reading)
      .sort((a, b) => Object.values(b.viz!.reading!.fields).filter(Boolean).length - Object.values(a.viz!.reading!.fields).filter(Boolean).length)[0] ?? null;
  const mrz = mrzReport?.mrz?.assembled.reading ?? null;
  const aamva = barcodeReport?.barcode?.aamva ?? null;
  const layout = vizReport?.viz?.reading ?? null;

  let documentType: DocumentType = 'UNKNOWN';
  let country: string | null = null;
  let fields: DocumentFields = { ...EMPTY_FIELDS };
  let ocrConfidence = 0;
  let sourceImage: number | null = null;
  let uprightTurns = 0;

  if (mrz && mrzReport?.mrz) {
    documentType = mrz.documentType;
    country = mrz.issuingState;
    fields = { ...mrz.fields };
    ocrConfidence = mrzReport.mrz.assembled.confidence;
    sourceImage = mrzReport.index;
    uprightTurns = mrzReport.mrz.uprightTurns;
  } else if (aamva && barcodeReport) {
    documentType = aamva.subfile === 'ID' ? 'ID_CARD' : 'DRIVERS_LICENSE';
    country = aamva.country;
    fields = fieldsFromAamva(aamva);
    // Error-corrected barcode data: as sure as the OCR of the front, or fully when there is none.
    ocrConfidence = layout ? Math.max(vizReport!.viz!.confidence, 0.9) : 1;
    sourceImage = vizReport?.index ?? barcodeReport.index;
    uprightTurns = vizReport?.viz?.uprightTurns ?? 0;
  } else if (layout && vizReport?.viz) {
    documentType = layout.documentType;
    country = layout.country === 'EUR' ? null : layout.country;
    fields = { ...EMPTY_FIELDS, ...layout.fields };
    const used = layout.sourceLines;
    ocrConfidence = used.length > 0 ? used.reduce((s, l) => s + l.confidence, 0) / used.length : vizReport.viz.confidence;
    sourceImage = vizReport.index;
    uprightTurns = vizReport.viz.uprightTurns;
  }
  if (!fields.nationality && mrz === null && country && documentType !== 'DRIVERS_LICENSE') fields.nationality = country;

  let result: CheckResult = 'PASS';
  const fail = (r: CheckReason) => {
    result = 'FAIL';
    reasons.push(r);
  };
  const review = (r: CheckReason) => {
    if (result === 'PASS') result = 'REVIEW';
    reasons.push(r);
  };

  const found = mrz !== null || aamva !== null || (layout !== null && Object.values(layout.fields).some(Boolean));
  if (!found) {
    fail(reason('NO_DOCUMENT', barcodeReport?.barcode ? 'A barcode was decoded but it is not an identity-document record' : 'No identity document (MRZ, barcode or known layout) was found'));
  }
  if (mrz) {
    const failed = mrz.checks.filter((c) => !c.valid).map((c) => c.name);
    if (failed.length > 0) fail(reason('MRZ_CHECK_FAILED', `MRZ check digits fail after repair: ${failed.join(', ')}`, { checks: failed, format: mrz.format }));
    if (mrz.problems.length > 0) fail(reason('MRZ_INVALID', `MRZ is malformed: ${mrz.problems.join('; ')}`, { problems: [...mrz.problems] }));
    const codes = mrz.stateCodes;
    if (!opts.acceptSpecimens && (codes.issuingState === 'specimen' || codes.nationality === 'specimen')) fail(reason('DOCUMENT_SPECIMEN', 'The MRZ names the ICAO specimen state UTO: a specimen, not an issued document'));
    const unknown = (['issuingState', 'nationality'] as const).filter((k) => codes[k] === 'unknown');
    if (unknown.length > 0) review(reason('UNKNOWN_STATE_CODE', `No ICAO 9303 state has the code given as ${unknown.join(' and ')}`, { fields: unknown }));
    if (mrz.corrections.length > 0) reasons.push(reason('MRZ_REPAIRED', `${mrz.corrections.length} MRZ character(s) repaired`, { corrections: mrz.corrections.length }));
  }
  if (found && fields.expiryDate && isExpired(fields.expiryDate, now)) {
    fail(reason('DOCUMENT_EXPIRED', `The document expired on ${fields.expiryDate}`, { expiryDate: fields.expiryDate }));
  }
  if (found && !fields.expiryDate && !mrz) review(reason('EXPIRY_UNKNOWN', 'The expiry date could not be read'));

  // Cross-checks: barcode versus printed front, MRZ versus visual zone.
  if (aamva && layout) {
    const diff = fieldDisagreements(fieldsFromAamva(aamva), layout.fields);
    if (diff.length > 0) review(reason('FIELD_MISMATCH', `Barcode and printed text disagree on ${diff.join(', ')}`, { fields: diff, source: 'barcode' }));
  }
  if (mrz && layout) {
    const diff = fieldDisagreements(mrz.fields, layout.fields);
    if (diff.length > 0) review(reason('FIELD_MISMATCH', `MRZ and printed text disagree on ${diff.join(', ')}`, { fields: diff, source: 'mrz' }));
  } else if (mrz && mrzReport?.viz && mrzReport.viz.confidence >= 0.6) {
    // No layout for this document (passports): the printed zone must at least show most MRZ values.
    const { found, missing } = compareVisualZone(mrzReport.viz.lines, mrz.fields);
    if (found.length < 2 && missing.length > 0) {
      review(reason('FIELD_MISMATCH', `The printed zone does not show the MRZ's ${missing.join(', ')}`, { fields: missing, source: 'mrz', found }));
    }
  }
  const minConfidence = opts.minConfidence ?? 0.6;
  const verified = (mrz?.valid ?? false) || aamva !== null;
  if (found && !verified && ocrConfidence < minConfidence) {
    review(reason('LOW_CONFIDENCE', `OCR confidence ${ocrConfidence.toFixed(2)} is below ${minConfidence}`, { ocrConfidence, minConfidence }));
  }
  if (found && !mrz && !aamva) {
    const missing = (['lastName', 'dateOfBirth', 'documentNumber'] as const).filter((k) => !fields[k]);
    if (missing.length > 0) review(reason('INCOMPLETE_FIELDS', `Fields not read: ${missing.join(', ')}`, { fields: missing }));
  }

  // The portrait: on the image the fields came from, else on the others (an ID card's MRZ is on the back).
  let portrait: Box | null = null;
  let portraitImage: number | null = null;
  if (opts.portrait !== false && reports.some((r) => !r.skipped)) {
    // Also without a recognised document: face matching only needs the face on the card.
    const first = sourceImage ?? 0;
    const order = [first, ...decoded.map((_, i) => i).filter((i) => i !== first)].filter((i) => !reports[i]?.skipped);
    try {
      for (const i of order) {
        if (Math.min(decoded[i]!.width, decoded[i]!.height) < MIN_SIDE) continue;
        const turns = i === sourceImage ? uprightTurns : (reports[i]?.mrz?.uprightTurns ?? reports[i]?.viz?.uprightTurns ?? 0);
        const pre = early.get(i);
        portrait = pre && turns === 0 ? await pre : await findPortrait(decoded[i]!, turns);
        if (portrait) {
          portraitImage = i;
          break;
        }
      }
    } catch (e) {
      // The portrait is optional: a missing detector model must not fail the document read.
      reasons.push(reason('PORTRAIT_UNAVAILABLE', `Portrait detection failed: ${(e as Error).message}`));
    }
    if (found && !portrait && !reasons.some((r) => r.code === 'PORTRAIT_UNAVAILABLE')) reasons.push(reason('NO_PORTRAIT', 'No face was found on the document'));
  }

  return {
    documentType,
    country,
    fields,
    mrz: mrz ? publicMrz(mrz) : null,
    barcode: barcodeReport?.barcode ?? null,
    ocrConfidence: Math.round(ocrConfidence * 1000) / 1000,
    portrait,
    portraitImage,
    sourceImage,
    result,
    reasons,
    timingMs: Math.round(performance.now() - started),
  };
}

