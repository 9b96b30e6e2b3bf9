import { loadAgeItems } from '../datasets/ages.js';
import { type AgeOutcome, ageMetrics } from '../metrics/age.js';
import { timed } from '../metrics/latency.js';
import type { FailureRow, SectionContext, SectionReport } from '../types.js';
import type { EstimateAgeFn } from './check-shapes.js';
import { findCheck } from './check-loader.js';
import { errorText, fmt, imageCache, isFatalCheckError, latency, notSupported, round, saysNoFace, sectionError } from './section-helpers.js';

/** The minimum age the section evaluates the decision for. */
export const EVAL_MIN_AGE = 18;

/**
 * Age estimation on `ages/labels.json`: MAE, share within ±5 years, and for minAge 18 with the check's
 * configured policy: minors that PASS, adults 25+ that FAIL or REVIEW, counts per age band x result.
 *
 * @example
 * ```ts
 * const report = await runAgesSection({ labelsFile: 'fixtures/ages/labels.json', options: {}, progress: silentProgress, maxFailures: 10 });
 * report.metrics.mae; // years
 * ```
 */
export async function runAgesSection(ctx: SectionContext): Promise<SectionReport> {
  const items = loadAgeItems(ctx.labelsFile);
  const found = await findCheck<EstimateAgeFn>('age', ['estimateAge']);
  if (!found.fn) return notSupported('ages', ctx.labelsFile, items.length, found.reason);
  const estimateAge = found.fn;
  const t0 = performance.now();
  const images = imageCache();
  const outcomes: (AgeOutcome & { file: string; note: string })[] = [];
  const ms: number[] = [];
  let errors = 0;
  let noFace = 0;
  ctx.progress.start('ages', items.length);
  for (const it of items) {
    const r = await timed(async () => estimateAge(await images.get(it.path), { minAge: EVAL_MIN_AGE, ...(ctx.options.profile ? { profile: ctx.options.profile } : {}) }));
    if (r.error) {
      if (isFatalCheckError(r.error)) return sectionError('ages', ctx.labelsFile, items.length, errorText(r.error), (performance.now() - t0) / 1000);
      errors++;
      // An error is data: no estimate, and the decision cannot be a PASS.
      outcomes.push({ file: it.file, truth: it.age, predicted: null, result: 'FAIL', note: errorText(r.error) });
    } else {
      ms.push(r.ms);
      const v = r.value!;
      const est = typeof v.estimatedAge === 'number' && Number.isFinite(v.estimatedAge) ? v.estimatedAge : null;
      if (est === null && saysNoFace(v)) noFace++;
      outcomes.push({ file: it.file, truth: it.age, predicted: est, result: v.result, note: v.reasons.map((x) => x.code).join(',') });
    }
    ctx.progress.tick();
  }
  const m = ageMetrics(outcomes, EVAL_MIN_AGE);
  const failures: FailureRow[] = outcomes
    .filter((o) => o.predicted === null || Math.abs(o.predicted - o.truth) > 5 || (o.truth < EVAL_MIN_AGE && o.result === 'PASS') || (o.truth >= 25 && o.result !== 'PASS'))
    .map((o) => ({
      file: o.file,
      truth: `age ${o.truth}`,
      prediction: `${o.predicted === null ? 'no estimate' : `${fmt(o.predicted, 1)} y`} -> ${o.result}${o.note ? ` (${o.note})` : ''}`,
      // Minors let through first, then by size of the error.
      severity: (o.truth < EVAL_MIN_AGE && o.result === 'PASS' ? 1000 : 0) + (o.predicted === null ? 100 : Math.abs(o.predicted - o.truth)),
    }));
  const elapsedS = (performance.now() - t0) / 1000;
  ctx.progress.end(`MAE ${fmt(m.mae, 2)} y, minors PASS ${m.minorsPass.count}/${m.minorsPass.of}`);
  return {
    name: 'ages',
    status: 'ok',
    labelsFile: ctx.labelsFile,
    items: items.length,
    metrics: {
      images: m.items,
      estimated: m.estimated,
      noEstimate: m.noEstimate,
      noFace,
      checkErrors: errors,
      mae: round(m.mae, 3),
      within5: round(m.within5),
      minAge: m.minAge,
      minorsPass: { ...m.minorsPass, rate: round(m.minorsPass.rate) },
      adults25FailOrReview: { ...m.adults25FailOrReview, rate: round(m.adults25FailOrReview.rate) },
      bands: m.bands,
    },
    latencyMs: latency(ms),
    failures: [...failures].sort((a, b) => b.severity - a.severity).slice(0, ctx.maxFailures),
    notes: [
      `Decisions are estimateAge(image, { minAge: ${EVAL_MIN_AGE} }) with the check's configured policy (its margins and REVIEW band).`,
      'MAE and within5 are over images with an estimate; an image without an estimate counts in its age band as noEstimate.',
    ],
    elapsedS,
  };
}
