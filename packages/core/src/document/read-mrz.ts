import type { Point, RgbImage } from '../image/types.js';
import { bandGeometry, bandToSource, sampleBand } from './locate/extract-band.js';
import { type MrzBandCandidate, findMrzBands } from './locate/find-mrz-band.js';
import { type GrayImage, encodePgm, workingGray } from './locate/gray-image.js';
import { type AssembledMrz, assembleMrz } from './mrz/assemble-lines.js';
import { recognize } from './ocr/tesseract-pool.js';

/** Longer side of the working image the MRZ is searched in. */
export const WORK_SIDE = 1000;
/** Working size of the second search, for small documents in large photos. */
const FINE_WORK_SIDE = 2000;
/** Text height in the band given to Tesseract (its LSTM rescales lines itself; smaller is a little faster). */
const OCR_CHAR_HEIGHT = 24;
/** Candidate bands OCR'd at most per image. */
const MAX_CANDIDATES = 3;
/** Candidates scoring below this are not OCR'd (real MRZs score 12 and more on the fixtures). */
const MIN_CANDIDATE_SCORE = 8;
/** An upright candidate this strong is read before the turned page is searched at all. */
const STRONG_CANDIDATE_SCORE = 12;

/** An MRZ read from one image, with where it was. */
export interface MrzImageReading {
  readonly assembled: AssembledMrz;
  /** Clockwise quarter turns that make the document upright. */
  readonly uprightTurns: 0 | 1 | 2 | 3;
  /** Corners of the MRZ band in source pixels (top-left, top-right, bottom-right, bottom-left of the upright band). */
  readonly corners: readonly Point[];
  /** Text height in source pixels. */
  readonly charHeight: number;
  /** OCR passes run. */
  readonly ocrPasses: number;
}

interface Attempt {
  candidate: MrzBandCandidate;
  flip: boolean;
  charHeight: number;
  /** OCR each located line on its own, in parallel (fast), instead of the whole band as a block. */
  perLine: boolean;
}

interface AttemptResult extends Attempt {
  assembled: AssembledMrz | null;
  corners: Point[];
  /** Characters in the longest OCR line (spaces removed). */
  longestLine: number;
  /** Highest OCR confidence of a line (0-1). */
  maxConfidence: number;
}

export interface ReadMrzOptions {
  now?: Date;
  /** Stop after this many OCR passes (default 8). */
  maxOcrPasses?: number;
}

function isGood(a: AssembledMrz | null): boolean {
  return a?.reading.valid === true;
}

/**
 * Enough structure to be an MRZ read the right way up: a sound structure (document code, real dates, sex)
 * and a passing check digit, or two passing check digits.
 */
function isPlausible(a: AssembledMrz | null): boolean {
  if (!a || a.lengthEdits > 6) return false;
  const valid = a.reading.checks.filter((c) => c.valid).length;
  if (a.reading.checks.length === 0) return a.reading.problems.length === 0;
  return (a.reading.problems.length === 0 && valid >= 1) || valid >= 2;
}

function better(a: AttemptResult | null, b: AttemptResult): AttemptResult {
  if (!a?.assembled) return b;
  if (!b.assembled) return a;
  return b.assembled.score > a.assembled.score ? b : a;
}

/**
 * Finds and reads the machine-readable zone of a document photo or scan: locates candidate zones of
 * 2-3 OCR-B lines on a 1000 px grey copy (as is and turned by 90 degrees; again at 2000 px for a small
 * document in a large photo), OCRs only those lines (each deskewed along its own slope, text scaled to
 * 24 px, grey PGM, read in parallel) with the `mrz` Tesseract model, tries the other 180-degree turn when
 * the text reads as garbage, and assembles, repairs and checks the lines. Returns null when no zone reads
 * as an MRZ.
 *
 * @example
 * ```ts
 * const r = await readMrzFromImage(await loadImage('passport.jpg'));
 * r?.assembled.reading.lines; // ['P<UTO...', 'L898902C3...']
 * ```
 */
export async function readMrzFromImage(img: RgbImage, opts: ReadMrzOptions = {}): Promise<MrzImageReading | null> {
  const first = await readAtScale(img, WORK_SIDE, opts);
  if (first || Math.max(img.width, img.height) <= WORK_SIDE * 1.4) return first;
  // A small document in a large photo: its MRZ text is only a few pixels tall at the usual working size.
  return readAtScale(img, FINE_WORK_SIDE, opts);
}

