import { estimateAge } from '../age/estimate-age.js';
import { encodePgm, workingGray } from '../document/locate/gray-image.js';
import { ocrWorkerCount, recognize, warmUpOcr } from '../document/ocr/tesseract-pool.js';
import { readMrzFromImage } from '../document/read-mrz.js';
import { analyseFace } from '../face/analyse-face.js';
import { matchFaces } from '../face/match/match-faces.js';
import { faceQuality } from '../face/quality.js';
import type { FaceAnalysis } from '../face/types.js';
import { encodeJpeg, loadImage } from '../image/load-image.js';
import { verifyLiveness } from '../liveness/verify-liveness.js';
import { selectProfile } from '../models/profiles.js';
import { syntheticFace, syntheticMrzLine, syntheticMrzPage } from './synthetic-inputs.js';

export interface WarmUpChecksOptions {
  /** Run the face checks (`estimateAge`, `matchFaces`, `verifyLiveness`) once (default true). */
  faces?: boolean;
  /** Run the MRZ search and one OCR recognition per MRZ worker (default true). */
  document?: boolean;
}

/** What {@link warmUpChecks} ran, and the first error of each part (a warm-up never throws). */
export interface WarmUpChecksResult {
  readonly ms: number;
  readonly faces: { readonly ran: boolean; readonly error?: string };
  readonly document: { readonly ran: boolean; readonly ocrWorkers: number; readonly error?: string };
}

/**
 * Runs each check once on synthetic inputs (a drawn face with its detection, a drawn MRZ-like page), after the models
 * and OCR workers are loaded, so that the first real verification of a server does not pay for what only a first run
 * does: V8 compiling the pixel code (alignment, crops, tensors, the MRZ search), sharp's first encode and decode, and
 * each OCR worker's first recognition. Nothing of the outputs is kept; no real image is involved. A part that fails is
 * reported, never thrown: the check then simply pays on its first real call. Each part runs once per process (later
 * calls answer the first run's result), again after `dispose()`.
 *
 * On the 2-core machine, after `warmup()` and `warmUpDocumentReader()`, a first `estimateAge` took 124-157 ms and a
 * first `readDocument` 277-371 ms; after this warm-up 80-88 and 206-251 ms (later calls: 35-65 and 138-250 ms; docs/models.md).
 *
 * @example
 * ```ts
 * await Promise.all([warmup(), warmUpDocumentReader()]);
 * const r = await warmUpChecks(); // { ms: 600, faces: { ran: true }, document: { ran: true, ocrWorkers: 2 } }
 * ```
 */
export async function warmUpChecks(opts: WarmUpChecksOptions = {}): Promise<WarmUpChecksResult> {
  const started = performance.now();
  const [faces, document] = await Promise.all([
    opts.faces === false ? { ran: false } : (warmed.faces ??= warmFaces()),
    opts.document === false ? { ran: false, ocrWorkers: 0 } : (warmed.document ??= warmDocument()),
  ]);
  return { ms: Math.round(performance.now() - started), faces, document };
}

/** Each part runs once per process (what it warms is process-wide) until {@link forgetWarmUp}. */
const warmed: { faces?: Promise<{ ran: true; error?: string }>; document?: Promise<{ ran: true; ocrWorkers: number; error?: string }> } = {};

/** Lets the next {@link warmUpChecks} run again: `dispose()` calls it, since it ends the workers and sessions warmed. */
export function forgetWarmUp(): void {
  delete warmed.faces;
  delete warmed.document;
}

async function warmFaces(): Promise<{ ran: true; error?: string }> {
  try {
    const { image, face } = syntheticFace();
    // Encode and decode as an upload is, and run the detector on it (whatever it finds).
    await analyseFace(await encodeJpeg(image, 90));
    const analysis: FaceAnalysis = {
      kind: 'face-analysis',
      image,
      faces: [face],
      face,
      faceCount: 1,
      quality: faceQuality(image, face),
      detector: selectProfile().detector,
    };
    await Promise.all([estimateAge(analysis), matchFaces(analysis, analysis)]);
    await verifyLiveness([analysis, analysis]);
    return { ran: true };
  } catch (e) {
    return { ran: true, error: (e as Error)?.message ?? String(e) };
  }
}

async function warmDocument(): Promise<{ ran: true; ocrWorkers: number; error?: string }> {
  try {
    await warmUpOcr(['mrz']);
    const workers = ocrWorkerCount('mrz');
    // One recognition per worker (all at once, so each worker takes one).
    const line = encodePgm(workingGray(syntheticMrzLine(), 2000).image);
    await Promise.all(Array.from({ length: workers }, () => recognize(line, { lang: 'mrz', psm: 'line' })));
    // The MRZ search on a page, decoded as an upload is.
    await readMrzFromImage(await loadImage(await encodeJpeg(syntheticMrzPage(), 90)));
    return { ran: true, ocrWorkers: workers };
  } catch (e) {
    return { ran: true, ocrWorkers: ocrWorkerCount('mrz'), error: (e as Error)?.message ?? String(e) };
  }
}
