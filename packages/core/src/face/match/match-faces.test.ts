import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isProvefyError } from '../../errors/index.js';
import { loadImage } from '../../image/load-image.js';
import { resizeImage } from '../../image/transform.js';
import type { RgbImage } from '../../image/types.js';
import { findRepoRoot } from '../../models/index.js';
import { rotateQuarter } from '../portrait/rotate.js';
import { matchFaces } from './match-faces.js';

const FIX = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures');
const KYC = join(FIX, 'kyc/faces/images');
const img: Record<string, RgbImage> = {};
const defaultProfile = { profile: 'default' } as const;

/** Two photos side by side (same height): a "selfie" with two people. */
function sideBySide(a: RgbImage, b: RgbImage): RgbImage {
  const h = Math.min(a.height, b.height);
  const w = a.width + b.width;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    out.set(a.data.subarray(y * a.width * 3, (y + 1) * a.width * 3), y * w * 3);
    out.set(b.data.subarray(y * b.width * 3, (y + 1) * b.width * 3), (y * w + a.width) * 3);
  }
  return { data: out, width: w, height: h, channels: 3 };
}

beforeAll(async () => {
  const face = (p: string) => loadImage(join(FIX, 'faces/images', p));
  [img.obama1, img.obama2, img.biden, img.amy1, img.sheldon1, img.amy2] = await Promise.all([
    face('face_recognition/knn_train_obama_obama.jpg'),
    face('face_recognition/knn_train_obama_obama2.jpg'),
    face('face_recognition/knn_train_biden_biden.jpg'),
    face('faceapi/amy/amy1.png'),
    face('faceapi/sheldon/sheldon1.png'),
    face('faceapi/amy/amy2.png'),
  ]);
  [img.card, img.selfie1, img.selfie2, img.other3, img.other4] = await Promise.all(
    ['foam__id_card.jpg', 'foam__photo_1.jpg', 'foam__photo_2.jpg', 'foam__photo_3.jpg', 'foam__photo_4.jpg'].map((f) => loadImage(join(KYC, f))),
  );
  img.noFace = await loadImage(join(FIX, 'documents/images/passporteye_eval/100_id-si.jpg'));
});

describe('matchFaces on photo pairs', () => {
  it('passes two photos of the same person', async () => {
    const r = await matchFaces(img.obama1!, img.obama2!, { ...defaultProfile, documentKind: 'photo' });
    expect(r.result).toBe('PASS');
    expect(r.isMatch).toBe(true);
    expect(r.similarityScore).toBeGreaterThan(r.threshold);
    expect(r.reasons).toEqual([]);
    // With face-api's weights installed the calibrated fusion of the two recognizers decides.
    expect(r.model).toBe('mobilefacenet_128+faceapi_recognition');
    expect(r.faces.selfie!.faceCount).toBe(1);
  });

  it('fails two different people', async () => {
    const r = await matchFaces(img.obama1!, img.biden!, { ...defaultProfile, documentKind: 'photo' });
    expect(r.result).toBe('FAIL');
    expect(r.isMatch).toBe(false);
    expect(r.similarityScore).toBeLessThan(r.reviewBand[0]);
    expect(r.reasons.map((x) => x.code)).toEqual(['FACE_MISMATCH']);
  });
});

describe('matchFaces selfie against an ID card', () => {
  it('finds the portrait on the card; both genuine selfies score in or above the REVIEW band, the clearer one PASSes', async () => {
    // PASS needs a false-accept rate <= 1e-4 (0 of 31,115 LFW impostor pairs), so a printed portrait may go to
    // REVIEW; a genuine selfie never FAILs.
    const results = [];
    for (const selfie of [img.selfie1!, img.selfie2!]) {
      const r = await matchFaces(selfie, img.card!, defaultProfile);
      results.push(r.result);
      expect(r.result).not.toBe('FAIL');
      expect(r.similarityScore).toBeGreaterThan(r.reviewBand[0] + 0.1);
      // The portrait is printed on the right half of this card, away from the text fields.
      const b = r.faces.document!.box;
      expect(b.x + b.width / 2).toBeGreaterThan(img.card!.width * 0.5);
      expect(b.width).toBeGreaterThan(100);
    }
    expect(results).toContain('PASS');
  });

  it('fails both impostors', async () => {
    for (const selfie of [img.other3!, img.other4!]) {
      const r = await matchFaces(selfie, img.card!, defaultProfile);
      expect(r.result).toBe('FAIL');
      expect(r.isMatch).toBe(false);
    }
  });
});

