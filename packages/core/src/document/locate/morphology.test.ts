import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../../test/helpers/paths.js';
import { requirement } from '../../../../../test/helpers/requirement.js';
import { loadImage } from '../../image/load-image.js';
import { type GrayImage, workingGray } from './gray-image.js';
import { blackHat, dilate, erode } from './morphology.js';

/** The definition: the minimum or maximum over a centred kw x kh window, borders replicating the edge pixel. */
function bruteForce(img: GrayImage, kw: number, kh: number, isMax: boolean): Uint8Array {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  const rx = kw > 1 ? kw >> 1 : 0;
  const ry = kh > 1 ? kh >> 1 : 0;
  const ex = kw > 1 ? kw - 1 - rx : 0;
  const ey = kh > 1 ? kh - 1 - ry : 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = isMax ? 0 : 255;
      for (let dy = -ry; dy <= ey; dy++) {
        const yy = Math.min(h - 1, Math.max(0, y + dy));
        for (let dx = -rx; dx <= ex; dx++) {
          const v = data[yy * w + Math.min(w - 1, Math.max(0, x + dx))]!;
          acc = isMax ? Math.max(acc, v) : Math.min(acc, v);
        }
      }
      out[y * w + x] = acc;
    }
  }
  return out;
}

function randomImage(w: number, h: number, seed: number): GrayImage {
  let s = seed;
  const data = new Uint8Array(w * h);
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width: w, height: h };
}

describe('grey-level morphology', () => {
  it.each([
    [17, 11, 3, 3],
    [17, 11, 13, 13],
    [9, 23, 4, 7],
    [30, 5, 13, 2],
    [3, 40, 1, 15],
    [12, 12, 25, 25],
  ])('erode and dilate of a %ix%i image with a %ix%i window equal the definition', (w, h, kw, kh) => {
    const img = randomImage(w, h, w * 31 + h * 7 + kw);
    expect(Array.from(erode(img, kw, kh).data)).toEqual(Array.from(bruteForce(img, kw, kh, false)));
    expect(Array.from(dilate(img, kw, kh).data)).toEqual(Array.from(bruteForce(img, kw, kh, true)));
  });

});

const PASSPORT = join(FIXTURES, 'documents/images/fastmrz/td3.jpg');

describe('black-hat on a real page', () => {
  const page = requirement({ name: `the passport fixture ${PASSPORT}`, problem: existsSync(PASSPORT) ? null : 'file missing', fix: 'lay the shared fixtures beside the repository (../shared/fixtures)' });
  page.it('equals closing minus the page, by the definition, across the MRZ of a passport', async () => {
    const page = await loadImage(readFileSync(PASSPORT));
    const { image } = workingGray(page, 1000);
    // A band across the MRZ keeps the brute force quick.
    const y0 = Math.floor(image.height * 0.75);
    const band: GrayImage = { data: image.data.slice(y0 * image.width), width: image.width, height: image.height - y0 };
    const closed = bruteForce({ data: bruteForce(band, 13, 13, true), width: band.width, height: band.height }, 13, 13, false);
    const expected = closed.map((c, i) => c - band.data[i]!);
    const bh = blackHat(band, 13, 13);
    expect(bh.data).toEqual(expected);
    // Text strokes come out bright.
    expect(bh.data.reduce((m, v) => Math.max(m, v), 0)).toBeGreaterThan(60);
  });
});
