import type { RgbImage } from '../../image/types.js';
import { loadFacePairs } from '../datasets/faces.js';
import { timed } from '../metrics/latency.js';
import { aucRank, equalErrorRate, ratesAtThreshold, rocCurve, tarAtFar } from '../metrics/roc.js';
import type { FailureRow, SectionContext, SectionReport } from '../types.js';
import type { MatchFacesFn, MatchFacesResultShape } from './check-shapes.js';
import { findCheck } from './check-loader.js';
import { errorText, fmt, imageCache, isFatalCheckError, latency, notSupported, round, saysNoFace, sectionError, share, worst } from './section-helpers.js';

/** Pairs timed on fresh image copies for the per-pair latency. */
const LATENCY_SAMPLE = 40;

function copyImage(img: RgbImage): RgbImage {
  return { data: new Uint8Array(img.data), width: img.width, height: img.height, channels: 3 };
}

type AnalyseFn = (input: RgbImage) => Promise<{ face: unknown | null; faceCount: number }>;

/**
 * Face verification on `faces/pairs.json`: ROC AUC (rank statistic), EER, TAR at FAR 1e-2 and 1e-3 with the
 * number of impostor pairs, accuracy / FAR / FRR at the check's configured threshold, images without a face.
 * A pair in which a face is missing scores -Infinity (always rejected) and is counted.
 *
 * @example
 * ```ts
 * const report = await runFacesSection({ labelsFile: 'fixtures/faces/pairs.json', options: {}, progress: silentProgress, maxFailures: 10 });
 * report.metrics.auc; // e.g. 0.99
 * ```
 */
