/**
 * Measures face matching on labelled pair sets and calibrates a recognizer's threshold.
 *
 *   npx tsx packages/tools/src/calibration/run-face-pairs.ts \
 *     --recognizer mobilefacenet_128 --detector scrfd_500m \
 *     ../shared/fixtures/faces:photo ../shared/fixtures/kyc/faces:document
 *
 * Each argument is a folder holding `pairs.json` (`{"pairs":[{"a","b","same"}]}`), with `:photo` (the
 * second image is a photo: largest face) or `:document` (the second image is an ID page: portrait
 * search). Prints ROC AUC, TAR at FAR <= 0.2 %, the decisions at the recognizer's current default
 * threshold, and the threshold the calibration method suggests from all impostor pairs together.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { aucRank, rocCurve } from '../eval/metrics/roc.js';
import { loadImage, type RgbImage, matchFaces, getRecognizer, calibrateThreshold } from '@provefy/core';
import { selectProfile } from '@provefy/core/models';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const profile = selectProfile();
const recognizer = opt('recognizer') ?? profile.recognizer;
const detector = opt('detector') ?? profile.detector;
const flipArg = opt('flip');
const flip = flipArg === undefined ? undefined : flipArg === 'true';
const far = Number(opt('far') ?? 1e-5);
const greyArg = opt('grey');
const fusionArg = opt('fusion');
const extra = { ...(greyArg ? { grey: greyArg === 'on' } : {}), ...(fusionArg ? { fusion: fusionArg === 'on' } : {}) };
const rec = getRecognizer(recognizer);
const sets = args.length > 0 ? args : ['../shared/fixtures/faces:photo', '../shared/fixtures/kyc/faces:document'];

const allGen: number[] = [];
const allImp: number[] = [];
for (const spec of sets) {
  const [dir, kind = 'photo'] = spec.split(':') as [string, 'photo' | 'document'];
  const root = resolve(dir);
  const pairs = (JSON.parse(readFileSync(join(root, 'pairs.json'), 'utf8')) as { pairs: { a: string; b: string; same: boolean }[] }).pairs;
  const images = new Map<string, RgbImage>();
  for (const f of new Set(pairs.flatMap((p) => [p.a, p.b]))) images.set(f, await loadImage(join(root, f)));
  const gen: number[] = [];
  const imp: number[] = [];
  const decisions: Record<string, number> = {};
  const missed: string[] = [];
  for (const p of pairs) {
    const r = await matchFaces(images.get(p.a)!, images.get(p.b)!, { recognizer, detector, documentKind: kind, flip, ...extra });
    (p.same ? gen : imp).push(r.similarityScore);
    const k = `${p.same ? 'genuine' : 'impostor'} ${r.result}`;
    decisions[k] = (decisions[k] ?? 0) + 1;
    if ((p.same && r.result !== 'PASS') || (!p.same && r.result !== 'FAIL')) missed.push(`  ${p.same ? 'genuine ' : 'impostor'} ${r.similarityScore.toFixed(3)} ${r.result} ${p.a} ${p.b} ${r.reasons.map((x) => x.code).join(',')}`);
  }
  allGen.push(...gen);
  allImp.push(...imp);
  const roc = rocCurve(gen, imp);
  const tarAt = (f: number) => Math.max(...roc.filter((r) => r.far <= f).map((r) => r.tar));
  console.log(`${spec}: ${detector} + ${recognizer}${flip === undefined ? '' : ` flip=${flip}`}: ${gen.length} genuine, ${imp.length} impostor pairs`);
  console.log(`  ROC AUC ${aucRank(gen, imp).toFixed(5)}, TAR ${(100 * tarAt(0.002)).toFixed(2)}% at FAR <= 0.2%, TAR ${(100 * tarAt(0)).toFixed(2)}% at FAR 0`);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const sd = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
  const dPrime = (mean(gen) - mean(imp)) / Math.sqrt((sd(gen) ** 2 + sd(imp) ** 2) / 2);
  console.log(
    `  genuine mean ${mean(gen).toFixed(3)} min ${Math.min(...gen).toFixed(3)}, impostor mean ${mean(imp).toFixed(3)} max ${Math.max(...imp).toFixed(3)}, d' ${dPrime.toFixed(2)}; decisions at threshold ${rec.matchThreshold}:`,
    decisions,
  );
  for (const m of missed) console.log(m);
}
const c = calibrateThreshold(allGen, allImp, far);
console.log(
  `calibration (${c.impostor.count} impostor, ${c.genuine.count} genuine pairs): impostor mean ${c.impostor.mean.toFixed(3)} sd ${c.impostor.sd.toFixed(3)} max ${c.impostor.max.toFixed(3)}; ` +
    `genuine mean ${c.genuine.mean.toFixed(3)} min ${c.genuine.min.toFixed(3)}; threshold at FAR ${c.targetFar}: ${c.threshold} (TAR ${(100 * c.tar).toFixed(2)}%, FAR ${(100 * c.far).toFixed(2)}%)`,
);
