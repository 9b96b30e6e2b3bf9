import { describe, expect, it } from 'vitest';
import { toNchw } from '../../image/transform.js';
import type { RgbImage } from '../../image/types.js';
import { letterbox, letterboxTensor } from './letterbox.js';

function noise(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width, height, channels: 3 };
}

describe('letterboxTensor', () => {
  // An image that fits at scale 1 takes the copy path; the two-step letterbox + toNchw is the reference.
  for (const norm of [
    { order: 'bgr', mean: 0, std: 1 },
    { order: 'rgb', mean: 127.5, std: 128 },
  ] as const) {
    it(`copies an image that fits at scale 1 exactly (${norm.order}, mean ${norm.mean})`, () => {
      const img = noise(37, 23, 7);
      const got = letterboxTensor(img, 64, norm, 1);
      const want = toNchw(letterbox(img, 64, 1).image, norm);
      expect(got.scale).toBe(1);
      expect(got.data.length).toBe(3 * 64 * 64);
      // + 0 folds -0 (the padding's -mean/std when mean is 0) into 0.
      expect(Array.from(got.data, (v) => v + 0)).toEqual(Array.from(want, (v) => v + 0));
    });
  }

  it('matches the two-step reference within rounding when it scales', () => {
    const img = noise(96, 60, 3);
    const norm = { order: 'rgb', mean: 127.5, std: 128 } as const;
    const got = letterboxTensor(img, 64, norm);
    const ref = letterbox(img, 64);
    expect(got.scale).toBeCloseTo(ref.scale, 6);
    const want = toNchw(ref.image, norm);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got.data[i]! - want[i]!));
    // letterbox rounds to 8-bit pixels before normalising: at most half a level apart.
    expect(worst).toBeLessThanOrEqual(0.5 / 128 + 1e-6);
  });
});

describe('letterboxTensor into a reused buffer', () => {
  for (const [name, img] of [
    ['an image at scale 1', noise(37, 23, 11)],
    ['an image that is scaled', noise(90, 50, 12)],
  ] as const) {
    it(`writes exactly what a fresh buffer gets, over stale contents (${name})`, () => {
      const norm = { order: 'rgb', mean: 127.5, std: 128 } as const;
      const want = letterboxTensor(img, 64, norm);
      const dirty = new Float32Array(3 * 64 * 64).fill(12345);
      const got = letterboxTensor(img, 64, norm, Number.POSITIVE_INFINITY, dirty);
      expect(got.data).toBe(dirty);
      expect(got.scale).toBe(want.scale);
      expect(Array.from(got.data)).toEqual(Array.from(want.data));
    });
  }

  it('refuses a buffer of the wrong size', () => {
    expect(() => letterboxTensor(noise(8, 8, 1), 64, { order: 'bgr', mean: 0, std: 1 }, 1, new Float32Array(10))).toThrow(RangeError);
  });
});
