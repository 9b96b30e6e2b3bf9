import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProvefyError } from '@provefy/core';
import { env, type ModelEntry, manifest, sha256File } from '@provefy/core/models';
import { fetchModel, fetchModels } from './fetch-model.js';
import { silentProgress } from './progress.js';
import { SHARED_MODELS, type TestModelServer, startTestModelServer } from '../../../../../test/helpers/test-model-server.js';

const MIRROR = SHARED_MODELS;
const age = manifest.models.genderage!; // InsightFace, non-commercial, 1.3 MB
const yunet = manifest.models.yunet_2023mar!; // MIT, 232 kB
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let server: TestModelServer;
let root: string;
let dir: string;
let lines: string[];
const saved = { ...env };

const base = () => ({ dir, mirror: null, log: (l: string) => void lines.push(l), progress: silentProgress, retryDelayMs: 10 });
/** The entry with its official URL on the test server, as a plain file (no zip). */
const official = (e: ModelEntry, name = e.file): ModelEntry => ({ ...e, url: `${server.url}/${name}`, member: undefined, archive: undefined });

beforeAll(async () => {
  server = await startTestModelServer(MIRROR);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'provefy-fetch-'));
  dir = join(root, 'models');
  lines = [];
  server.requests.length = 0;
  server.files.clear();
  server.cut.clear();
  // keep the real cache and ../shared/models out of "already present" checks
  Object.assign(env, { modelsDir: undefined, cacheDir: join(root, 'cache'), mirror: undefined, offline: false });
});
afterEach(async () => {
  Object.assign(env, saved);
  await rm(root, { recursive: true, force: true });
});