describe('matchFaces against a card photographed sideways or upside down', () => {
  it('turns the portrait upright: genuine selfies PASS at every quarter turn, impostors FAIL', { timeout: 120_000 }, async () => {
    // Before the orientation check the turned card's face was detected with upright-template landmarks and
    // the genuine selfie scored 0.00-0.06 (FAIL).
    for (const turns of [1, 2, 3]) {
      const card = rotateQuarter(img.card!, turns);
      const genuine = await matchFaces(img.selfie1!, card, defaultProfile);
      expect(genuine.result, `genuine at ${turns * 90} degrees: ${genuine.similarityScore}`).toBe('PASS');
      const impostor = await matchFaces(img.other3!, card, defaultProfile);
      expect(impostor.result, `impostor at ${turns * 90} degrees: ${impostor.similarityScore}`).toBe('FAIL');
    }
  });
});

describe('matchFaces without a usable face', () => {
  it('gives FAIL with a reason, not an exception, when a side has no face', async () => {
    const noSelfie = await matchFaces(img.noFace!, img.card!, defaultProfile);
    expect(noSelfie.result).toBe('FAIL');
    expect(noSelfie.similarityScore).toBe(0);
    expect(noSelfie.faces.selfie).toBeNull();
    expect(noSelfie.reasons.map((x) => x.code)).toEqual(['NO_FACE_SELFIE']);
    const noDoc = await matchFaces(img.selfie2!, img.noFace!, defaultProfile);
    expect(noDoc.result).toBe('FAIL');
    expect(noDoc.reasons.map((x) => x.code)).toEqual(['NO_FACE_DOCUMENT']);
  });

  it('never passes a tiny face: it is reported as low quality or not found', async () => {
    const tiny = resizeImage(img.obama1!, 60, Math.round((60 * img.obama1!.height) / img.obama1!.width));
    const r = await matchFaces(tiny, img.obama2!, { ...defaultProfile, documentKind: 'photo' });
    expect(r.result).not.toBe('PASS');
    const codes = r.reasons.map((x) => x.code);
    expect(codes.includes('LOW_QUALITY_SELFIE') || codes.includes('NO_FACE_SELFIE')).toBe(true);
  });

  it('rejects a threshold outside 0-1 with a ProvefyError', async () => {
    const err = await matchFaces(img.obama1!, img.obama2!, { ...defaultProfile, threshold: 1.5 }).catch((e: unknown) => e);
    expect(isProvefyError(err)).toBe(true);
  });

  it('a quality limit left undefined keeps its default (a gate is never switched off); NaN is a typed error', async () => {
    const opts = { ...defaultProfile, documentKind: 'photo' as const };
    const r = await matchFaces(img.obama1!, img.obama2!, { ...opts, quality: { maxYaw: undefined, minSharpness: undefined } });
    expect(r).toEqual(await matchFaces(img.obama1!, img.obama2!, opts));
    const err = await matchFaces(img.obama1!, img.obama2!, { ...opts, quality: { maxYaw: Number.NaN } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PROVEFY_ERR_INVALID_INPUT' });
  });

  it('holds either side to the default image limits, and answers a typed error for a number or a malformed frame', async () => {
    // A 1x1 PNG whose header declares 8000x8000 (64 MP, over the default 40 MP): refused from the header, on both sides.
    const bomb = await sharp({ create: { width: 1, height: 1, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png().toBuffer();
    bomb.writeUInt32BE(8000, 16);
    bomb.writeUInt32BE(8000, 20);
    const jpeg = await sharp(Buffer.from(img.obama1!.data), { raw: { width: img.obama1!.width, height: img.obama1!.height, channels: 3 } }).jpeg().toBuffer();
    const code = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (isProvefyError(e) ? e.code : `untyped ${String(e)}`));
    for (const documentKind of ['photo', 'document'] as const) {
      expect(await code(matchFaces(bomb, jpeg, { ...defaultProfile, documentKind }))).toBe('PROVEFY_ERR_IMAGE_TOO_LARGE');
      expect(await code(matchFaces(jpeg, bomb, { ...defaultProfile, documentKind }))).toBe('PROVEFY_ERR_IMAGE_TOO_LARGE');
      expect(await code(matchFaces(42 as never, jpeg, { ...defaultProfile, documentKind }))).toBe('PROVEFY_ERR_INVALID_INPUT');
      const short = { data: new Uint8Array(10), width: 100, height: 100, channels: 3 } as RgbImage;
      expect(await code(matchFaces(short, jpeg, { ...defaultProfile, documentKind }))).toBe('PROVEFY_ERR_INVALID_IMAGE');
    }
  });
});

describe('matchFaces with several faces in the selfie', () => {
  it('does not PASS: REVIEW with MULTIPLE_FACES by default, FAIL when asked', async () => {
    const crowd = sideBySide(img.amy1!, img.sheldon1!);
    const r = await matchFaces(crowd, img.amy2!, { ...defaultProfile, documentKind: 'photo' });
    expect(r.faces.selfie!.faceCount).toBe(2);
    expect(r.reasons.map((x) => x.code)).toContain('MULTIPLE_FACES');
    expect(r.result).not.toBe('PASS');
    const strict = await matchFaces(crowd, img.amy2!, { ...defaultProfile, documentKind: 'photo', multipleFaces: 'fail' });
    expect(strict.result).toBe('FAIL');
  });
});
