/**
 * Per-frame time of verifyLiveness on camera frames, and of its parts (detection, passive ensemble).
 *
 *   npx tsx packages/core/scripts/bench-liveness.ts [clip] [--frames 30] [--reps 7] [--max-width 640] [--fps 15]
 *
 * Each repetition runs a fresh copy of the frames (no memoised detections) and reports the mean time per
 * frame of that repetition; the summary gives the median and the minimum over repetitions (on a shared
 * machine the minimum is the better estimate of the code's own cost). It also reports the process CPU time
 * per frame: run with PROVEFY_THREADS=1 and that figure approximates the wall time on an idle machine
 * with one inference thread, whatever the load (onnxruntime's idle threads spin, so with 2 threads the
 * CPU time over-counts).
 */
import { join, resolve } from 'node:path';
import { analyseFace } from '../src/face/analyse-face.js';
import type { RgbImage } from '../src/image/types.js';
import { scoreSpoof } from '../src/liveness/passive-score.js';
import { verifyLiveness } from '../src/liveness/verify-liveness.js';
import { findRepoRoot, selectProfile } from '../src/models/index.js';
import { readVideoFrames } from '../src/video/read-video-frames.js';

const args = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const clip = args[0] && !args[0].startsWith('--') ? args[0] : join(resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures/videos/clips'), 'headturn_zub-real_webcam-yaw.webm');
const n = flag('--frames', 30);
const reps = flag('--reps', 7);
const v = await readVideoFrames(clip, { fps: flag('--fps', 15), maxWidth: flag('--max-width', 640), maxFrames: n });
const copy = (fs: RgbImage[]) => fs.map((f) => ({ ...f }));
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;

// warm-up: sessions load once
await verifyLiveness(copy(v.frames).slice(0, 3), { timestamps: v.timestamps.slice(0, 3) });

const total: number[] = [];
const totalCpu: number[] = [];
const detect: number[] = [];
const passive: number[] = [];
for (let r = 0; r < reps; r++) {
  const frames = copy(v.frames);
  const c0 = process.cpuUsage();
  let t0 = performance.now();
  const res = await verifyLiveness(frames, { timestamps: v.timestamps, challenges: ['look_straight', 'blink', 'turn_left'] });
  total.push((performance.now() - t0) / frames.length);
  const c = process.cpuUsage(c0);
  totalCpu.push((c.user + c.system) / 1000 / frames.length);
  if (res.frames.length !== frames.length) throw new Error('frame count mismatch');
  const fresh = copy(v.frames);
  t0 = performance.now();
  const analyses = [];
  for (const f of fresh) analyses.push(await analyseFace(f));
  detect.push((performance.now() - t0) / fresh.length);
  const items = analyses.filter((a) => a.face).map((a) => ({ image: a.image, box: a.face!.box }));
  t0 = performance.now();
  await scoreSpoof(items, selectProfile().liveness);
  passive.push((performance.now() - t0) / Math.max(1, items.length));
}
const fmt = (a: number[]) => `median ${med(a).toFixed(1)} ms, min ${Math.min(...a).toFixed(1)} ms (reps: ${a.map((x) => x.toFixed(1)).join(' ')})`;
console.log(`clip ${clip}: ${v.frames.length} frames ${v.width}x${v.height}, profile ${selectProfile().name}`);
console.log(`verifyLiveness per frame (detect + passive + eyes/pose + identity): ${fmt(total)}`);
console.log(`  CPU time per frame (all threads; with PROVEFY_THREADS=1 an idle-machine estimate): ${fmt(totalCpu)}`);
console.log(`  detection per frame:       ${fmt(detect)}`);
console.log(`  passive ensemble per face: ${fmt(passive)}`);
