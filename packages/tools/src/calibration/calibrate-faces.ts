/**
 * Calibrates the face-match thresholds (each recognizer alone and their score fusion) on a large labelled
 * pair set, and checks their stability across the set's folds.
 *
 *   nice -n 5 npx tsx packages/tools/src/calibration/calibrate-faces.ts ../shared/fixtures/lfw \
 *     [--detector yunet_2023mar] [--recognizers mobilefacenet_128,faceapi_recognition] [--json out.json]
 *
 * The argument is a dataset root holding `faces/pairs.json` (or that folder itself). Every image is prepared
 * once exactly as `matchFaces` prepares a selfie or a document (`prepareFace`: detect, re-detect small or
 * tight faces, align) and embedded by each recognizer; each pair is scored by each recognizer. Then:
 *
 * - per recognizer, and for the fusion of the two (`fitFusion`: the mix of impostor-normalised scores with
 *   the best TAR at FAR 1e-3 / 1e-4): PASS threshold above every impostor score plus 0.01 and at a measured
 *   FAR <= 1e-4, REVIEW from the threshold at FAR 1e-2 (`calibrateDecisionThresholds`);
 * - stability: for each fold of the set (pairs with `"fold"`; extra pairs take their people's fold), the same
 *   calibration on the pairs that touch no person of that fold, applied to the pairs of that fold;
 * - prints the manifest fields (`matchThreshold`, `reviewThreshold`, `fusion`) to copy into models/manifest.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadFacePairs } from '../eval/datasets/faces.js';
import { streamProgress } from '../eval/report/progress.js';
import { loadImage, prepareFace, type PreparedFace, planMatch, recognizerScores, getRecognizer } from '@provefy/core';
import { selectProfile } from '@provefy/core/models';
import { applyFusion, calibrateDecisionThresholds, type DecisionCalibration, fitFusion, type LinearFusion, tarAtMeasuredFar } from './calibrate-face-set.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const detector = opt('detector') ?? selectProfile().detector;
const recIds = (opt('recognizers') ?? 'mobilefacenet_128,faceapi_recognition').split(',');
const jsonOut = opt('json');
const root = resolve(args[0] ?? '../shared/fixtures/lfw');
const labels = existsSync(join(root, 'faces/pairs.json')) ? join(root, 'faces/pairs.json') : join(root, 'pairs.json');
const pairs = loadFacePairs(labels);
const identitiesFile = join(dirname(labels), 'identities.json');
const identities: Record<string, string> = existsSync(identitiesFile) ? JSON.parse(readFileSync(identitiesFile, 'utf8')) : {};

// One plan, every recognizer: prepareFace embeds each side with each of them from the same detection.
const plan = { ...planMatch({ detector, recognizer: recIds[0]!, fusion: false }), recognizers: recIds.map(getRecognizer) };
const progress = streamProgress(process.stderr);
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
const prepS = (performance.now() - t0) / 1000;
progress.end(`${roles.size} images in ${prepS.toFixed(0)} s (${((1000 * prepS) / roles.size).toFixed(0)} ms per image, ${detector} + ${recIds.join(' + ')})`);

// Scores per pair and recognizer; a pair without a face on either side is left out (it FAILs as NO_FACE).
interface Scored {
  readonly same: boolean;
  readonly people: readonly string[];
  readonly fold: number | null;
  readonly s: readonly number[];
}
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

// Each person's fold, from the pairs that have one.
const personFold = new Map<string, number>();
for (const x of scored) if (x.fold !== null) for (const who of x.people) personFold.set(who, x.fold);
const folds = [...new Set(personFold.values())].sort();

type Rule = { name: string; score: (s: readonly number[]) => number };
interface Calibrated {
  readonly name: string;
  readonly cal: DecisionCalibration;
  readonly tar1e3: number;
  readonly tar1e4: number;
  readonly fusion?: LinearFusion;
}

function calibrate(set: readonly Scored[]): Calibrated[] {
  const split = (f: (s: readonly number[]) => number) => ({ genuine: set.filter((x) => x.same).map((x) => f(x.s)), impostor: set.filter((x) => !x.same).map((x) => f(x.s)) });
  const out: Calibrated[] = [];
  const rules: Rule[] = recIds.map((id, i) => ({ name: id, score: (s) => s[i]! }));
  for (const r of rules) {
    const { genuine, impostor } = split(r.score);
    out.push({ name: r.name, cal: calibrateDecisionThresholds(genuine, impostor), tar1e3: tarAtMeasuredFar(genuine, impostor, 1e-3), tar1e4: tarAtMeasuredFar(genuine, impostor, 1e-4) });
  }
  if (recIds.length === 2) {
    const fusion = fitFusion(split((s) => s[0]!), split((s) => s[1]!));
    const { genuine, impostor } = split((s) => applyFusion(fusion, s[0]!, s[1]!));
    out.push({ name: recIds.join('+'), cal: calibrateDecisionThresholds(genuine, impostor), tar1e3: tarAtMeasuredFar(genuine, impostor, 1e-3), tar1e4: tarAtMeasuredFar(genuine, impostor, 1e-4), fusion });
  }
  return out;
}

const scoreOf = (c: Calibrated, s: readonly number[]) => (c.fusion ? applyFusion(c.fusion, s[0]!, s[1]!) : s[recIds.indexOf(c.name)]!);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const all = calibrate(scored);
const nGen = scored.filter((x) => x.same).length;
const nImp = scored.length - nGen;
console.log(`\n${labels}: ${pairs.length} pairs, ${nGen} genuine and ${nImp} impostor pairs scored, ${withoutFace} without a face on a side`);
for (const c of all) {
  const g = c.cal.genuineDecisions;
  console.log(
    `${c.name.padEnd(40)} PASS >= ${c.cal.matchThreshold.toFixed(2)}, REVIEW >= ${c.cal.reviewThreshold.toFixed(2)}; highest impostor ${c.cal.impostorMax.toFixed(4)}; ` +
      `impostor PASS ${c.cal.impostorDecisions.PASS}, REVIEW ${c.cal.impostorDecisions.REVIEW}; genuine PASS ${pct(g.PASS / nGen)}, REVIEW ${pct(g.REVIEW / nGen)}, FAIL ${pct(g.FAIL / nGen)}; ` +
      `TAR at FAR 1e-3 ${pct(c.tar1e3)}, 1e-4 ${pct(c.tar1e4)}${c.fusion ? `; fusion mix ${c.fusion.mix}` : ''}`,
  );
}

// Stability: calibrate without one fold's people, apply to that fold's pairs.
const stability: Record<string, unknown>[] = [];
if (folds.length > 1) {
  console.log(`\nStability across folds (calibrated on the pairs touching no person of the held-out fold, applied to the pairs touching it):`);
  for (const k of folds) {
    const touches = (x: Scored) => x.people.some((who) => personFold.get(who) === k);
    const cal = calibrate(scored.filter((x) => !touches(x)));
    const held = scored.filter(touches);
    for (const c of cal) {
      const g = held.filter((x) => x.same).map((x) => scoreOf(c, x.s));
      const i = held.filter((x) => !x.same).map((x) => scoreOf(c, x.s));
      const gPass = g.filter((s) => s >= c.cal.matchThreshold).length;
      const gFail = g.filter((s) => s < c.cal.reviewThreshold).length;
      const iPass = i.filter((s) => s >= c.cal.matchThreshold).length;
      stability.push({ fold: k, rule: c.name, matchThreshold: c.cal.matchThreshold, reviewThreshold: c.cal.reviewThreshold, genuine: g.length, genuinePass: gPass, genuineFail: gFail, impostor: i.length, impostorPass: iPass, mix: c.fusion?.mix ?? null });
      console.log(
        `  fold ${k} held out, ${c.name.padEnd(40)} PASS >= ${c.cal.matchThreshold.toFixed(2)} REVIEW >= ${c.cal.reviewThreshold.toFixed(2)}${c.fusion ? ` (mix ${c.fusion.mix})` : ''}: ` +
          `held-out impostor PASS ${iPass}/${i.length}, genuine PASS ${gPass}/${g.length} (${pct(gPass / Math.max(1, g.length))}), FAIL ${gFail}`,
      );
    }
  }
}

console.log('\nmanifest fields (models/manifest.json):');
for (const c of all) {
  if (c.fusion) {
    const f = c.fusion;
    const fusion = { with: recIds[1], weights: f.weights.map((w) => Number(w.toFixed(4))), offset: Number(f.offset.toFixed(4)), matchThreshold: c.cal.matchThreshold, reviewThreshold: c.cal.reviewThreshold };
    console.log(`  ${recIds[0]}: "fusion": ${JSON.stringify(fusion)}`);
  } else console.log(`  ${c.name}: "matchThreshold": ${c.cal.matchThreshold}, "reviewThreshold": ${c.cal.reviewThreshold}`);
}
if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify({ labels, detector, recognizers: recIds, pairs: pairs.length, genuine: nGen, impostor: nImp, withoutFace, prepareSeconds: prepS, calibration: all, stability }, null, 1));
  console.log(`wrote ${jsonOut}`);
}
