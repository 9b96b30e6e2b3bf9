import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImage } from '../image/load-image.js';
import { findRepoRoot } from '../models/index.js';
import { FACE_DECODE_SIDE, analyseFace } from './analyse-face.js';
import { detectFaces } from './detect-faces.js';
import { getFaceEmbedding } from './match/face-embedding.js';

const SOURCE = join(resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures'), 'faces/images/face_recognition/obama-720p.jpg');

let large: Buffer; // 4000x3000, the face large in it
let distant: Buffer; // 4000x3000, the face small (the photo shrunk into a corner)

beforeAll(async () => {
  const src = readFileSync(SOURCE);
  large = await sharp(src).resize({ width: 4000, height: 3000, fit: 'cover' }).jpeg({ quality: 90 }).toBuffer();
  const small = await sharp(src).resize({ width: 520, height: 390, fit: 'cover' }).toBuffer();
  distant = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 90, g: 90, b: 90 } } })
    .composite([{ input: small, left: 300, top: 200 }])
    .jpeg({ quality: 90 })
    .toBuffer();
});

describe('analyseFace on a 12 MP photo', () => {
  it('decodes it at the detector size and reports sizes and boxes in the photo pixels', async () => {
    const a = await analyseFace(Buffer.from(large));
    expect(Math.max(a.image.width, a.image.height)).toBe(FACE_DECODE_SIDE);
    expect(a.scale).toBeCloseTo(FACE_DECODE_SIDE / 4000, 3);
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

  it('decodes it at full size when the face is too small to align from the smaller copy', async () => {
    const a = await analyseFace(Buffer.from(distant));
    expect(a.face).not.toBeNull();
    expect(a.scale).toBeUndefined();
    expect(a.image.width).toBe(4000);
    // The detection, mapped to full size, lies on the pasted photo.
    expect(a.face!.box.x).toBeGreaterThan(300);
    expect(a.face!.box.x + a.face!.box.width).toBeLessThan(300 + 520);
  }, 60_000);
});
