/**
 * Calibrates the face-match thresholds (each recognizer alone and their score fusion) on a large labelled pair
 * set, checks their stability across the set's folds, and gives the manifest fields. `provefy calibrate faces`
 * runs it and writes the fields into models/manifest.json (docs/face-matching.md, "Calibration").
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getRecognizer, loadImage, type PreparedFace, planMatch, prepareFace, recognizerScores } from '@provefy/core';
import { selectProfile } from '@provefy/core/models';
import { loadFacePairs } from '../eval/datasets/faces.js';
import { type Progress, silentProgress } from '../eval/report/progress.js';
import { applyFusion, calibrateDecisionThresholds, type DecisionCalibration, fitFusion, type LinearFusion, tarAtMeasuredFar } from './calibrate-face-set.js';

/** Options of {@link calibrateFaces}. */
export interface FaceCalibrationOptions {
  /** Detector (default: the default profile's). */
  readonly detector?: string;
  /** One recognizer, or two: the first is fused with the second (default `mobilefacenet_128,faceapi_recognition`). */
  readonly recognizers?: readonly string[];
  readonly progress?: Progress;
}

/** One rule's calibration: a recognizer alone or the fusion of two. */
export interface CalibratedRule {
  /** A recognizer id, or `a+b` for the fusion. */
  readonly name: string;
  readonly cal: DecisionCalibration;
  /** TAR at measured FAR 1e-3 / 1e-4 on the calibration pairs. */
  readonly tar1e3: number;
  readonly tar1e4: number;
  readonly fusion?: LinearFusion;
}

/** One held-out fold under one rule calibrated without it. */
export interface StabilityRow {
  readonly fold: number;
  readonly rule: string;
  readonly matchThreshold: number;
  readonly reviewThreshold: number;
  readonly mix: number | null;
  readonly genuine: number;
  readonly genuinePass: number;
  readonly genuineFail: number;
  readonly impostor: number;
  readonly impostorPass: number;
  /** The held-out impostor pairs that PASS, as `personA|personB` (sorted), with their fused score. */
  readonly impostorPassPairs: readonly { readonly people: string; readonly score: number }[];
}

/** Everything {@link calibrateFaces} measured. */
export interface FaceCalibrationReport {
  readonly labels: string;
  readonly detector: string;
  readonly recognizers: readonly string[];
  readonly pairs: number;
  readonly genuine: number;
  readonly impostor: number;
  /** Pairs with no face on a side (they FAIL as NO_FACE in `matchFaces`; left out of the calibration). */
  readonly withoutFace: number;
  readonly images: number;
  readonly prepareSeconds: number;
  readonly calibration: readonly CalibratedRule[];
  readonly stability: readonly StabilityRow[];
}

interface Scored {
  readonly same: boolean;
  readonly people: readonly string[];
  readonly fold: number | null;
  readonly s: readonly number[];
}

function calibrateRules(set: readonly Scored[], recIds: readonly string[]): CalibratedRule[] {
  const split = (f: (s: readonly number[]) => number) => ({ genuine: set.filter((x) => x.same).map((x) => f(x.s)), impostor: set.filter((x) => !x.same).map((x) => f(x.s)) });
  const rule = (name: string, genuine: number[], impostor: number[], fusion?: LinearFusion): CalibratedRule => ({
    name,
    cal: calibrateDecisionThresholds(genuine, impostor),
    tar1e3: tarAtMeasuredFar(genuine, impostor, 1e-3),
    tar1e4: tarAtMeasuredFar(genuine, impostor, 1e-4),
    ...(fusion ? { fusion } : {}),
  });
  const out = recIds.map((id, i) => {
    const { genuine, impostor } = split((s) => s[i]!);
    return rule(id, genuine, impostor);
  });
  if (recIds.length === 2) {
    const { objective: _, ...fusion } = fitFusion(split((s) => s[0]!), split((s) => s[1]!));
    const { genuine, impostor } = split((s) => applyFusion(fusion, s[0]!, s[1]!));
    out.push(rule(recIds.join('+'), genuine, impostor, fusion));
  }
  return out;
}