describe('fetchModel', () => {
  it('downloads from the official URL, verifies, installs and prints the licence', async () => {
    const r = await fetchModel('yunet_2023mar', { ...base(), entry: official(yunet) });
    expect(r).toMatchObject({ status: 'installed', source: 'official', path: join(dir, yunet.file) });
    expect(await sha256File(r.path)).toBe(yunet.sha256);
    expect(lines.join('\n')).toContain('MIT (OpenCV Zoo)');
    expect(readdirSync(dir)).toEqual([yunet.file]);
    const again = await fetchModel('yunet_2023mar', { ...base(), entry: official(yunet) });
    expect(again.status).toBe('present');
    expect(server.requests.length).toBe(1);
  });

  it('warns loudly that InsightFace weights are non-commercial', async () => {
    await fetchModel('genderage', { ...base(), entry: official(age) });
    const text = lines.join('\n');
    expect(text).toContain('WARNING');
    expect(text).toContain('may NOT be used commercially');
  });

  it('tries an http mirror (files by name) before the official URL', async () => {
    const r = await fetchModel('genderage', { ...base(), mirror: `${server.url}/`, entry: official(age, 'never-requested.onnx') });
    expect(r.source).toBe('mirror-http');
    expect(server.requests.map((q) => q.path)).toEqual([age.file]);
    expect(await sha256File(r.path)).toBe(age.sha256);
  });

  it('copies from a mirror folder and falls back to the official URL when the mirror copy is corrupt', async () => {
    const mirror = join(root, 'mirror');
    const ok = await fetchModel('genderage', { ...base(), mirror: MIRROR, entry: official(age, 'never-requested.onnx') });
    expect(ok.source).toBe('mirror-folder');
    expect(server.requests.length).toBe(0);

    await rm(dir, { recursive: true });
    const bytes = readFileSync(join(MIRROR, age.file));
    bytes[10] = bytes[10]! ^ 1;
    await mkdir(mirror, { recursive: true });
    writeFileSync(join(mirror, age.file), bytes);
    const r = await fetchModel('genderage', { ...base(), mirror, entry: official(age) });
    expect(r.source).toBe('official');
    expect(await sha256File(r.path)).toBe(age.sha256);
    expect(lines.join('\n')).toMatch(/mirror .* failed: .*sha256/);
  });

  it('refuses a corrupted download: PROVEFY_ERR_MODEL_CHECKSUM with both hashes, nothing installed', async () => {
    const bytes = Buffer.from(readFileSync(join(MIRROR, yunet.file)));
    bytes[5000] = bytes[5000]! ^ 0x55;
    server.files.set(yunet.file, bytes);
    const e = (await fetchModel('yunet_2023mar', { ...base(), entry: official(yunet) }).catch((x: unknown) => x)) as ProvefyError;
    expect(e).toBeInstanceOf(ProvefyError);
    expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
    expect(e.details.expected).toBe(yunet.sha256);
    expect(e.details.actual).toBe(sha(bytes));
    expect(e.message).toContain(sha(bytes));
    expect(e.message).toContain(yunet.sha256!);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('after a cut connection nothing looks installed; the next fetch resumes and succeeds', async () => {
    server.cut.set(age.file, { after: 250_000, times: 1 });
    const e = (await fetchModel('genderage', { ...base(), retries: 0, entry: official(age) }).catch((x: unknown) => x)) as ProvefyError;
    expect(e.code).toBe('PROVEFY_ERR_MODEL_DOWNLOAD');
    expect(readdirSync(dir).filter((f) => !f.endsWith('.part'))).toEqual([]);
    const r = await fetchModel('genderage', { ...base(), retries: 0, entry: official(age) });
    expect(r.status).toBe('installed');
    expect(server.requests.at(-1)!.range).toMatch(/^bytes=\d+-$/);
    expect(await sha256File(r.path)).toBe(age.sha256);
    expect(readdirSync(dir)).toEqual([age.file]);
  });

  describe('zip archives (InsightFace style)', () => {
    const member = readFileSync(join(MIRROR, age.file));
    const zip = zipSync({ 'pack/genderage.onnx': member, 'pack/readme.txt': strToU8('test pack') }, { level: 6 });
    const zipEntry = (): ModelEntry => ({
      ...age,
      url: `${server.url}/test_pack.zip`,
      member: 'genderage.onnx',
      archive: { file: 'test_pack.zip', bytes: zip.length, sha256: sha(zip) },
    });

    it('verifies the archive, extracts the member, verifies it and removes the archive', async () => {
      server.files.set('test_pack.zip', zip);
      const r = await fetchModel('genderage', { ...base(), entry: zipEntry() });
      expect(r.status).toBe('installed');
      expect(await sha256File(join(dir, age.file))).toBe(age.sha256);
      expect(readdirSync(join(dir, '.downloads'))).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['.downloads', age.file]);
    });

    it('finds the archive in a mirror folder when the member is not there by name', async () => {
      const mirror = join(root, 'zipmirror');
      await mkdir(mirror);
      writeFileSync(join(mirror, 'test_pack.zip'), zip);
      const r = await fetchModel('genderage', { ...base(), mirror, entry: zipEntry(), useOfficial: false });
      expect(r.source).toBe('mirror-folder');
      expect(await sha256File(r.path)).toBe(age.sha256);
    });

    it('refuses an archive whose sha256 differs from the manifest: nothing installed', async () => {
      const other = zipSync({ 'genderage.onnx': member, 'extra.txt': strToU8('tampered') });
      server.files.set('test_pack.zip', other);
      const e = (await fetchModel('genderage', { ...base(), entry: { ...zipEntry(), archive: { file: 'test_pack.zip', bytes: other.length, sha256: sha(zip) } } }).catch((x: unknown) => x)) as ProvefyError;
      expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
      expect(e.details.actual).toBe(sha(other));
      expect(existsSync(join(dir, age.file))).toBe(false);
      expect(readdirSync(join(dir, '.downloads'))).toEqual([]);
    });

    it('refuses a member whose sha256 differs: nothing installed', async () => {
      const wrong = zipSync({ 'genderage.onnx': readFileSync(join(MIRROR, yunet.file)) });
      server.files.set('test_pack.zip', wrong);
      const entry = { ...zipEntry(), archive: { file: 'test_pack.zip', bytes: wrong.length, sha256: sha(wrong) } };
      const e = (await fetchModel('genderage', { ...base(), entry }).catch((x: unknown) => x)) as ProvefyError;
      expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
      expect(e.details.actual).toBe(yunet.sha256);
      expect(readdirSync(dir).filter((f) => f !== '.downloads')).toEqual([]);
    });

    it('downloads an archive shared by two models once', async () => {
      const both = zipSync({ 'genderage.onnx': member, 'face_detection_yunet_2023mar.onnx': readFileSync(join(MIRROR, yunet.file)) }, { level: 1 });
      server.files.set('both.zip', both);
      const archive = { file: 'both.zip', bytes: both.length, sha256: sha(both) };
      const url = `${server.url}/both.zip`;
      const entries = { genderage: { ...age, url, member: age.file, archive }, yunet_2023mar: { ...yunet, url, member: yunet.file, archive } };
      const rep = await fetchModels(['genderage', 'yunet_2023mar'], { ...base(), entries });
      expect(rep.failed).toEqual([]);
      expect(rep.ok.map((o) => o.status)).toEqual(['installed', 'installed']);
      expect(server.requests.filter((q) => q.path === 'both.zip').length).toBe(1);
      expect(await sha256File(join(dir, yunet.file))).toBe(yunet.sha256);
    });
  });

  it('two concurrent fetches of one model download it once (lock file), both end verified', async () => {
    const [a, b] = await Promise.all([fetchModel('genderage', { ...base(), entry: official(age) }), fetchModel('genderage', { ...base(), entry: official(age) })]);
    expect([a.status, b.status].sort()).toEqual(['installed', 'present']);
    expect(server.requests.length).toBe(1);
    expect(await sha256File(join(dir, age.file))).toBe(age.sha256);
    expect(readdirSync(dir)).toEqual([age.file]);
  });

  it('a lock left by a dead process is taken over', async () => {
    await mkdir(dir, { recursive: true });
    writeFileSync(join(dir, `${age.file}.lock`), `${hostname()} 2147483646\n`);
    const r = await fetchModel('genderage', { ...base(), entry: official(age) });
    expect(r.status).toBe('installed');
    expect(readdirSync(dir)).toEqual([age.file]);
  });

  it('explains how to obtain models without a direct download', async () => {
    const manual = (await fetchModel('scrfd_2.5g', base()).catch((x: unknown) => x)) as ProvefyError;
    expect(manual.code).toBe('PROVEFY_ERR_MODEL_MISSING');
    expect(manual.message).toContain('scrfd_2.5g_bnkps.onnx');
    expect(manual.message).toContain('PROVEFY_MODEL_MIRROR');
    // (with conversion on, the converter builds it from the npm package instead: see models/convert)
    const npm = (await fetchModel('faceapi_recognition', { ...base(), convert: false }).catch((x: unknown) => x)) as ProvefyError;
    expect(npm.code).toBe('PROVEFY_ERR_MODEL_MISSING');
    expect(npm.message).toContain('@vladmandic/face-api@1.7.15');
    // MiniFASNet's official file is the PyTorch checkpoint: never downloaded in place of the ONNX export
    const pth = (await fetchModel('minifasnet_v2', base()).catch((x: unknown) => x)) as ProvefyError;
    expect(pth.code).toBe('PROVEFY_ERR_MODEL_MISSING');
    expect(pth.message).toContain('exported to ONNX');
    expect(server.requests.length).toBe(0);
    // with a mirror holding the converted file it installs normally
    const r = await fetchModel('faceapi_age', { ...base(), mirror: MIRROR });
    expect(r.source).toBe('mirror-folder');
  });

  it('offline: no network request, a typed error naming the URL', async () => {
    const e = (await fetchModel('yunet_2023mar', { ...base(), offline: true, mirror: `${server.url}`, entry: official(yunet) }).catch((x: unknown) => x)) as ProvefyError;
    expect(e.code).toBe('PROVEFY_ERR_MODEL_DOWNLOAD');
    expect(e.message).toContain('offline');
    expect(server.requests.length).toBe(0);
  });

  it('reports eng.traineddata as shipped by its npm package', async () => {
    const r = await fetchModel('tess_eng', base());
    expect(r).toMatchObject({ status: 'present', source: 'npm' });
    expect(existsSync(r.path)).toBe(true);
  });
});
