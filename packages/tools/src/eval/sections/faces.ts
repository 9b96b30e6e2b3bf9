import { type RgbImage, loadImage } from '@provefy/core';
import { type FacePair, loadFacePairs } from '../datasets/faces.js';
import { timed } from '../metrics/latency.js';
import { aucRank, equalErrorRate, ratesAtThreshold, rocCurve, type TarAtFar, tarAtFar } from '../metrics/roc.js';
import type { FailureRow, SectionContext, SectionReport } from '../types.js';
import type { FaceMatcherFn, MatchFacesFn, MatchFacesResultShape, PreparedFaceShape } from './check-shapes.js';
import { findCheck } from './check-loader.js';
import { errorText, fmt, isFatalCheckError, latency, notSupported, round, sectionError, share, worst } from './section-helpers.js';

/** Pairs timed through `matchFaces` on freshly decoded images for the per-pair latency. */
const LATENCY_SAMPLE = 20;

type Decisions = { PASS: number; REVIEW: number; FAIL: number; error: number };
const noDecisions = (): Decisions => ({ PASS: 0, REVIEW: 0, FAIL: 0, error: 0 });

/** The role an image plays in a pair, and the cache key of its prepared face. */
function roleOf(pair: FacePair, side: 'a' | 'b', kind: 'photo' | 'document'): { role: 'selfie' | 'document'; kind: 'photo' | 'document'; key: string; path: string; rel: string } {
  // A second photo takes exactly the selfie's path (largest face), so the two share one preparation.
  const role = side === 'b' && kind === 'document' ? 'document' : 'selfie';
  const path = side === 'a' ? pair.aPath : pair.bPath;
  return { role, kind, key: `${kind}:${role}:${path}`, path, rel: side === 'a' ? pair.a : pair.b };
}

const tarJson = (t: TarAtFar) => ({ tar: round(t.tar), far: round(t.far, 6), threshold: round(t.threshold), impostorPairs: t.impostors, belowResolution: t.belowResolution });

/**
 * Face verification on `faces/pairs.json`. Every distinct image is prepared once (decode, detect, re-detect
 * small faces, align, embed: `faceMatcher().prepare`) and every pair is decided from the prepared faces by
 * `faceMatcher().decide`, the very code `matchFaces` runs, so the decisions are those of `matchFaces` on each
 * pair at the cost of embedding the images. Reports ROC AUC, EER, TAR at FAR 1e-2, 1e-3 and 1e-4 with the
 * number of impostor pairs behind each, the decisions (PASS / REVIEW / FAIL) per class, and latency. A pair in
 * which a face is missing scores -Infinity (always rejected) and is counted.
 *
 * @example
 * ```ts
 * const report = await runFacesSection({ labelsFile: 'fixtures/lfw/faces/pairs.json', options: {}, progress: silentProgress, maxFailures: 10 });
 * report.metrics.tarAtFar1e4; // { tar: 0.93, impostorPairs: 31115, ... }
 * ```
 */
