import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImage } from '../../image/load-image.js';
import type { RgbImage } from '../../image/types.js';
import { findRepoRoot } from '../../models/index.js';
import { detectFaces } from '../detect-faces.js';
import type { DetectedFace } from '../types.js';
import { cosineSimilarity, euclideanDistance, flipHorizontal, l2Normalise } from './embedding-math.js';
import { getRecognizer } from './index.js';

const FACES = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures/faces/images/face_recognition');
const items: { image: RgbImage; face: DetectedFace }[] = [];

beforeAll(async () => {
  for (const f of ['knn_train_biden_biden.jpg', 'knn_train_biden_biden2.jpg', 'knn_train_rose_leslie_img1.jpg']) {
    const image = await loadImage(join(FACES, f));
    const [face] = await detectFaces(image, { detector: 'scrfd_500m' });
    items.push({ image, face: face! });
  }
});

describe('embedding maths', () => {
  it('normalises, compares and mirrors', () => {
    expect([...l2Normalise(new Float32Array([3, 4]))]).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(cosineSimilarity(new Float32Array([1, 0]), new Float32Array([0, 2]))).toBe(0);
    expect(cosineSimilarity(new Float32Array([1, 1]), new Float32Array([2, 2]))).toBeCloseTo(1, 9);
    expect(euclideanDistance(new Float32Array([0, 0]), new Float32Array([3, 4]))).toBe(5);
    const img: RgbImage = { data: new Uint8Array([1, 2, 3, 4, 5, 6]), width: 2, height: 1, channels: 3 };
    expect([...flipHorizontal(img).data]).toEqual([4, 5, 6, 1, 2, 3]);
  });
});

describe.each([
  ['mobilefacenet_128', 128, 'cosine'],
  ['faceapi_recognition', 128, 'euclidean'],
] as const)('%s', (id, dims, metric) => {
  it('embeds real faces: same person scores above the calibrated threshold, another person below', async () => {
    const rec = getRecognizer(id);
    expect(rec.metric).toBe(metric);
    const [a, b, c] = await Promise.all(items.map((i) => rec.embed(i.image, i.face)));
    expect(a!.length).toBe(dims);
    if (metric === 'cosine') for (const e of [a!, b!, c!]) expect(Math.hypot(...e)).toBeCloseTo(1, 4);
    const same = rec.similarity(a!, b!);
    const other = rec.similarity(a!, c!);
    expect(same).toBeGreaterThan(rec.matchThreshold);
    expect(other).toBeLessThan(rec.matchThreshold);
    expect(rec.similarity(a!, a!)).toBeCloseTo(1, 4);
  });

  it('embeds the mirror image of a face almost like the face itself (flip augmentation is symmetric)', async () => {
    const rec = getRecognizer(id);
    const { image } = items[0]!;
    const mirrored = flipHorizontal(image);
    const [face] = await detectFaces(mirrored, { detector: 'scrfd_500m' });
    const e1 = await rec.embed(image, items[0]!.face, { flip: true });
    const e2 = await rec.embed(mirrored, face!, { flip: true });
    expect(rec.similarity(e1!, e2!)).toBeGreaterThan(0.9);
  });

  it('returns null for an analysis-less call without a face', async () => {
    const rec = getRecognizer(id);
    expect(await rec.embed(items[0]!.image, null)).toBeNull();
  });
});
