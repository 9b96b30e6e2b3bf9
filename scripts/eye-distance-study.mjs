#!/usr/bin/env node
// How much a face's presentation size changes what the models say (docs/face-matching.md#how-many-pixels-a-face-needs).
// Each labelled face is decoded at full size (the reference), then again with `loadImage(bytes, { maxSide })` (sharp's
// shrink-on-load, exactly how a large photo is decoded for the face pipeline) at the sizes that put its eyes d px apart,
// and the results compared with the reference: estimateAge's raw estimate and its decision at minAge 18, the cosine of
// each recognizer's embedding, and for face pairs the matchFaces decision (the other image at full size).
// Uses the built package (`npm run build` first). Slow: about a second per face and size on two cores.
//
//   node scripts/eye-distance-study.mjs <root> [--sizes 30,40,50,60,80,100] [--min-eyes 0] [--limit N] [--json out.json]
//   <root>: an age root (fgnet-full/ages, ages, utk-train/ages) or a face-pair root (faces, kyc/faces) of ../shared/fixtures
//
// A size is used on a face only when it is at most 0.9 of the face's full-size eye distance (a real downscale).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const root = resolve('../shared/fixtures', args[0] ?? 'fgnet-full/ages');
const sizes = opt('sizes', '30,40,50,60,80,100').split(',').map(Number);
const minEyes = Number(opt('min-eyes', '0'));
const limit = Number(opt('limit', '1000000'));
const jsonOut = opt('json', null);

const { loadImage, estimateAge, faceMatcher, analyseFace } = await import('@provefy/core');
const MIN_AGE = 18;
const cosine = (a, b) => {
  let s = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { s += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return s / Math.sqrt(na * nb);
};
const eyes = (f) => Math.hypot(f.landmarks[1].x - f.landmarks[0].x, f.landmarks[1].y - f.landmarks[0].y);
const age = async (img) => {
  const r = await estimateAge(img, { minAge: MIN_AGE });
  return { raw: r.rawEstimate, result: r.result };
};

let pairs = null;
let items;
try {
  pairs = JSON.parse(readFileSync(join(root, 'pairs.json'), 'utf8')).pairs;
  items = [...new Set(pairs.map((p) => p.a))].map((file) => ({ file, label: null }));
} catch {
  items = JSON.parse(readFileSync(join(root, 'labels.json'), 'utf8')).items.map((i) => ({ file: i.file, label: i.age }));
}
const kind = root.includes('kyc') ? 'document' : 'photo';
const matcher = faceMatcher({ documentKind: kind });
const others = new Map();
const other = async (file) => {
  if (!others.has(file)) others.set(file, await matcher.prepare(await loadImage(join(root, file)), kind === 'document' ? 'document' : 'selfie'));
  return others.get(file);
};

const rows = [];
for (const it of items) {
  if (rows.length >= limit) break;
  const bytes = readFileSync(join(root, it.file));
  const full = await loadImage(bytes);
  const a = await analyseFace(full);
  if (!a.face || eyes(a.face) < minEyes) continue;
  const E = eyes(a.face);
  const long = Math.max(full.width, full.height);
  const myPairs = pairs ? pairs.filter((p) => p.a === it.file) : [];
  const refPrep = await matcher.prepare(full, 'selfie');
  const refMatch = [];
  for (const p of myPairs) refMatch.push(matcher.decide(refPrep, await other(p.b)).result);
  const row = { file: it.file, label: it.label, eyes: E, ref: { age: await age(full), match: refMatch }, sizes: {} };
  for (const d of sizes) {
    if (d > 0.9 * E) continue;
    const img = await loadImage(bytes, { maxSide: Math.round((long * d) / E) });
    const prep = await matcher.prepare(img, 'selfie');
    const match = [];
    for (const p of myPairs) match.push(matcher.decide(prep, await other(p.b)).result);
    const cos = prep.embeddings.map((e, i) => (e && refPrep.embeddings[i] ? cosine(e, refPrep.embeddings[i]) : null));
    row.sizes[d] = { age: await age(img), cos, match };
  }
  rows.push(row);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ root: args[0], sizes, rows }));

const q = (v, p) => (v.length ? [...v].sort((x, y) => x - y)[Math.min(v.length - 1, Math.floor(p * v.length))] : NaN);
const mean = (v) => v.reduce((s, x) => s + x, 0) / v.length;
console.log(`${args[0]}: ${rows.length} faces, full-size eye distance median ${q(rows.map((r) => r.eyes), 0.5).toFixed(0)} px`);
console.log('eyes px | faces | age decision changed | |age change| mean / p95 | cosine p5 per recognizer | match decision changed');
for (const d of sizes) {
  const s = rows.filter((r) => r.sizes[d]).map((r) => [r, r.sizes[d]]);
  if (!s.length) continue;
  const flips = s.filter(([r, x]) => x.age.result !== r.ref.age.result).length;
  const da = s.filter(([r, x]) => x.age.raw !== null && r.ref.age.raw !== null).map(([r, x]) => Math.abs(x.age.raw - r.ref.age.raw));
  const cos = [0, 1].map((i) => q(s.map(([, x]) => x.cos[i]).filter((c) => c !== null && c !== undefined), 0.05));
  const m = s.flatMap(([r, x]) => x.match.map((v, i) => v !== r.ref.match[i]));
  console.log(`${d} | ${s.length} | ${flips} | ${mean(da).toFixed(2)} / ${q(da, 0.95).toFixed(2)} | ${cos.map((c) => (Number.isNaN(c) ? '-' : c.toFixed(3))).join(' / ')} | ${m.length ? `${m.filter(Boolean).length}/${m.length}` : '-'}`);
}
