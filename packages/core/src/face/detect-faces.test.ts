import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isProvefyError } from '../errors/index.js';
import { loadImage } from '../image/load-image.js';
import type { RgbImage } from '../image/types.js';
import { findRepoRoot } from '../models/index.js';
import { analyseFace } from './analyse-face.js';
import { detectFaces } from './detect-faces.js';
import type { DetectedFace } from './types.js';

const FIX = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures');
const images: Record<string, RgbImage> = {};

beforeAll(async () => {
  images.obama = await loadImage(join(FIX, 'faces/images/face_recognition/knn_train_obama_obama.jpg'));
  images.tight = await loadImage(join(FIX, 'faces/images/faceapi/stuart/stuart5.png'));
  images.noFace = await loadImage(join(FIX, 'documents/images/passporteye_eval/100_id-si.jpg'));
});

function expectUprightLandmarks(f: DetectedFace): void {
  const [le, re, nose, lm, rm] = f.landmarks;
  expect(le.x).toBeLessThan(re.x); // eye on the image's left first
  expect(lm.x).toBeLessThan(rm.x);
  expect(nose.x).toBeGreaterThan(le.x);
  expect(nose.x).toBeLessThan(re.x);
  expect(Math.max(le.y, re.y)).toBeLessThan(nose.y); // eyes above the nose
  expect(nose.y).toBeLessThan(Math.min(lm.y, rm.y)); // nose above the mouth
  for (const p of f.landmarks) {
    expect(p.x).toBeGreaterThan(f.box.x);
    expect(p.x).toBeLessThan(f.box.x + f.box.width);
    expect(p.y).toBeGreaterThan(f.box.y);
    expect(p.y).toBeLessThan(f.box.y + f.box.height);
  }
}

describe('detectFaces input', () => {
  it('refuses bytes, paths and malformed frames with a typed error instead of finding no face', async () => {
    for (const input of ['selfie.jpg', new Uint8Array(100), null, { data: new Uint8Array(10), width: 100, height: 100, channels: 3 }]) {
      const e = await detectFaces(input as RgbImage).then(
        () => null,
        (x: unknown) => x,
      );
      expect(isProvefyError(e), String(input)).toBe(true);
      expect((e as { code: string }).code).toBe('PROVEFY_ERR_INVALID_INPUT');
    }
  });
});

describe.each(['scrfd_500m', 'yunet_2023mar'])('detectFaces with %s', (detector) => {
  it('finds the face of a real photo with five landmarks in template order', async () => {
    const faces = await detectFaces(images.obama!, { detector });
    expect(faces).toHaveLength(1);
    const f = faces[0]!;
    expect(f.score).toBeGreaterThan(0.6);
    expect(f.box.width).toBeGreaterThan(100);
    expectUprightLandmarks(f);
  });

  it('finds a face that fills a small, tightly cropped image', async () => {
    const [f] = await detectFaces(images.tight!, { detector });
    expect(f).toBeDefined();
    // A turned head (about 30 degrees): the nose may pass an eye, but eyes and mouth keep their order.
    const [le, re, , lm, rm] = f!.landmarks;
    expect(le.x).toBeLessThan(re.x);
    expect(lm.x).toBeLessThan(rm.x);
    expect(Math.max(le.y, re.y)).toBeLessThan(Math.min(lm.y, rm.y));
    expect(f!.box.width).toBeGreaterThan(images.tight!.width * 0.5);
  });

  it('returns no face (and does not throw) for an image without a face', async () => {
    expect(await detectFaces(images.noFace!, { detector })).toEqual([]);
  });
});

describe('analyseFace', () => {
  it('reports the largest face, the count and quality signals, and memoises per input object', async () => {
    const a = await analyseFace(images.obama!, { detector: 'scrfd_500m' });
    expect(a.faceCount).toBe(1);
    expect(a.quality!.eyeDistance).toBeGreaterThan(50);
    expect(Math.abs(a.quality!.yaw)).toBeLessThan(20);
    expect(await analyseFace(images.obama!, { detector: 'scrfd_500m' })).toBe(a);
    const none = await analyseFace(images.noFace!, { detector: 'scrfd_500m' });
    expect(none.face).toBeNull();
    expect(none.quality).toBeNull();
  });
});
