/**
 * Compares two face detectors' boxes and landmarks on the same photos, to calibrate the box geometry
 * that downstream crops were tuned on (liveness patch, age crop, portrait search) when the detector changes.
 *
 *   npx tsx packages/tools/src/calibration/box-geometry.ts --a scrfd_500m --b yunet_2023mar \
 *     --max 800 ../shared/fixtures/lfw/faces/images ../shared/fixtures/fgnet-full/ages/images
 *
 * For every image where both detectors find a face and their largest faces overlap (IoU >= 0.4), it
 * records B's box relative to A's: centre offset in units of A's width / height, width and height ratios,
 * and the landmark distance over A's eye distance. Prints median and quartiles per folder and overall.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage, detectFaces, iou, headPose } from '@provefy/core';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const a = opt('a') ?? 'scrfd_500m';
const b = opt('b') ?? 'yunet_2023mar';
const max = Number(opt('max') ?? 1e9);

type Row = { dcx: number; dcy: number; rw: number; rh: number; lm: number; aspectA: number; aspectB: number; yawA: number; yawB: number; eyeDx: number; eyeDy: number; noseDx: number; noseDy: number; mouthDx: number; mouthDy: number };
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))]!;
};
const fmt = (xs: number[]) => `${q(xs, 0.5).toFixed(3)} [${q(xs, 0.25).toFixed(3)}, ${q(xs, 0.75).toFixed(3)}]`;
function summary(label: string, rows: Row[], seen: number, missA: number, missB: number): void {
  console.log(`${label}: ${rows.length} matched of ${seen} (no face: ${a} ${missA}, ${b} ${missB})`);
  if (!rows.length) return;
  // yaw of B against yaw of A: least-squares slope through the origin, and the residual spread
  const sxy = rows.reduce((t, r) => t + r.yawA * r.yawB, 0);
  const sxx = rows.reduce((t, r) => t + r.yawA * r.yawA, 0);
  const slope = sxy / Math.max(1e-9, sxx);
  const big = rows.filter((r) => Math.abs(r.yawA) >= 10);
  console.log(`  yaw      slope B/A ${slope.toFixed(3)}; |yawA| >= 10: ${big.length}, median B/A ${big.length ? q(big.map((r) => r.yawB / r.yawA), 0.5).toFixed(3) : '-'}; |B - A| ${fmt(rows.map((r) => Math.abs(r.yawB - r.yawA)))}`);
  for (const k of ['dcx', 'dcy', 'rw', 'rh', 'lm', 'aspectA', 'aspectB', 'eyeDx', 'eyeDy', 'noseDx', 'noseDy', 'mouthDx', 'mouthDy'] as const) console.log(`  ${k.padEnd(8)} ${fmt(rows.map((r) => r[k]))}`);
}

const all: Row[] = [];
let allSeen = 0;
for (const dir of args) {
  const files = readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  const step = Math.max(1, Math.floor(files.length / max));
  const rows: Row[] = [];
  let seen = 0;
  let missA = 0;
  let missB = 0;
  for (let i = 0; i < files.length && seen < max; i += step) {
    seen++;
    const img = await loadImage(join(dir, files[i]!));
    const [fa] = await detectFaces(img, { detector: a });
    const [fb] = await detectFaces(img, { detector: b });
    if (!fa) missA++;
    if (!fb) missB++;
    if (!fa || !fb || iou(fa.box, fb.box) < 0.4) continue;
    const eye = Math.hypot(fa.landmarks[1].x - fa.landmarks[0].x, fa.landmarks[1].y - fa.landmarks[0].y);
    const lm = fa.landmarks.reduce((s, p, k) => s + Math.hypot(p.x - fb.landmarks[k]!.x, p.y - fb.landmarks[k]!.y), 0) / 5 / eye;
    const pa = headPose(fa.landmarks);
    const pb = headPose(fb.landmarks);
    // landmark offsets of B from A in A's eye distance, mirrored so that + is outward / down
    const off = (k: number) => ({ dx: (fb.landmarks[k]!.x - fa.landmarks[k]!.x) / eye, dy: (fb.landmarks[k]!.y - fa.landmarks[k]!.y) / eye });
    const [e0, e1, n0, m0, m1] = [0, 1, 2, 3, 4].map(off) as [{ dx: number; dy: number }, { dx: number; dy: number }, { dx: number; dy: number }, { dx: number; dy: number }, { dx: number; dy: number }];
    rows.push({
      yawA: pa.yaw,
      yawB: pb.yaw,
      eyeDx: (e1.dx - e0.dx) / 2,
      eyeDy: (e0.dy + e1.dy) / 2,
      noseDx: n0.dx,
      noseDy: n0.dy,
      mouthDx: (m1.dx - m0.dx) / 2,
      mouthDy: (m0.dy + m1.dy) / 2,
      dcx: (fb.box.x + fb.box.width / 2 - (fa.box.x + fa.box.width / 2)) / fa.box.width,
      dcy: (fb.box.y + fb.box.height / 2 - (fa.box.y + fa.box.height / 2)) / fa.box.height,
      rw: fb.box.width / fa.box.width,
      rh: fb.box.height / fa.box.height,
      lm,
      aspectA: fa.box.width / fa.box.height,
      aspectB: fb.box.width / fb.box.height,
    });
  }
  summary(dir, rows, seen, missA, missB);
  all.push(...rows);
  allSeen += seen;
}
if (args.length > 1) summary('all', all, allSeen, 0, 0);
