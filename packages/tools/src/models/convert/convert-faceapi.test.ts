/**
 * The converter against the real npm package: the tarball comes from `npm pack` (the registry, or npm's
 * cache); without it the suite skips locally and fails under CI=true (the reason printed). The converted models are compared with
 * the offline mirror's ONNX files on real face crops from ../shared/fixtures.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requirement } from '../../../../../test/helpers/requirement.js';
import { landmarkBox, ProvefyError, analyseFace, faceApiCrop, loadImage, cropResize, toNchw, type RgbImage } from '@provefy/core';
import { manifest, ort } from '@provefy/core/models';
import { SHARED_MODELS } from '../../../../../test/helpers/test-model-server.js';
import { weightsFromPackageDir, weightsFromTarball } from './faceapi-source.js';
import { buildConvertedModel } from './install-converted.js';
import { decodeOnnxModel } from './onnx-decode.js';
import { readTarGzMembers } from './tar-gz.js';
import { AGE_CF, RECOGNITION_CF, packFaceApiTarball } from '../../../test/helpers/test-npm-tarball.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const thrown = (fn: () => unknown): ProvefyError | undefined => {
  try {
    fn();
  } catch (e) {
    return e as ProvefyError;
  }
  return undefined;
};
const packed = await packFaceApiTarball();
const FIXTURES = join(SHARED_MODELS, '..', 'fixtures');
const mirrorAge = join(SHARED_MODELS, manifest.models.faceapi_age!.file);
const mirrorRec = join(SHARED_MODELS, manifest.models.faceapi_recognition!.file);
const haveMirror = existsSync(mirrorAge) && existsSync(mirrorRec) && existsSync(FIXTURES);

requirement({ name: 'the npm registry (npm pack of the face-api package)', problem: packed.ok ? null : packed.reason, fix: 'make the npm registry reachable' }).describe('face-api conversion from the npm package', () => {
  const tgz = packed.ok ? packed.bytes : Buffer.alloc(0);
  let age: Uint8Array;
  let rec: Uint8Array;
  const ms: Record<string, number> = {};

  beforeAll(() => {
    let t = performance.now();
    age = buildConvertedModel(AGE_CF, weightsFromTarball(tgz, AGE_CF, 'npm pack'));
    ms.age = performance.now() - t;
    t = performance.now();
    rec = buildConvertedModel(RECOGNITION_CF, weightsFromTarball(tgz, RECOGNITION_CF, 'npm pack'));
    ms.recognition = performance.now() - t;
    console.log(`[models/convert] conversion incl. tarball extraction: age ${ms.age.toFixed(0)} ms, recognition ${ms.recognition.toFixed(0)} ms`);
  });

  it("npm pack gives the registry tarball the manifest pins (sha256)", () => {
    expect(sha(tgz)).toBe(AGE_CF.tarballSha256);
    expect(RECOGNITION_CF.tarballSha256).toBe(AGE_CF.tarballSha256);
  });

  it('is byte-deterministic: a second conversion gives the same bytes, the manifest pins their sha256 and size', () => {
    const again = buildConvertedModel(AGE_CF, weightsFromTarball(tgz, AGE_CF, 'npm pack'));
    expect(sha(again)).toBe(sha(age));
    const rec2 = buildConvertedModel(RECOGNITION_CF, weightsFromTarball(tgz, RECOGNITION_CF, 'npm pack'));
    expect(sha(rec2)).toBe(sha(rec));
    const a = manifest.models.faceapi_age!;
    const r = manifest.models.faceapi_recognition!;
    expect({ sha256: sha(age), bytes: age.length }).toEqual({ sha256: a.convertedSha256, bytes: a.convertedBytes });
    expect({ sha256: sha(rec), bytes: rec.length }).toEqual({ sha256: r.convertedSha256, bytes: r.convertedBytes });
    console.log(`[models/convert] faceapi_age ${age.length} bytes sha256 ${sha(age)}; faceapi_recognition ${rec.length} bytes sha256 ${sha(rec)}`);
  });

  it('declares the inputs and outputs the rest of Provefy uses (names, shapes, opset 13)', async () => {
    const a = decodeOnnxModel(age);
    expect(a.opsetImports).toEqual([{ domain: '', version: 13 }]);
    expect(a.graph.inputs).toEqual([{ name: 'input', elemType: 'float', shape: ['N', 3, 112, 112] }]);
    expect(a.graph.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['age', ['N', 1]],
      ['gender', ['N', 2]],
    ]);
    const r = decodeOnnxModel(rec);
    expect(r.graph.inputs).toEqual([{ name: 'input', elemType: 'float', shape: ['N', 3, 150, 150] }]);
    expect(r.graph.outputs.map((o) => [o.name, o.shape])).toEqual([['descriptor', ['N', 128]]]);
    const s = await ort.InferenceSession.create(age);
    expect([s.inputNames, s.outputNames]).toEqual([['input'], ['age', 'gender']]);
  });

  it('refuses a tampered weight file or weights manifest, naming both hashes', () => {
    const tar = Buffer.from(gunzipSync(tgz));
    const name = Buffer.from(`package/${AGE_CF.file}\0`);
    const header = tar.indexOf(name);
    expect(header).toBeGreaterThanOrEqual(0);
    const bad = Buffer.from(tar);
    bad[header + 512 + 1000] = bad[header + 512 + 1000]! ^ 0x01; // one bit of the .bin's data
    const e = thrown(() => weightsFromTarball(gzipSync(bad, { level: 1 }), AGE_CF, 'tampered.tgz'));
    expect(e).toBeInstanceOf(ProvefyError);
    expect(e!.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
    expect(e!.message).toContain(AGE_CF.sha256);
    expect(e!.details.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(e!.details.actual).not.toBe(AGE_CF.sha256);

    // an unpacked package folder: the real files are accepted, a changed quantisation scale is refused
    const dir = mkdtempSync(join(tmpdir(), 'provefy-faceapi-'));
    try {
      mkdirSync(join(dir, 'model'));
      const real = readTarGzMembers(tgz, [`package/${RECOGNITION_CF.file}`, `package/${RECOGNITION_CF.weightsManifest}`]);
      writeFileSync(join(dir, RECOGNITION_CF.file), real.get(`package/${RECOGNITION_CF.file}`)!);
      const manifestText = Buffer.from(real.get(`package/${RECOGNITION_CF.weightsManifest}`)!).toString('utf8');
      writeFileSync(join(dir, RECOGNITION_CF.weightsManifest), manifestText);
      expect(weightsFromPackageDir(dir, RECOGNITION_CF).shards.size).toBe(1);
      expect(manifestText).toContain('"scale":0.');
      writeFileSync(join(dir, RECOGNITION_CF.weightsManifest), manifestText.replace('"scale":0.', '"scale":1.'));
      const m = thrown(() => weightsFromPackageDir(dir, RECOGNITION_CF));
      expect(m?.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
      expect(m?.message).toContain(RECOGNITION_CF.weightsManifestSha256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  requirement({ name: 'the offline model mirror and fixtures', problem: haveMirror ? null : `missing in ${SHARED_MODELS}/..`, fix: 'lay the shared model mirror beside the repository (../shared/models)' }).describe('against the offline mirror', () => {
    let ageChips: RgbImage[] = [];
    let recChips: RgbImage[] = [];

    beforeAll(async () => {
      // real photos: detected faces cropped as Provefy does for age (landmark box) and face-api's box crop for
      // recognition, plus UTKFace face chips resized whole
      const photos = [
        ...['faces/images/openface', 'faces/images/face_recognition'].flatMap((d) =>
          readdirSync(join(FIXTURES, d))
            .filter((f) => /\.(jpe?g|png)$/i.test(f))
            .sort()
            .slice(0, 3)
            .map((f) => join(FIXTURES, d, f)),
        ),
      ];
      for (const p of photos) {
        const a = await analyseFace(readFileSync(p));
        if (!a.face) continue;
        ageChips.push(faceApiCrop(a.image, landmarkBox(a.face, 2.3), 112));
        recChips.push(faceApiCrop(a.image, a.face.box, 150));
      }
      const utk = readdirSync(join(FIXTURES, 'ages/images')).sort().filter((_, i) => i % 30 === 0);
      for (const f of utk) {
        const img = await loadImage(join(FIXTURES, 'ages/images', f));
        const whole = { x: 0, y: 0, width: img.width, height: img.height };
        ageChips.push(cropResize(img, whole, 112, 112));
        recChips.push(cropResize(img, whole, 150, 150));
      }
      ageChips = ageChips.slice(0, 12);
      recChips = recChips.slice(0, 12);
    });

    const batch = (chips: RgbImage[], size: number) => {
      const plane = 3 * size * size;
      const buf = new Float32Array(chips.length * plane);
      for (const [i, c] of chips.entries()) toNchw(c, {}, buf, i * plane);
      return { input: new ort.Tensor('float32', buf, [chips.length, 3, size, size]) };
    };
    const maxAbsDiff = (a: ort.Tensor, b: ort.Tensor) => {
      const x = a.data as Float32Array;
      const y = b.data as Float32Array;
      expect(x.length).toBe(y.length);
      let m = 0;
      for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
      return m;
    };

    it('holds the same weights as the mirror file, bit for bit', () => {
      for (const [ours, mirror] of [
        [age, mirrorAge],
        [rec, mirrorRec],
      ] as const) {
        const key = (t: { dims: readonly number[]; data: ArrayLike<number> | BigInt64Array }) =>
          `${t.dims.join('x')}:${sha(new Uint8Array((t.data as Float32Array).buffer, (t.data as Float32Array).byteOffset, (t.data as Float32Array).byteLength))}`;
        const have = new Set(decodeOnnxModel(ours).graph.initializers.map(key));
        const theirs = decodeOnnxModel(readFileSync(mirror)).graph.initializers.filter((t) => t.dataType === 'float');
        expect(theirs.length).toBeGreaterThan(40);
        // the mirror stores fully connected weights as [out, in] (Gemm transB=1), ours keep TF's [in, out]
        const transposed = (t: { dims: readonly number[]; data: ArrayLike<number> | BigInt64Array }) => {
          const [r, c] = t.dims as [number, number];
          const d = t.data as Float32Array;
          return { dims: [c, r], data: Float32Array.from({ length: d.length }, (_, k) => d[(k % r) * c + Math.floor(k / r)]!) };
        };
        for (const t of theirs) expect(have.has(key(t)) || (t.dims.length === 2 && have.has(key(transposed(t)))), t.name).toBe(true);
      }
    });

    it('gives the mirror model’s age, gender and descriptors on real face crops', async () => {
      expect(ageChips.length).toBeGreaterThanOrEqual(8);
      expect(recChips.length).toBeGreaterThanOrEqual(8);
      const [oursA, theirsA, oursR, theirsR] = await Promise.all([
        ort.InferenceSession.create(age),
        ort.InferenceSession.create(mirrorAge),
        ort.InferenceSession.create(rec),
        ort.InferenceSession.create(mirrorRec),
      ]);
      const ageIn = batch(ageChips, 112);
      const a1 = await oursA.run(ageIn);
      const a2 = await theirsA.run(ageIn);
      const recIn = batch(recChips, 150);
      const r1 = await oursR.run(recIn);
      const r2 = await theirsR.run(recIn);
      const dAge = maxAbsDiff(a1['age']!, a2['age']!);
      const dGender = maxAbsDiff(a1['gender']!, a2['gender']!);
      const dDesc = maxAbsDiff(r1['descriptor']!, r2['descriptor']!);
      const ages = Array.from(a1['age']!.data as Float32Array).map((v) => v.toFixed(1));
      console.log(
        `[models/convert] ${ageChips.length} age crops (ages ${ages.join(', ')}): max |Δage| ${dAge} years, max |Δgender| ${dGender}; ${recChips.length} recognition crops: max |Δdescriptor| ${dDesc}`,
      );
      // the crops are real faces: a broken graph would not give plausible ages
      expect(Math.min(...ages.map(Number))).toBeGreaterThan(0);
      expect(Math.max(...ages.map(Number))).toBeLessThan(100);
      expect(dAge).toBeLessThanOrEqual(0.01);
      expect(dGender).toBeLessThanOrEqual(1e-3);
      expect(dDesc).toBeLessThanOrEqual(1e-4);
    });
  });
});

afterAll(() => {
  if (packed.ok) rmSync(join(packed.path, '..'), { recursive: true, force: true });
});