export async function runFacesSection(ctx: SectionContext): Promise<SectionReport> {
  const pairs = loadFacePairs(ctx.labelsFile);
  const found = await findCheck<MatchFacesFn>('face', ['matchFaces']);
  if (!found.fn) return notSupported('faces', ctx.labelsFile, pairs.length, found.reason);
  const matchFaces = found.fn;
  const analyse = (await findCheck<AnalyseFn>('face', ['analyseFace'])).fn;
  const t0 = performance.now();
  const images = imageCache();
  const profile = ctx.options.profile;

  // 1. Every distinct image once: decode and (when available) detect, to count images without a face.
  const files = [...new Map(pairs.flatMap((p) => [[p.aPath, p.a] as const, [p.bPath, p.b] as const])).entries()];
  const sample = pairs.filter((_, i) => i % Math.max(1, Math.ceil(pairs.length / LATENCY_SAMPLE)) === 0);
  const noFaceImages: string[] = [];
  const undecodable: string[] = [];
  const analyseMs: number[] = [];
  ctx.progress.start('faces', files.length + pairs.length + sample.length);
  for (const [path, rel] of files) {
    const img = await images.get(path).catch(() => null);
    if (!img) undecodable.push(rel);
    else if (analyse) {
      const r = await timed(() => analyse(img));
      if (r.error && isFatalCheckError(r.error)) return sectionError('faces', ctx.labelsFile, pairs.length, errorText(r.error), (performance.now() - t0) / 1000);
      analyseMs.push(r.ms);
      if (r.error || !r.value?.face) noFaceImages.push(rel);
    }
    ctx.progress.tick();
  }

  // 2. Every pair through matchFaces.
  const genuine: number[] = [];
  const impostor: number[] = [];
  const matchMs: number[] = [];
  const rows: { pair: (typeof pairs)[number]; score: number; result: MatchFacesResultShape | null; error: string | null }[] = [];
  let threshold: number | null = null;
  let errors = 0;
  const kinds = { photo: 0, document: 0 };
  const decisions = { genuine: { PASS: 0, REVIEW: 0, FAIL: 0, error: 0 }, impostor: { PASS: 0, REVIEW: 0, FAIL: 0, error: 0 } };
  for (const pair of pairs) {
    const [a, b] = await Promise.all([images.get(pair.aPath).catch(() => null), images.get(pair.bPath).catch(() => null)]);
    let score = Number.NEGATIVE_INFINITY;
    let result: MatchFacesResultShape | null = null;
    let error: string | null = null;
    if (!a || !b) error = 'image could not be decoded';
    else {
      const kind = ctx.options.facesKind ?? pair.kind ?? 'photo';
      kinds[kind]++;
      const r = await timed(() => matchFaces(a, b, { documentKind: kind, ...(profile ? { profile } : {}) }));
      if (r.error) {
        if (isFatalCheckError(r.error)) return sectionError('faces', ctx.labelsFile, pairs.length, errorText(r.error), (performance.now() - t0) / 1000);
        error = errorText(r.error);
        errors++;
      } else {
        result = r.value!;
        if (threshold === null && Number.isFinite(result.threshold)) threshold = result.threshold;
        const s = result.similarityScore;
        if (typeof s === 'number' && Number.isFinite(s) && !saysNoFace(result)) score = s;
      }
    }
    (pair.same ? genuine : impostor).push(score);
    const d = pair.same ? decisions.genuine : decisions.impostor;
    if (result) d[result.result]++;
    else d.error++;
    rows.push({ pair, score, result, error });
    ctx.progress.tick();
  }

  // 3. Latency on fresh copies of the decoded images (checks cache analyses per image object, so the
  //    pairs above mostly reuse work): up to LATENCY_SAMPLE pairs spread over the set.
  for (const pair of sample) {
    const [a, b] = await Promise.all([images.get(pair.aPath).catch(() => null), images.get(pair.bPath).catch(() => null)]);
    if (!a || !b) continue;
    const kind = ctx.options.facesKind ?? pair.kind ?? 'photo';
    const r = await timed(() => matchFaces(copyImage(a), copyImage(b), { documentKind: kind, ...(profile ? { profile } : {}) }));
    if (!r.error) matchMs.push(r.ms);
    ctx.progress.tick();
  }

  const thr = threshold ?? Number.NaN;
  const rates = Number.isFinite(thr) ? ratesAtThreshold(genuine, impostor, thr) : null;
  const eer = equalErrorRate(genuine, impostor);
  const tar2 = tarAtFar(genuine, impostor, 1e-2);
  const tar3 = tarAtFar(genuine, impostor, 1e-3);
  const pairsWithoutFace = rows.filter((r) => !Number.isFinite(r.score)).length;

  const failures: FailureRow[] = [];
  for (const r of rows) {
    const accepted = Number.isFinite(thr) ? r.score >= thr : r.result?.isMatch === true;
    if (r.pair.same === accepted) continue;
    const pred = r.error
      ? r.error
      : !Number.isFinite(r.score)
        ? `no face (${r.result?.result ?? 'n/a'})`
        : `similarity ${fmt(r.score)} ${r.result?.result ?? ''}`.trim();
    failures.push({
      file: `${r.pair.a} vs ${r.pair.b}`,
      truth: r.pair.same ? 'same person' : 'different people',
      prediction: pred,
      severity: Number.isFinite(r.score) ? Math.abs(r.score - (Number.isFinite(thr) ? thr : 0)) : 1,
    });
  }

  const notes = [
    kinds.document === 0
      ? 'The second image of each pair is treated as a photo (largest face). For selfie-versus-ID sets declare "kind": "document" in pairs.json (or pass --faces-kind document) so the printed portrait is searched.'
      : kinds.photo === 0
        ? 'The second image of each pair is an identity document: matchFaces searches it for the printed portrait.'
        : `Second images: ${kinds.photo} pairs as photos, ${kinds.document} as documents (portrait search).`,
    'A pair where a face is not found (or the check fails) scores -Infinity: rejected, and counted in pairsWithoutFace.',
    `Accuracy, FAR and FRR use the threshold the check reports (${fmt(thr)}): accept when similarity >= threshold.`,
    `Each image is decoded once and reused across pairs. latencyMs is per matchFaces call (detection, alignment, embedding, decision; decoding excluded) timed on fresh copies of the images for up to ${LATENCY_SAMPLE} pairs spread over the set; analyseLatencyMs is the face detection per image.`,
  ];
  if (tar3.belowResolution) {
    notes.push(`FAR 1e-3 is below the resolution of ${impostor.length} impostor pairs (1/${impostor.length} = ${(1 / impostor.length).toExponential(1)}): tarAtFar1e3 is the TAR at FAR 0.`);
  }
  if (tar2.belowResolution) notes.push(`FAR 1e-2 is below the resolution of ${impostor.length} impostor pairs: tarAtFar1e2 is the TAR at FAR 0.`);
  if (!analyse) notes.push('analyseFace is not available: imagesWithoutFace is not measured.');

  const tarJson = (t: typeof tar2) => ({ tar: round(t.tar), far: round(t.far, 6), threshold: round(t.threshold), impostorPairs: t.impostors, belowResolution: t.belowResolution });
  const elapsedS = (performance.now() - t0) / 1000;
  ctx.progress.end(`AUC ${fmt(aucRank(genuine, impostor))}, EER ${fmt(eer.eer)}`);
  return {
    name: 'faces',
    status: 'ok',
    labelsFile: ctx.labelsFile,
    items: pairs.length,
    metrics: {
      genuinePairs: genuine.length,
      impostorPairs: impostor.length,
      auc: round(aucRank(genuine, impostor)),
      eer: round(eer.eer),
      eerThreshold: round(eer.threshold),
      tarAtFar1e2: tarJson(tar2),
      tarAtFar1e3: tarJson(tar3),
      threshold: round(thr),
      accuracy: round(rates?.accuracy),
      far: round(rates?.far),
      frr: round(rates?.frr),
      falseAccepts: rates?.falsePositives ?? null,
      falseRejects: rates?.falseNegatives ?? null,
      decisions,
      images: files.length,
      imagesWithoutFace: analyse ? { ...share(noFaceImages.length, files.length), files: noFaceImages } : null,
      undecodableImages: undecodable,
      pairsWithoutFace,
      secondImageKind: kinds,
      checkErrors: errors,
      analyseLatencyMs: latency(analyseMs),
    },
    latencyMs: latency(matchMs),
    failures: worst(failures, ctx.maxFailures),
    notes,
    curves: { roc: rocCurve(genuine, impostor), classes: { positive: 'genuine pairs', negative: 'impostor pairs' }, threshold: Number.isFinite(thr) ? thr : null },
    elapsedS,
  };
}
