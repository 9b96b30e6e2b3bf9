import { describe, expect, it } from 'vitest';
import { coverCrop, laplacianVariance, meanAbsDiff } from './frame-tools.js';
import { SteadyDetector } from './steady-detector.js';

/** A w x h grey image: vertical stripes (sharp) or a smooth ramp (blurred). */
function image(w: number, h: number, kind: 'stripes' | 'ramp', shift = 0): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = kind === 'stripes' ? (((x + shift) >> 2) % 2) * 180 + 40 : 60 + (x / w) * 100;
  return out;
}

describe('document auto-capture', () => {
  it('measures sharpness and motion on real pixel buffers', () => {
    const sharp = image(120, 80, 'stripes');
    const blurred = image(120, 80, 'ramp');
    expect(laplacianVariance(sharp, 120, 80)).toBeGreaterThan(1000);
    expect(laplacianVariance(blurred, 120, 80)).toBeLessThan(1);
    expect(meanAbsDiff(sharp, sharp)).toBe(0);
    expect(meanAbsDiff(sharp, image(120, 80, 'stripes', 2))).toBeGreaterThan(30);
  });

  it('captures after four still, sharp, bright samples and not before', () => {
    const d = new SteadyDetector();
    expect(d.push({ sharpness: 200, motion: Number.POSITIVE_INFINITY, brightness: 120 })).toBe('moving');
    expect(d.push({ sharpness: 200, motion: 1, brightness: 120 })).toBe('steady');
    expect(d.push({ sharpness: 200, motion: 1, brightness: 120 })).toBe('steady');
    expect(d.push({ sharpness: 200, motion: 20, brightness: 120 })).toBe('moving');
    for (let i = 0; i < 3; i++) expect(d.push({ sharpness: 210, motion: 2, brightness: 120 })).toBe('steady');
    expect(d.push({ sharpness: 205, motion: 2, brightness: 120 })).toBe('ready');
  });

  it('waits for focus to settle and for enough light', () => {
    const d = new SteadyDetector();
    d.push({ sharpness: 400, motion: 1, brightness: 120 });
    expect(d.push({ sharpness: 150, motion: 1, brightness: 120 })).toBe('blurry');
    expect(d.push({ sharpness: 30, motion: 1, brightness: 120 })).toBe('blurry');
    expect(d.push({ sharpness: 400, motion: 1, brightness: 20 })).toBe('dark');
  });

  it('crops the visible part of an object-fit: cover view', () => {
    expect(coverCrop(1280, 720, 3, 4)).toEqual({ x: 370, y: 0, width: 540, height: 720 });
    expect(coverCrop(720, 1280, 4, 3)).toEqual({ x: 0, y: 370, width: 720, height: 540 });
  });
});