export async function runFacesSection(ctx: SectionContext): Promise<SectionReport> {
  const pairs = loadFacePairs(ctx.labelsFile);
  const found = await findCheck<FaceMatcherFn>('face', ['faceMatcher']);
  if (!found.fn) return notSupported('faces', ctx.labelsFile, pairs.length, found.reason);
  const matchFaces = (await findCheck<MatchFacesFn>('face', ['matchFaces'])).fn;
  const t0 = performance.now();
  const o = ctx.options;
  const modelOpts = { ...(o.profile ? { profile: o.profile } : {}), ...(o.detector ? { detector: o.detector } : {}), ...(o.recognizer ? { recognizer: o.recognizer } : {}), ...(o.fusion !== undefined ? { fusion: o.fusion } : {}) };
  const kindOf = (p: FacePair) => o.facesKind ?? p.kind ?? 'photo';
  // One matcher per kind of second image: a comparison against a document is embedded in grey, a photo pair in colour.
  const matchers: Partial<Record<'photo' | 'document', ReturnType<FaceMatcherFn>>> = {};
  try {
    for (const kind of new Set(pairs.map(kindOf))) matchers[kind] = found.fn({ ...modelOpts, documentKind: kind });
  } catch (e) {
    return sectionError('faces', ctx.labelsFile, pairs.length, errorText(e), 0);
  }
  const matcher = (matchers.photo ?? matchers.document)!;

  // 1. Every distinct image in its role, once: decode, prepare (detect, align, embed), drop the pixels.
  const todo = new Map<string, { role: 'selfie' | 'document'; kind: 'photo' | 'document'; path: string; rel: string }>();
  for (const p of pairs) for (const s of ['a', 'b'] as const) {
    const r = roleOf(p, s, kindOf(p));
    if (!todo.has(r.key)) todo.set(r.key, r);
  }
  const prepared = new Map<string, PreparedFaceShape | { error: string }>();
  const prepareMs: number[] = [];
  const noFaceImages: string[] = [];
  const undecodable: string[] = [];
  ctx.progress.start('faces', todo.size + LATENCY_SAMPLE);
  for (const [key, t] of todo) {
    const img = await loadImage(t.path).catch(() => null);
    if (!img) {
      undecodable.push(t.rel);
      prepared.set(key, { error: 'image could not be decoded' });
    } else {
      const r = await timed(() => matchers[t.kind]!.prepare(img, t.role));
      if (r.error && isFatalCheckError(r.error)) return sectionError('faces', ctx.labelsFile, pairs.length, errorText(r.error), (performance.now() - t0) / 1000);
      prepareMs.push(r.ms);
      prepared.set(key, r.error ? { error: errorText(r.error) } : r.value!);
      if (r.error || !r.value!.side) noFaceImages.push(t.rel);
    }
    ctx.progress.tick();
  }

  // 2. Every pair decided from the prepared faces.
  const genuine: number[] = [];
  const impostor: number[] = [];
  const rows: { pair: FacePair; score: number; result: MatchFacesResultShape | null; error: string | null }[] = [];
  const kinds = { photo: 0, document: 0 };
  const decisions = { genuine: noDecisions(), impostor: noDecisions() };
  const official = { genuine: noDecisions(), impostor: noDecisions() };
  const hasExtra = pairs.some((p) => p.extra);
  for (const pair of pairs) {
    const kind = kindOf(pair);
    kinds[kind]++;
    const a = prepared.get(roleOf(pair, 'a', kind).key)!;
    const b = prepared.get(roleOf(pair, 'b', kind).key)!;
    let result: MatchFacesResultShape | null = null;
    let error: string | null = null;
    if ('error' in a) error = a.error;
    else if ('error' in b) error = b.error;
    else result = matchers[kind]!.decide(a, b);
    const bothFaces = result !== null && (a as PreparedFaceShape).side !== null && (b as PreparedFaceShape).side !== null;
    const score = bothFaces ? (result!.similarityScore ?? Number.NEGATIVE_INFINITY) : Number.NEGATIVE_INFINITY;
    (pair.same ? genuine : impostor).push(score);
    const cls = pair.same ? 'genuine' : 'impostor';
    decisions[cls][result ? result.result : 'error']++;
    if (!pair.extra) official[cls][result ? result.result : 'error']++;
    rows.push({ pair, score, result, error });
  }

  // 3. Latency of matchFaces itself, end to end on freshly decoded images, for pairs spread over the set.
  const matchMs: number[] = [];
  const step = Math.max(1, Math.floor(pairs.length / LATENCY_SAMPLE));
  for (let i = 0; i < LATENCY_SAMPLE; i++) {
    const pair = pairs[i * step];
    if (pair && matchFaces) {
      const [a, b] = await Promise.all([loadImage(pair.aPath).catch(() => null), loadImage(pair.bPath).catch(() => null)]);
      if (a && b) {
        const r = await timed(() => matchFaces(a as RgbImage, b as RgbImage, { ...modelOpts, documentKind: kindOf(pair) }));
        if (!r.error) matchMs.push(r.ms);
      }
    }
    ctx.progress.tick();
  }

  const thr = matcher.plan.threshold;
  const [reviewFrom] = matcher.plan.reviewBand;
  const rates = ratesAtThreshold(genuine, impostor, thr);
  const eer = equalErrorRate(genuine, impostor);
  const tars = { tarAtFar1e2: tarAtFar(genuine, impostor, 1e-2), tarAtFar1e3: tarAtFar(genuine, impostor, 1e-3), tarAtFar1e4: tarAtFar(genuine, impostor, 1e-4) };
  const pairsWithoutFace = rows.filter((r) => !Number.isFinite(r.score)).length;
  const checkErrors = rows.filter((r) => r.error).length;

  const failures: FailureRow[] = [];
  for (const r of rows) {
    const d = r.result?.result;
    const wrong = r.pair.same ? d !== 'PASS' : d !== 'FAIL';
    if (!wrong) continue;
    const pred = r.error ? r.error : !Number.isFinite(r.score) ? `no face (${d ?? 'n/a'})` : `similarity ${fmt(r.score)} ${d ?? ''}`.trim();
    failures.push({
      file: `${r.pair.a} vs ${r.pair.b}`,
      truth: r.pair.same ? 'same person' : 'different people',
      // An impostor PASS is the worst outcome; then distance from the threshold.
      prediction: pred,
      severity: (d === 'PASS' && !r.pair.same ? 2 : 0) + (Number.isFinite(r.score) ? Math.abs(r.score - thr) : 1),
    });
  }

  const perImage = latency(prepareMs);
  const notes = [
    kinds.document === 0
      ? 'The second image of each pair is treated as a photo (largest face). For selfie-versus-ID sets declare "kind": "document" in pairs.json (or pass --faces-kind document) so the printed portrait is searched.'
      : kinds.photo === 0
        ? 'The second image of each pair is an identity document: the printed portrait is searched.'
        : `Second images: ${kinds.photo} pairs as photos, ${kinds.document} as documents (portrait search).`,
    `Each image is decoded and prepared once (detect, re-detect small faces, align, embed: ${todo.size} preparations for ${pairs.length} pairs) and every pair is decided from the prepared faces by the same code as matchFaces (faceMatcher().decide).`,
    'A pair where a face is not found (or the check fails) scores -Infinity: rejected, and counted in pairsWithoutFace.',
    `Decisions: PASS from the threshold ${fmt(thr)} up, REVIEW from ${fmt(reviewFrom)} to the threshold, FAIL below (quality and extra faces can only make them more cautious). FAR and FRR at threshold count similarity >= threshold.`,
    `TAR at FAR x is the best TAR over thresholds whose measured FAR on these ${impostor.length} impostor pairs is <= x; a target below 1/${impostor.length} is flagged.`,
    `prepareLatencyMs is per image (decode excluded); latencyMs is matchFaces end to end on freshly decoded images for ${matchMs.length} pairs spread over the set.`,
  ];
  for (const [k, t] of Object.entries(tars)) if (t.belowResolution) notes.push(`${k}: FAR ${t.targetFar} is below the resolution of ${impostor.length} impostor pairs: the TAR shown is at FAR 0.`);
  if (hasExtra) notes.push(`decisionsOfficial counts only the benchmark's own pairs (${pairs.filter((p) => !p.extra).length}); decisions counts every pair, including the ${pairs.filter((p) => p.extra).length} extra impostor pairs.`);

  const elapsedS = (performance.now() - t0) / 1000;
  ctx.progress.end(`AUC ${fmt(aucRank(genuine, impostor), 4)}, TAR@FAR1e-4 ${fmt(tars.tarAtFar1e4.tar)}, impostor PASS ${decisions.impostor.PASS}/${impostor.length}, genuine PASS ${decisions.genuine.PASS}/${genuine.length}`);
  return {
    name: 'faces',
    status: 'ok',
    labelsFile: ctx.labelsFile,
    items: pairs.length,
    metrics: {
      model: matcher.plan.model,
      detector: matcher.plan.detector,
      genuinePairs: genuine.length,
      impostorPairs: impostor.length,
      auc: round(aucRank(genuine, impostor), 5),
      eer: round(eer.eer),
      eerThreshold: round(eer.threshold),
      tarAtFar1e2: tarJson(tars.tarAtFar1e2),
      tarAtFar1e3: tarJson(tars.tarAtFar1e3),
      tarAtFar1e4: tarJson(tars.tarAtFar1e4),
      threshold: round(thr),
      reviewBand: matcher.plan.reviewBand,
      accuracy: round(rates.accuracy),
      far: round(rates.far, 6),
      frr: round(rates.frr),
      falseAccepts: rates.falsePositives,
      falseRejects: rates.falseNegatives,
      decisions,
      ...(hasExtra ? { decisionsOfficial: official } : {}),
      genuinePass: share(decisions.genuine.PASS, genuine.length),
      impostorPass: share(decisions.impostor.PASS, impostor.length),
      images: todo.size,
      imagesWithoutFace: { ...share(noFaceImages.length, todo.size), files: noFaceImages.slice(0, 50) },
      undecodableImages: undecodable,
      pairsWithoutFace,
      secondImageKind: kinds,
      checkErrors,
      prepareLatencyMs: perImage,
    },
    latencyMs: latency(matchMs),
    failures: worst(failures, ctx.maxFailures),
    notes,
    curves: { roc: rocCurve(genuine, impostor), classes: { positive: 'genuine pairs', negative: 'impostor pairs' }, threshold: thr },
    elapsedS,
  };
}
