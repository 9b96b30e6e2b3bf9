import { describe, expect, it } from 'vitest';
import type { Point, RgbImage } from '../image/types.js';
import { ARCFACE_TEMPLATE, alignFace, applySimilarity, estimateSimilarity, type Similarity } from './align.js';

function inverse(t: Similarity): Similarity {
  const d = t.a * t.a + t.b * t.b;
  const a = t.a / d;
  const b = -t.b / d;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

describe('estimateSimilarity', () => {
  it('recovers a known similarity (rotation, scale, translation) exactly from five points', () => {
    for (const [angle, scale, tx, ty] of [
      [0.3, 2.5, 40, -12],
      [-1.2, 0.4, -300, 800],
      [Math.PI * 0.9, 7, 1000, 3],
    ] as const) {
      const truth: Similarity = { a: scale * Math.cos(angle), b: scale * Math.sin(angle), tx, ty };
      const src: Point[] = ARCFACE_TEMPLATE.map((p) => ({ x: p.x * 1.7 + 5, y: p.y * 0.9 - 2 }));
      const dst = src.map((p) => applySimilarity(truth, p));
      const got = estimateSimilarity(src, dst);
      expect(got.a).toBeCloseTo(truth.a, 9);
      expect(got.b).toBeCloseTo(truth.b, 9);
      expect(got.tx).toBeCloseTo(truth.tx, 7);
      expect(got.ty).toBeCloseTo(truth.ty, 7);
    }
  });

  it('is the least-squares fit when the points are noisy (residual smaller than for the exact map of a perturbed set)', () => {
    const truth: Similarity = { a: 1.5, b: 0.2, tx: 10, ty: 20 };
    const src = ARCFACE_TEMPLATE;
    const noise = [
      [0.5, -0.3],
      [-0.4, 0.2],
      [0.1, 0.6],
      [-0.3, -0.5],
      [0.2, 0.1],
    ];
    const dst = src.map((p, i) => {
      const q = applySimilarity(truth, p);
      return { x: q.x + noise[i]![0]!, y: q.y + noise[i]![1]! };
    });
    const fit = estimateSimilarity(src, dst);
    const sse = (t: Similarity) => src.reduce((s, p, i) => s + (applySimilarity(t, p).x - dst[i]!.x) ** 2 + (applySimilarity(t, p).y - dst[i]!.y) ** 2, 0);
    expect(sse(fit)).toBeLessThanOrEqual(sse(truth));
    expect(sse(fit)).toBeLessThan(sse({ ...fit, a: fit.a * 1.01 }));
    expect(sse(fit)).toBeLessThan(sse({ ...fit, tx: fit.tx + 0.1 }));
  });
});

describe('alignFace', () => {
  it('moves five marked points of a rotated, scaled image onto the ArcFace template', () => {
    // Place bright dots where a known similarity sends the template, then align back.
    const truth: Similarity = { a: 2.2 * Math.cos(0.5), b: 2.2 * Math.sin(0.5), tx: 150, ty: 40 };
    const back = inverse(truth);
    expect(applySimilarity(back, applySimilarity(truth, { x: 3, y: 4 })).x).toBeCloseTo(3, 9);
    const w = 400;
    const h = 400;
    const data = new Uint8Array(w * h * 3);
    const marks = ARCFACE_TEMPLATE.map((p) => applySimilarity(truth, p));
    for (const m of marks) {
      for (let dy = -3; dy <= 3; dy++) {
        for (let dx = -3; dx <= 3; dx++) {
          const i = (Math.round(m.y) + dy) * w + Math.round(m.x) + dx;
          data.fill(255, i * 3, i * 3 + 3);
        }
      }
    }
    const img: RgbImage = { data, width: w, height: h, channels: 3 };
    const chip = alignFace(img, marks);
    expect(chip.width).toBe(112);
    for (const p of ARCFACE_TEMPLATE) {
      const i = (Math.round(p.y) * 112 + Math.round(p.x)) * 3;
      expect(chip.data[i]).toBeGreaterThan(200);
    }
    // Away from the marks the chip is dark.
    expect(chip.data[(10 * 112 + 10) * 3]).toBe(0);
  });

  it('box-filters a face much larger than the chip (anti-aliasing) and still lands the marks on the template', () => {
    // A face six times larger than the chip, on a fine checkerboard that a plain bilinear warp aliases.
    const truth: Similarity = { a: 6 * Math.cos(-0.2), b: 6 * Math.sin(-0.2), tx: 100, ty: 260 };
    const w = 900;
    const h = 900;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill((x + y) % 2 === 0 ? 255 : 0, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const marks = ARCFACE_TEMPLATE.map((p) => applySimilarity(truth, p));
    for (const m of marks) {
      for (let dy = -12; dy <= 12; dy++) {
        for (let dx = -12; dx <= 12; dx++) {
          const i = (Math.round(m.y) + dy) * w + Math.round(m.x) + dx;
          data.fill(255, i * 3, i * 3 + 3);
          data[i * 3 + 1] = 0; // magenta marks
        }
      }
    }
    const img: RgbImage = { data, width: w, height: h, channels: 3 };
    const smooth = alignFace(img, marks);
    const raw = alignFace(img, marks, 112, ARCFACE_TEMPLATE, { antialias: false });
    for (const p of ARCFACE_TEMPLATE) {
      const i = (Math.round(p.y) * 112 + Math.round(p.x)) * 3;
      expect(smooth.data[i]).toBeGreaterThan(200);
      expect(smooth.data[i + 1]).toBeLessThan(60);
    }
    // Away from the marks the checkerboard averages to mid-grey when filtered; the raw warp aliases it.
    const spread = (c: RgbImage) => {
      const v: number[] = [];
      for (let y = 2; y < 30; y++) for (let x = 2; x < 30; x++) v.push(c.data[(y * 112 + x) * 3 + 1]!);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    };
    expect(spread(smooth)).toBeLessThan(20);
    expect(spread(raw)).toBeGreaterThan(spread(smooth) * 2);
  });
});
