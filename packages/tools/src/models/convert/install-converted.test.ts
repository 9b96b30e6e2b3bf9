/**
 * `provefy models fetch` for converted models without a mirror: the real npm tarball (from `npm pack`) is
 * served by a local HTTP server standing in for the registry, downloaded, verified, converted and installed.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requirement } from '../../../../../test/helpers/requirement.js';
import { ProvefyError } from '@provefy/core';
import { env, manifest, verifyModelFile, sha256File } from '@provefy/core/models';
import { fetchModel, fetchModels } from '../fetch/fetch-model.js';
import { silentProgress } from '../fetch/progress.js';
import { SHARED_MODELS, type TestModelServer, startTestModelServer } from '../../../../../test/helpers/test-model-server.js';
import { NPM_REGISTRY, convertedFromOf, installedPackageDir, tarballUrl } from './faceapi-source.js';
import { AGE_CF, packFaceApiTarball } from '../../../test/helpers/test-npm-tarball.js';

const age = manifest.models.faceapi_age!;
const rec = manifest.models.faceapi_recognition!;
const TGZ = 'face-api-1.7.15.tgz';

describe('convertedFromOf / tarballUrl / installedPackageDir', () => {
  it('knows which manifest entries Provefy can convert', () => {
    expect(convertedFromOf(age)?.converter).toBe('faceapi-age-gender');
    expect(convertedFromOf(rec)?.converter).toBe('faceapi-face-recognition');
    expect(convertedFromOf(manifest.models.minifasnet_v2!)).toBeUndefined(); // exported from PyTorch elsewhere
    expect(convertedFromOf(manifest.models.genderage!)).toBeUndefined();
    expect(convertedFromOf({ ...age, convertedSha256: undefined })).toBeUndefined();
    expect(convertedFromOf({ ...age, convertedFrom: { ...age.convertedFrom, sha256: 'b413e420' } })).toBeUndefined();
  });

  it('builds the tarball URL of another registry, and keeps the pinned URL for the default one', () => {
    expect(tarballUrl(AGE_CF, `${NPM_REGISTRY}/`)).toBe('https://registry.npmjs.org/@vladmandic/face-api/-/face-api-1.7.15.tgz');
    expect(tarballUrl(AGE_CF, 'https://npm.example.org/repo/')).toBe('https://npm.example.org/repo/@vladmandic/face-api/-/face-api-1.7.15.tgz');
  });

  it('finds an installed copy of the package only at the pinned version', async () => {
    const root = await mkdtemp(join(tmpdir(), 'provefy-pkg-'));
    try {
      const pkg = join(root, 'node_modules', '@vladmandic', 'face-api');
      mkdirSync(join(root, 'app', 'src'), { recursive: true });
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@vladmandic/face-api', version: '1.7.14' }));
      expect(installedPackageDir(AGE_CF, [join(root, 'app', 'src')])).toBeUndefined();
      writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@vladmandic/face-api', version: '1.7.15' }));
      expect(installedPackageDir(AGE_CF, [join(root, 'app', 'src')])).toBe(pkg);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

const packed = await packFaceApiTarball();

requirement({ name: 'the npm registry (npm pack of the face-api package)', problem: packed.ok ? null : packed.reason, fix: 'make the npm registry reachable' }).describe('fetchModel builds converted models from the npm tarball', () => {
  const tgz = packed.ok ? packed.bytes : Buffer.alloc(0);
  let server: TestModelServer;
  let root: string;
  let dir: string;
  let lines: string[];
  const saved = { ...env };
  const opts = () => ({ dir, mirror: null, npmTarball: `${server.url}/${TGZ}`, log: (l: string) => void lines.push(l), progress: silentProgress, retryDelayMs: 10 });

  beforeAll(async () => {
    server = await startTestModelServer();
  });
  afterAll(async () => {
    await server.close();
    if (packed.ok) await rm(join(packed.path, '..'), { recursive: true, force: true });
  });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'provefy-convert-'));
    dir = join(root, 'models');
    lines = [];
    server.requests.length = 0;
    server.files.clear();
    server.files.set(TGZ, tgz);
    Object.assign(env, { modelsDir: undefined, cacheDir: join(root, 'cache'), mirror: undefined, offline: false });
  });
  afterEach(async () => {
    Object.assign(env, saved);
    await rm(root, { recursive: true, force: true });
  });

  it('downloads the tarball, verifies it, converts and installs a file the resolver accepts', async () => {
    const r = await fetchModel('faceapi_age', opts());
    expect(r).toMatchObject({ status: 'installed', source: 'converted', path: join(dir, age.file), from: `${server.url}/${TGZ}` });
    expect(await sha256File(r.path)).toBe(age.convertedSha256);
    await expect(verifyModelFile('faceapi_age', r.path)).resolves.toBeUndefined();
    expect(lines.join('\n')).toMatch(/converted model\/age_gender_model\.bin of @vladmandic\/face-api@1\.7\.15/);
    expect(lines.join('\n')).toContain('MIT');
    // the tarball was a temporary download
    expect(readdirSync(dir).sort()).toEqual(['.downloads', age.file]);
    expect(readdirSync(join(dir, '.downloads'))).toEqual([]);
    const again = await fetchModel('faceapi_age', opts());
    expect(again.status).toBe('present');
    expect(server.requests.length).toBe(1);
  });

  it('a profile fetch of both face-api models downloads the tarball once', async () => {
    const rep = await fetchModels(['faceapi_age', 'faceapi_recognition'], opts());
    expect(rep.failed).toEqual([]);
    expect(rep.ok.map((o) => [o.id, o.source])).toEqual([
      ['faceapi_age', 'converted'],
      ['faceapi_recognition', 'converted'],
    ]);
    expect(server.requests.filter((q) => q.path === TGZ).length).toBe(1);
    expect(await sha256File(join(dir, rec.file))).toBe(rec.convertedSha256);
  });

  it('refuses a tarball whose sha256 differs from the manifest: nothing installed', async () => {
    const tar = Buffer.from(gunzipSync(tgz));
    const at = tar.indexOf(Buffer.from(`package/${AGE_CF.file}\0`)) + 512 + 4242;
    tar[at] = tar[at]! ^ 0x10;
    server.files.set(TGZ, gzipSync(tar, { level: 1 }));
    const e = (await fetchModel('faceapi_age', opts()).catch((x: unknown) => x)) as ProvefyError;
    expect(e).toBeInstanceOf(ProvefyError);
    expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
    expect(e.message).toContain(AGE_CF.tarballSha256);
    expect(existsSync(join(dir, age.file))).toBe(false);
  });

  it('a local tarball with a tampered .bin is refused by the weight file check', async () => {
    const tar = Buffer.from(gunzipSync(tgz));
    const at = tar.indexOf(Buffer.from(`package/${AGE_CF.file}\0`)) + 512 + 99;
    tar[at] = tar[at]! ^ 0x01;
    const local = join(root, 'tampered.tgz');
    writeFileSync(local, gzipSync(tar, { level: 1 }));
    const e = (await fetchModel('faceapi_age', { ...opts(), npmTarball: local }).catch((x: unknown) => x)) as ProvefyError;
    expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
    expect(e.message).toContain(AGE_CF.sha256);
    expect(e.message).toContain('model/age_gender_model.bin');
    expect(existsSync(join(dir, age.file))).toBe(false);
    // the untampered local tarball works (no network)
    const good = join(root, TGZ);
    writeFileSync(good, tgz);
    const r = await fetchModel('faceapi_age', { ...opts(), npmTarball: good });
    expect(r).toMatchObject({ status: 'installed', source: 'converted', from: good });
    expect(server.requests.length).toBe(0);
  });

  it('installs only when the converted bytes match convertedSha256', async () => {
    const entry = { ...age, convertedSha256: '0'.repeat(64) };
    const e = (await fetchModel('faceapi_age', { ...opts(), entry }).catch((x: unknown) => x)) as ProvefyError;
    expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
    expect(e.details.actual).toBe(age.convertedSha256);
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('offline: no request, a typed error that says how to get the file', async () => {
    const e = (await fetchModel('faceapi_age', { ...opts(), npmTarball: undefined, offline: true }).catch((x: unknown) => x)) as ProvefyError;
    expect(e.code).toBe('PROVEFY_ERR_MODEL_DOWNLOAD');
    expect(e.message).toContain('offline');
    expect(e.message).toContain('PROVEFY_MODEL_MIRROR');
    expect(server.requests.length).toBe(0);
  });

  requirement({ name: `the mirror file ${age.file}`, problem: existsSync(join(SHARED_MODELS, age.file)) ? null : `not in ${SHARED_MODELS}`, fix: 'lay the shared model mirror beside the repository (../shared/models)' }).it('the resolver accepts the mirror file and the conversion, nothing else', async () => {
    await expect(verifyModelFile('faceapi_age', join(SHARED_MODELS, age.file))).resolves.toBeUndefined();
    const p = join(root, 'bad', age.file);
    mkdirSync(join(root, 'bad'));
    const bytes = readFileSync(join(SHARED_MODELS, age.file));
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
    writeFileSync(p, bytes);
    const e = (await verifyModelFile('faceapi_age', p).catch((x: unknown) => x)) as ProvefyError;
    expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
    expect(e.message).toContain(age.sha256!);
    expect(e.message).toContain(age.convertedSha256!);
  });
});
