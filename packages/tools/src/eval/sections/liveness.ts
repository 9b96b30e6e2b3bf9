import { loadLivenessItems } from '../datasets/liveness.js';
import { timed } from '../metrics/latency.js';
import { aucRank, padRates, rocCurve } from '../metrics/roc.js';
import type { FailureRow, SectionContext, SectionReport } from '../types.js';
import type { LivenessResultShape, VerifyLivenessFn } from './check-shapes.js';
import { findCheck } from './check-loader.js';
import { errorText, fmt, imageCache, isFatalCheckError, latency, notSupported, round, saysNoFace, sectionError, share, worst } from './section-helpers.js';

/**
 * Passive liveness on `liveness/labels.json` (one still image per item): APCER, BPCER and ACER at the
 * check's configured threshold (live when livenessScore >= threshold), ROC AUC, faces not found.
 *
 * @example
 * ```ts
 * const report = await runLivenessSection({ labelsFile: 'fixtures/liveness/labels.json', options: {}, progress: silentProgress, maxFailures: 10 });
 * report.metrics.acer;
 * ```
 */
export async function runLivenessSection(ctx: SectionContext): Promise<SectionReport> {
  const items = loadLivenessItems(ctx.labelsFile);
  const found = await findCheck<VerifyLivenessFn>('liveness', ['verifyLiveness']);
  if (!found.fn) return notSupported('liveness', ctx.labelsFile, items.length, found.reason);
  const verifyLiveness = found.fn;
  const t0 = performance.now();
  const images = imageCache();
  const live: number[] = [];
  const spoof: number[] = [];
  const ms: number[] = [];
  const rows: { file: string; label: string; attack: string | null; score: number; result: LivenessResultShape | null; error: string | null; noFace: boolean }[] = [];
  let threshold: number | null = null;
  const decisions = { live: { PASS: 0, REVIEW: 0, FAIL: 0, error: 0 }, spoof: { PASS: 0, REVIEW: 0, FAIL: 0, error: 0 } };
  ctx.progress.start('liveness', items.length);
  for (const it of items) {
    const r = await timed(async () => verifyLiveness(await images.get(it.path), ctx.options.profile ? { profile: ctx.options.profile } : {}));
    let score = Number.NEGATIVE_INFINITY;
    let result: LivenessResultShape | null = null;
    let error: string | null = null;
    let noFace = false;
    if (r.error) {
      if (isFatalCheckError(r.error)) return sectionError('liveness', ctx.labelsFile, items.length, errorText(r.error), (performance.now() - t0) / 1000);
      error = errorText(r.error);
      noFace = /NO_FACE/.test(error);
    } else {
      ms.push(r.ms);
      result = r.value!;
      if (threshold === null && Number.isFinite(result.threshold)) threshold = result.threshold;
      noFace = saysNoFace(result) || (result.frames.length > 0 && result.frames.every((f) => !f.faceFound));
      if (typeof result.livenessScore === 'number' && Number.isFinite(result.livenessScore)) score = result.livenessScore;
    }
    (it.label === 'live' ? live : spoof).push(score);
    const d = decisions[it.label];
    if (result) d[result.result]++;
    else d.error++;
    rows.push({ file: it.file, label: it.label, attack: it.attack, score, result, error, noFace });
    ctx.progress.tick();
  }
  const thr = threshold ?? Number.NaN;
  const both = live.length > 0 && spoof.length > 0;
  const pad = Number.isFinite(thr) ? padRates(live, spoof, thr) : null;
  const failures: FailureRow[] = rows
    .filter((r) => (r.label === 'live') !== (Number.isFinite(thr) ? r.score >= thr : r.result?.result === 'PASS'))
    .map((r) => ({
      file: r.file,
      truth: r.label === 'live' ? 'live' : `spoof${r.attack ? ` (${r.attack})` : ''}`,
      prediction: r.error ?? `score ${fmt(r.score)} ${r.result?.result ?? ''}${r.noFace ? ' (no face)' : ''}`.trim(),
      severity: Number.isFinite(r.score) ? Math.abs(r.score - (Number.isFinite(thr) ? thr : 0.5)) : 1,
    }));
  const facesNotFound = rows.filter((r) => r.noFace).length;
  const elapsedS = (performance.now() - t0) / 1000;
  ctx.progress.end(pad ? `APCER ${fmt(pad.apcer)}, BPCER ${fmt(pad.bpcer)}` : undefined);
  return {
    name: 'liveness',
    status: 'ok',
    labelsFile: ctx.labelsFile,
    items: items.length,
    metrics: {
      live: live.length,
      spoof: spoof.length,
      threshold: round(thr),
      apcer: round(pad?.apcer),
      bpcer: round(pad?.bpcer),
      acer: round(pad?.acer),
      auc: both ? round(aucRank(live, spoof)) : null,
      facesNotFound: share(facesNotFound, items.length),
      decisions,
    },
    latencyMs: latency(ms),
    failures: worst(failures, ctx.maxFailures),
    notes: [
      `Each image is one frame: verifyLiveness(image). Live when livenessScore >= the configured threshold (${fmt(thr)}); APCER = spoofs accepted / spoofs, BPCER = live rejected / live.`,
      'An image without a face scores -Infinity (rejected) and counts in facesNotFound.',
      ...(items.length < 50 ? [`Only ${items.length} images: a smoke test, not a measurement of attack resistance.`] : []),
    ],
    ...(both ? { curves: { roc: rocCurve(live, spoof), classes: { positive: 'live', negative: 'spoof' }, threshold: Number.isFinite(thr) ? thr : null } } : {}),
    elapsedS,
  };
}
