/**
 * Selfie versus document portrait on the fixtures: ROC AUC, lowest genuine and highest impostor score, and the
 * decisions, for each recognizer alone and for the configured match (fusion when calibrated).
 *
 *   nice -n 5 npx tsx packages/tools/src/calibration/measure-portraits.ts [--detector yunet_2023mar] [--fusion on|off] [--grey on|off] [--printed] [fixtures]
 *
 * Pairs: `portraitPairs` (the KYC selfie-versus-card pairs, plus every document of `documents/` against every
 * selfie of another person); with `--printed`, `printedPortraitPairs` instead (a photo of each person of `faces/`
 * printed on a plain card, against another photo of them and of everyone else). Each image is prepared once (`prepareFace`, the `matchFaces` path).
 */
import { resolve } from 'node:path';
import { aucRank } from '../eval/metrics/roc.js';
import { loadImage, faceMatcher, type PreparedFace, recognizerScores } from '@provefy/core';
import { selectProfile } from '@provefy/core/models';
import { portraitPairs } from './portrait-pairs.js';
import { printedCard, printedPortraitPairs } from './printed-portraits.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const detector = opt('detector') ?? selectProfile().detector;
const fusionArg = opt('fusion');
const greyArg = opt('grey');
const printed = args.includes('--printed');
if (printed) args.splice(args.indexOf('--printed'), 1);
const fixtures = resolve(args[0] ?? '../shared/fixtures');
const pairs = portraitPairs(fixtures);
const m = faceMatcher({ detector, ...(greyArg ? { grey: greyArg === 'on' } : {}), ...(fusionArg ? { fusion: fusionArg === 'on' } : {}) });
const cache = new Map<string, Promise<PreparedFace>>();
const prep = (path: string, role: 'selfie' | 'document' | 'card') => {
  const key = `${role}:${path}`;
  let p = cache.get(key);
  if (!p) {
    p = role === 'card' ? printedCard(path).then((img) => m.prepare(img, 'document')) : loadImage(path).then((img) => m.prepare(img, role));
    cache.set(key, p);
  }
  return p;
};

const rows: { same: boolean; parts: (number | null)[]; score: number; result: string; pair: string }[] = [];
const all = printed ? printedPortraitPairs(fixtures).map((p) => ({ selfie: p.selfie, document: p.cardPhoto, same: p.same, card: true })) : pairs.map((p) => ({ ...p, card: false }));
for (const p of all) {
  const [a, b] = [await prep(p.selfie, 'selfie'), await prep(p.document, p.card ? 'card' : 'document')];
  const r = m.decide(a, b);
  const parts = a.side && b.side ? recognizerScores(m.plan, a.embeddings, b.embeddings) : m.plan.recognizers.map(() => null);
  rows.push({ same: p.same, parts, score: r.similarityScore, result: r.result, pair: `${p.selfie.split('/').pop()} vs ${p.document.split('/').pop()}` });
}
const found = rows.filter((r) => r.parts.every((x) => x !== null));
const report = (name: string, f: (r: (typeof rows)[number]) => number) => {
  const g = found.filter((r) => r.same).map(f);
  const i = found.filter((r) => !r.same).map(f);
  const ms = (v: number[]) => {
    const mean = v.reduce((x, y) => x + y, 0) / v.length;
    return [mean, v.reduce((x, y) => x + (y - mean) ** 2, 0) / Math.max(1, v.length - 1)] as const;
  };
  const [[mg, vg], [mi, vi]] = [ms(g), ms(i)];
  const dPrime = (mg - mi) / Math.sqrt((vg + vi) / 2);
  console.log(`${name.padEnd(40)} AUC ${aucRank(g, i).toFixed(4)}; d' ${dPrime.toFixed(2)}; genuine ${g.map((x) => x.toFixed(3)).join(', ')}; highest impostors ${[...i].sort((x, y) => y - x).slice(0, 3).map((x) => x.toFixed(3)).join(', ')}`);
};
console.log(`${detector} + ${m.plan.model}: ${rows.filter((r) => r.same).length} genuine, ${rows.filter((r) => !r.same).length} impostor pairs; ${rows.length - found.length} without a face on a side (FAIL)`);
for (const [k, rec] of m.plan.recognizers.entries()) report(rec.id, (r) => r.parts[k]!);
if (m.plan.recognizers.length > 1) report(`${m.plan.model} (fused similarityScore)`, (r) => r.score);
const count = (same: boolean) => Object.fromEntries(['PASS', 'REVIEW', 'FAIL'].map((d) => [d, rows.filter((r) => r.same === same && r.result === d).length]));
console.log(`decisions at PASS >= ${m.plan.threshold}, REVIEW >= ${m.plan.reviewBand[0]}: genuine`, count(true), 'impostor', count(false));
for (const r of found.filter((x) => !x.same).sort((x, y) => y.score - x.score).slice(0, 5)) console.log(`  impostor ${r.score.toFixed(3)} ${r.result} ${r.pair}`);
