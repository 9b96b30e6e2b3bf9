import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImage } from '../image/load-image.js';
import { findRepoRoot } from '../models/index.js';
import { FACE_DECODE_SIDE, analyseFace } from './analyse-face.js';
import { detectFaces } from './detect-faces.js';
import { estimateAge } from '../age/estimate-age.js';
import { getRecognizer } from './recognizers/index.js';
import { getFaceEmbedding } from './match/face-embedding.js';

const SOURCE = join(resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures'), 'faces/images/face_recognition/obama-720p.jpg');

let large: Buffer; // 4000x3000, the face large in it
let distant: Buffer; // 4000x3000, the face small (the photo shrunk into a corner)
let tiny: Buffer; // 4000x3000, a face so small that scrfd finds it only on a 1280 px copy (eyes about 25 px at full size)
let middle: Map<number, Buffer>; // 4000x3000, the face too small to align on the 640 px copy (by the width it is pasted at)

const eyes = (f: { landmarks: readonly { x: number; y: number }[] }) => Math.hypot(f.landmarks[1]!.x - f.landmarks[0]!.x, f.landmarks[1]!.y - f.landmarks[0]!.y);

beforeAll(async () => {
  const src = readFileSync(SOURCE);
  large = await sharp(src).resize({ width: 4000, height: 3000, fit: 'cover' }).jpeg({ quality: 90 }).toBuffer();
  const small = await sharp(src).resize({ width: 520, height: 390, fit: 'cover' }).toBuffer();
  distant = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 90, g: 90, b: 90 } } })
    .composite([{ input: small, left: 300, top: 200 }])
    .jpeg({ quality: 90 })
    .toBuffer();
  tiny = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 90, g: 90, b: 90 } } })
    .composite([{ input: await sharp(src).resize({ width: 320, height: 240, fit: 'cover' }).toBuffer(), left: 300, top: 200 }])
    .jpeg({ quality: 90 })
    .toBuffer();
  middle = new Map();
  for (const w of [1200, 2400]) {
    const pasted = await sharp(src).resize({ width: w, height: (w * 3) / 4, fit: 'cover' }).toBuffer();
    middle.set(w, await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .composite([{ input: pasted, left: 1000, top: 750 }])
      .jpeg({ quality: 90 })
      .toBuffer());
  }
});

describe('analyseFace on a 12 MP photo', () => {
  it('decodes it at the detector size and reports sizes and boxes in the photo pixels', async () => {
    const a = await analyseFace(Buffer.from(large));
    expect(FACE_DECODE_SIDE).toBe(640);
    expect(Math.max(a.image.width, a.image.height)).toBe(FACE_DECODE_SIDE);
    expect(a.scale).toBeCloseTo(FACE_DECODE_SIDE / 4000, 3);
    // The face is large enough to align on that copy: no second decode.
    expect(eyes(a.face!)).toBeGreaterThanOrEqual(40);
    expect(a.face).not.toBeNull();
    // The same face found on the full-size decode.
    const full = await loadImage(large);
    const [f] = await detectFaces(full);
    expect(f).toBeDefined();
    expect(a.quality!.eyeDistance).toBeGreaterThan(0.9 * Math.hypot(f!.landmarks[1].x - f!.landmarks[0].x, f!.landmarks[1].y - f!.landmarks[0].y));
    expect(a.quality!.eyeDistance).toBeLessThan(1.1 * Math.hypot(f!.landmarks[1].x - f!.landmarks[0].x, f!.landmarks[1].y - f!.landmarks[0].y));
    const e = await getFaceEmbedding(Buffer.from(large));
    expect(e!.face.box.x).toBeGreaterThan(f!.box.x - 0.05 * f!.box.width);
    expect(e!.face.box.x).toBeLessThan(f!.box.x + 0.05 * f!.box.width);
    expect(e!.face.box.width).toBeGreaterThan(0.9 * f!.box.width);
  }, 60_000);

  it('gives on the 640 px copy what the full-size decode gives: the same embedding and age decision', async () => {
    const full = await loadImage(large);
    const [e, ef] = [await getFaceEmbedding(Buffer.from(large)), await getFaceEmbedding(full)];
    // 0.993 measured; a face aligned from wrongly mapped landmarks scores far lower.
    expect(getRecognizer(e!.model).similarity(e!.embedding, ef!.embedding)).toBeGreaterThan(0.95);
    const [age, ageFull] = [await estimateAge(Buffer.from(large)), await estimateAge(full)];
    expect(age.result).toBe(ageFull.result);
    expect(Math.abs(age.rawEstimate! - ageFull.rawEstimate!)).toBeLessThan(5);
  }, 60_000);

  it('decodes it at full size when the face is too small to align from the smaller copy', async () => {
    const a = await analyseFace(Buffer.from(distant));
    expect(a.face).not.toBeNull();
    expect(a.scale).toBeUndefined();
    expect(a.image.width).toBe(4000);
    // The detection, mapped to full size, lies on the pasted photo.
    expect(a.face!.box.x).toBeGreaterThan(300);
    expect(a.face!.box.x + a.face!.box.width).toBeLessThan(300 + 520);
  }, 60_000);

  // Pasted 1200 px wide: eyes about 16 px apart on the 640 px copy, 100 at full size, so 25 at 1/4 and 50 at 1/2.
  // Pasted 2400 px wide: about 33 px on the 640 px copy, so about 50 at 1/4.
  it.each([[1200, 2000], [2400, 1000]])('decodes a face pasted %i px wide again at the smallest decoder scale that puts the eyes 40 px apart (%i px), not at full size', async (w, side) => {
    const photo = middle.get(w)!;
    const a = await analyseFace(Buffer.from(photo));
    expect(a.face).not.toBeNull();
    expect([a.image.width, a.image.height]).toEqual([side, (side * 3) / 4]);
    expect(a.scale).toBeCloseTo(side / 4000, 3);
    expect(eyes(a.face!)).toBeGreaterThanOrEqual(40);
    // Sizes in the photo's own pixels, as on a full-size decode.
    const full = await loadImage(photo);
    const [f] = await detectFaces(full);
    expect(a.quality!.eyeDistance).toBeGreaterThan(0.9 * eyes(f!));
    expect(a.quality!.eyeDistance).toBeLessThan(1.1 * eyes(f!));
    // The detection, mapped to that copy, lies on the pasted photo.
    expect(a.face!.box.x / a.scale!).toBeGreaterThan(1000);
    expect((a.face!.box.x + a.face!.box.width) / a.scale!).toBeLessThan(1000 + w);
  }, 60_000);

  it('searches a 1280 px copy when a detector without a fixed input finds no face on the 640 px one', async () => {
    const scrfd = { detector: 'scrfd_500m' } as const;
    expect(await detectFaces(await loadImage(tiny, { maxSide: 640 }), scrfd)).toHaveLength(0);
    const a = await analyseFace(Buffer.from(tiny), scrfd);
    expect(a.face).not.toBeNull();
    // Then decoded at full size to align it, the detection mapped onto the pasted photo.
    expect(a.scale).toBeUndefined();
    expect(a.image.width).toBe(4000);
    expect(a.face!.box.x).toBeGreaterThan(300);
    expect(a.face!.box.x + a.face!.box.width).toBeLessThan(300 + 320);
  }, 60_000);
});