/**
 * Prepares every image of a pair set once exactly as `matchFaces` prepares a selfie or a document
 * (`prepareFace`: detect, re-detect small or tight faces, align, embed with each recognizer), scores every pair
 * with each recognizer and calibrates, per recognizer and for the fusion of two (`fitFusion`):
 * PASS above every impostor score plus 0.01 and at a measured FAR <= 1e-4, REVIEW from the threshold at FAR 1e-2
 * (`calibrateDecisionThresholds`). Stability: for each fold of the set (pairs with `"fold"`; extra pairs go with
 * their people's fold), the same calibration on the pairs that touch no person of that fold, applied to that fold.
 * `root` is a dataset root holding `faces/pairs.json` (and `faces/identities.json` for the folds), or that folder.
 *
 * @example
 * ```ts
 * const r = await calibrateFaces('../shared/fixtures/lfw', { detector: 'yunet_2023mar' });
 * r.calibration.at(-1); // { name: 'mobilefacenet_128+faceapi_recognition', cal: { matchThreshold: 0.36, ... }, fusion: { mix: 0.3, ... } }
 * ```
 */
export async function calibrateFaces(root: string, opts: FaceCalibrationOptions = {}): Promise<FaceCalibrationReport> {
  const dir = resolve(root);
  const labels = existsSync(join(dir, 'faces/pairs.json')) ? join(dir, 'faces/pairs.json') : join(dir, 'pairs.json');
  const pairs = loadFacePairs(labels);
  const identitiesFile = join(dirname(labels), 'identities.json');
  const identities: Record<string, string> = existsSync(identitiesFile) ? JSON.parse(readFileSync(identitiesFile, 'utf8')) : {};
  const detector = opts.detector ?? selectProfile('default').detector;
  const recIds = opts.recognizers ?? ['mobilefacenet_128', 'faceapi_recognition'];
  if (recIds.length < 1 || recIds.length > 2) throw new RangeError(`calibrate one recognizer or a pair to fuse, got ${recIds.length}`);
  const progress = opts.progress ?? silentProgress;

  // One plan, every recognizer: prepareFace embeds each side with each of them from the same detection.
  const plan = { ...planMatch({ profile: 'default', detector, recognizer: recIds[0]!, fusion: false }), recognizers: recIds.map(getRecognizer) };
  const roles = new Map<string, { path: string; role: 'selfie' | 'document' }>();
  for (const p of pairs) {
    roles.set(`selfie:${p.aPath}`, { path: p.aPath, role: 'selfie' });
    const role = p.kind === 'document' ? 'document' : 'selfie';
    roles.set(`${role}:${p.bPath}`, { path: p.bPath, role });
  }
  const prepared = new Map<string, PreparedFace | null>();
  const t0 = performance.now();
  progress.start('prepare', roles.size);
  for (const [key, r] of roles) {
    const img = await loadImage(r.path).catch(() => null);
    prepared.set(key, img ? await prepareFace(plan, img, r.role) : null);
    progress.tick();
  }
  const prepareSeconds = (performance.now() - t0) / 1000;
  progress.end(`${roles.size} images in ${prepareSeconds.toFixed(0)} s (${((1000 * prepareSeconds) / roles.size).toFixed(0)} ms per image, ${detector} + ${recIds.join(' + ')})`);

  const scored: Scored[] = [];
  let withoutFace = 0;
  for (const p of pairs) {
    const a = prepared.get(`selfie:${p.aPath}`);
    const b = prepared.get(`${p.kind === 'document' ? 'document' : 'selfie'}:${p.bPath}`);
    const s = a?.side && b?.side ? recognizerScores(plan, a.embeddings, b.embeddings) : null;
    if (!s || s.some((x) => x === null)) {
      withoutFace++;
      continue;
    }
    scored.push({ same: p.same, people: [identities[p.a] ?? p.a, identities[p.b] ?? p.b], fold: p.fold, s: s as number[] });
  }
  if (!scored.some((x) => x.same) || !scored.some((x) => !x.same)) throw new RangeError(`${labels}: no genuine or no impostor pair has a face on both sides`);

  const calibration = calibrateRules(scored, recIds);
  const personFold = new Map<string, number>();
  for (const x of scored) if (x.fold !== null) for (const who of x.people) personFold.set(who, x.fold);
  const folds = [...new Set(personFold.values())].sort((x, y) => x - y);
  const stability: StabilityRow[] = [];
  const scoreOf = (c: CalibratedRule, s: readonly number[]) => (c.fusion ? applyFusion(c.fusion, s[0]!, s[1]!) : s[recIds.indexOf(c.name)]!);
  if (folds.length > 1) {
    for (const k of folds) {
      const touches = (x: Scored) => x.people.some((who) => personFold.get(who) === k);
      const held = scored.filter(touches);
      for (const c of calibrateRules(
        scored.filter((x) => !touches(x)),
        recIds,
      )) {
        const g = held.filter((x) => x.same).map((x) => scoreOf(c, x.s));
        const i = held.filter((x) => !x.same).map((x) => scoreOf(c, x.s));
        stability.push({
          fold: k,
          rule: c.name,
          matchThreshold: c.cal.matchThreshold,
          reviewThreshold: c.cal.reviewThreshold,
          mix: c.fusion?.mix ?? null,
          genuine: g.length,
          genuinePass: g.filter((s) => s >= c.cal.matchThreshold).length,
          genuineFail: g.filter((s) => s < c.cal.reviewThreshold).length,
          impostor: i.length,
          impostorPass: i.filter((s) => s >= c.cal.matchThreshold).length,
          impostorPassPairs: held
            .filter((x) => !x.same && scoreOf(c, x.s) >= c.cal.matchThreshold)
            .map((x) => ({ people: [...x.people].sort().join('|'), score: scoreOf(c, x.s) })),
        });
      }
    }
  }
  const genuine = scored.filter((x) => x.same).length;
  return { labels, detector, recognizers: recIds, pairs: pairs.length, genuine, impostor: scored.length - genuine, withoutFace, images: roles.size, prepareSeconds, calibration, stability };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/**
 * The report as text: each rule's thresholds and what they cost, then the held-out folds.
 *
 * @example
 * ```ts
 * process.stdout.write(formatFaceCalibration(await calibrateFaces('../shared/fixtures/lfw')));
 * ```
 */
export function formatFaceCalibration(r: FaceCalibrationReport): string {
  const lines = [`${r.labels}: ${r.pairs} pairs; ${r.genuine} genuine and ${r.impostor} impostor pairs scored, ${r.withoutFace} without a face on a side (${r.detector})`];
  for (const c of r.calibration) {
    const g = c.cal.genuineDecisions;
    lines.push(
      `${c.name.padEnd(40)} PASS >= ${c.cal.matchThreshold.toFixed(2)}, REVIEW >= ${c.cal.reviewThreshold.toFixed(2)}; highest impostor ${c.cal.impostorMax.toFixed(4)}; ` +
        `impostor PASS ${c.cal.impostorDecisions.PASS}, REVIEW ${c.cal.impostorDecisions.REVIEW}; genuine PASS ${pct(g.PASS / r.genuine)}, REVIEW ${pct(g.REVIEW / r.genuine)}, FAIL ${pct(g.FAIL / r.genuine)}; ` +
        `TAR at FAR 1e-3 ${pct(c.tar1e3)}, 1e-4 ${pct(c.tar1e4)}${c.fusion ? `; fusion mix ${c.fusion.mix}` : ''}`,
    );
  }
  if (r.stability.length > 0) {
    lines.push('', 'Stability (calibrated on the pairs touching no person of the held-out fold, applied to the pairs touching it):');
    for (const s of r.stability) {
      lines.push(
        `  fold ${s.fold} held out, ${s.rule.padEnd(40)} PASS >= ${s.matchThreshold.toFixed(2)} REVIEW >= ${s.reviewThreshold.toFixed(2)}${s.mix !== null ? ` (mix ${s.mix})` : ''}: ` +
          `impostor PASS ${s.impostorPass}/${s.impostor}, genuine PASS ${s.genuinePass}/${s.genuine} (${pct(s.genuinePass / Math.max(1, s.genuine))}), FAIL ${s.genuineFail}` +
          (s.impostorPassPairs.length > 0 ? ` [${s.impostorPassPairs.map((x) => `${x.people.replace('|', ' vs ')} ${x.score.toFixed(4)}`).join('; ')}]` : ''),
      );
    }
    for (const rule of new Set(r.stability.map((s) => s.rule))) {
      const rows = r.stability.filter((s) => s.rule === rule);
      const sum = (f: (s: StabilityRow) => number) => rows.reduce((a, s) => a + f(s), 0);
      // A pair of people from two folds is held out with each of them: count it once as well.
      const distinct = new Set(rows.flatMap((s) => s.impostorPassPairs.map((x) => x.people))).size;
      lines.push(
        `  all held-out folds, ${rule.padEnd(33)} impostor PASS ${sum((s) => s.impostorPass)}/${sum((s) => s.impostor)} (${distinct} distinct pair${distinct === 1 ? '' : 's'}), genuine PASS ${pct(sum((s) => s.genuinePass) / Math.max(1, sum((s) => s.genuine)))}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