async function readAtScale(img: RgbImage, side: number, opts: ReadMrzOptions): Promise<MrzImageReading | null> {
  const { image: work, scale } = workingGray(img, side);
  const workInfo = { width: work.width, height: work.height, scale };
  const maxPasses = opts.maxOcrPasses ?? 8;
  let passes = 0;
  let best: AttemptResult | null = null;

  const run = async (at: Attempt): Promise<AttemptResult> => {
    passes++;
    const geom = bandGeometry(at.candidate, workInfo, { charHeight: at.charHeight, flip: at.flip });
    const corners = [bandToSource(geom, 0, 0), bandToSource(geom, geom.width, 0), bandToSource(geom, geom.width, geom.height), bandToSource(geom, 0, geom.height)];
    let texts: { text: string; confidence: number; charConfidences: number[] }[];
    if (at.perLine) {
      const lines = at.flip ? [...at.candidate.lines].reverse() : at.candidate.lines;
      const results = await Promise.all(
        lines.map((line) => {
          const g = bandGeometry(at.candidate, workInfo, { charHeight: at.charHeight, flip: at.flip, line });
          return recognize(encodePgm(sampleBand(img, g)), { lang: 'mrz', psm: 'line' });
        }),
      );
      texts = results.map((r) => ({
        text: r.lines.map((l) => l.text).join(''),
        confidence: r.confidence,
        charConfidences: r.lines.flatMap((l) => l.symbols.map((s) => s.confidence)),
      }));
    } else {
      const band: GrayImage = sampleBand(img, geom);
      const ocr = await recognize(encodePgm(band), { lang: 'mrz', psm: 'block' });
      texts = ocr.lines.map((l) => ({ text: l.text, confidence: l.confidence, charConfidences: l.symbols.map((s) => s.confidence) }));
    }
    const assembled = assembleMrz(texts, { now: opts.now });
    const longestLine = Math.max(0, ...texts.map((x) => x.text.replace(/\s+/g, '').length));
    const maxConfidence = Math.max(0, ...texts.map((x) => x.confidence));
    return { ...at, assembled, corners, longestLine, maxConfidence };
  };

  // Weak groups (ruled lines, barcode rows: no character gaps, little width) are not worth an OCR pass.
  const search = (turns: readonly (0 | 1)[]) =>
    findMrzBands(work, { turns })
      .filter((c) => c.score >= MIN_CANDIDATE_SCORE)
      .slice(0, MAX_CANDIDATES);
  // The page as it is first; when it holds no strong candidate, both orientations ranked together, so that a
  // sideways page does not cost OCR passes on false bands. The turned page is searched later in any case.
  let upright = search([0]);
  let searchedTurned = false;
  if (upright.length === 0 || upright[0]!.score < STRONG_CANDIDATE_SCORE) {
    upright = search([0, 1]);
    searchedTurned = true;
  }
  const queue = [...upright];
  const tried = new Set<MrzBandCandidate>();
  while (queue.length > 0) {
    const c = queue.shift()!;
    if (tried.has(c)) continue;
    tried.add(c);
    if (queue.length === 0 && !searchedTurned) {
      searchedTurned = true;
      queue.push(...search([1]));
    }
    {
      if (passes >= maxPasses) break;
      // An MRZ sits at the bottom of its document: with more text below it than above, read it upside down first.
      const flipFirst = c.textAboveBelow < -0.2;
      let r = await run({ candidate: c, flip: flipFirst, charHeight: OCR_CHAR_HEIGHT, perLine: true });
      best = better(best, r);
      if (isGood(r.assembled)) return toReading(r, passes, scale);
      // Text far shorter than an MRZ line reads the same length either way up: not an MRZ.
      if (r.longestLine < 24) continue;
      if (!isPlausible(r.assembled)) {
        // Confidently read text that is no MRZ is upright ordinary text; upside-down text reads with low confidence.
        if (r.maxConfidence >= 0.4) continue;
        if (passes < maxPasses) {
          r = await run({ candidate: c, flip: !flipFirst, charHeight: OCR_CHAR_HEIGHT, perLine: true });
          best = better(best, r);
          if (isGood(r.assembled)) return toReading(r, passes, scale);
        }
        if (!isPlausible(r.assembled) && passes < maxPasses) {
          // A line may have been missed or split: read the whole band as a block, the more confident way up.
          const flip = r.maxConfidence >= 0.2 ? r.flip : flipFirst;
          r = await run({ candidate: c, flip, charHeight: OCR_CHAR_HEIGHT, perLine: false });
          best = better(best, r);
          if (isGood(r.assembled)) return toReading(r, passes, scale);
        }
      }
      if (isPlausible(r.assembled)) {
        // Right way up but not every check passes: read again as a block and at other text sizes; keep the best.
        for (const [ch, perLine] of [
          [OCR_CHAR_HEIGHT, false],
          [32, true],
        ] as const) {
          if (passes >= maxPasses) break;
          if (ch === r.charHeight && perLine === r.perLine) continue;
          const again = await run({ candidate: c, flip: r.flip, charHeight: ch, perLine });
          best = better(best, again);
          if (isGood(again.assembled)) return toReading(again, passes, scale);
        }
        return best?.assembled ? toReading(best, passes, scale) : null;
      }
    }
  }
  return best && isPlausible(best.assembled) ? toReading(best, passes, scale) : null;
}

function toReading(r: AttemptResult, passes: number, scale: number): MrzImageReading {
  const uprightTurns = ((r.candidate.quarterTurns + (r.flip ? 2 : 0)) % 4) as 0 | 1 | 2 | 3;
  return { assembled: r.assembled!, uprightTurns, corners: r.corners, charHeight: r.candidate.charHeight / scale, ocrPasses: passes };
}
