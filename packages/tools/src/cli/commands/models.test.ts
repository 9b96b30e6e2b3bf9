import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultPackageDir, env, manifest, withRequiredModels, sha256File } from '@provefy/core/models';
import { SHARED_MODELS, type TestModelServer, startTestModelServer } from '../../../../../test/helpers/test-model-server.js';
import { type CommandIo, runModels } from './models.js';

const MIRROR = SHARED_MODELS;
const scrfd = manifest.profiles['insightface-compact']!;
const dflt = manifest.profiles.default!;
/** The insightface-compact profile's files (read from the manifest, which evolves), minus those shipped by npm packages. */
const SCRFD_FILES = withRequiredModels([scrfd.detector[0]!, scrfd.recognizer[0]!, ...scrfd.age, ...scrfd.liveness, ...scrfd.ocr]).filter((id) => !manifest.models[id]!.npmPackage);
const DEFAULT_FILES = withRequiredModels([dflt.detector[0]!, dflt.recognizer[0]!, ...dflt.age, ...dflt.liveness, ...dflt.ocr]).filter((id) => !manifest.models[id]!.npmPackage);
const PACKAGE_DIR = defaultPackageDir();
/** A model file to copy into a test folder: from the offline mirror, or from the package for Provefy's own models. */
const sourceOf = (file: string) => (existsSync(join(MIRROR, file)) ? join(MIRROR, file) : join(defaultPackageDir()!, file));
const saved = { ...env };
let root: string;
let cache: string;
let out: string;
let err: string;
const io: CommandIo = {
  out: (s) => {
    out += s;
  },
  err: (s) => {
    err += s;
  },
  tty: false,
};
let server: TestModelServer;

beforeAll(async () => {
  server = await startTestModelServer(MIRROR);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'provefy-cli-'));
  cache = join(root, 'cache');
  mkdirSync(cache);
  for (const id of SCRFD_FILES) copyFileSync(sourceOf(manifest.models[id]!.file), join(cache, manifest.models[id]!.file));
  Object.assign(env, { modelsDir: undefined, packageDir: PACKAGE_DIR, cacheDir: cache, mirror: undefined, offline: false, profile: undefined });
  out = '';
  err = '';
  server.requests.length = 0;
});
afterEach(async () => {
  Object.assign(env, saved);
  await rm(root, { recursive: true, force: true });
});

describe('provefy models list', () => {
  it('names the npm package as the source of the default files, selects default, and lists the InsightFace profiles as non-commercial', async () => {
    expect(await runModels(['list', '--json'], io)).toBe(0);
    const j = JSON.parse(out) as { models: { id: string; status: string; source?: string; path?: string; url?: string }[]; profiles: Record<string, string[]>; selected: { name: string }; searchFolders: string[] };
    const by = Object.fromEntries(j.models.map((m) => [m.id, m]));
    for (const id of DEFAULT_FILES) expect(by[id], id).toMatchObject({ status: 'verified', source: 'package', path: join(PACKAGE_DIR!, manifest.models[id]!.file) });
    expect(by[scrfd.detector[0]!]).toMatchObject({ status: 'verified', source: 'cache' });
    expect(by.scrfd_10g).toMatchObject({ status: 'missing' });
    expect(by.scrfd_10g!.url).toContain('https://github.com/deepinsight/insightface/releases/download/v0.7/buffalo_l.zip');
    expect(by.arcface_r50!.url).toContain('w600k_r50.onnx');
    expect(j.profiles.default).toEqual([]);
    expect(j.profiles['insightface-compact']).toEqual([]);
    expect(j.profiles.insightface!.slice(0, 2)).toEqual(['scrfd_10g', 'arcface_r50']);
    expect(j.selected.name).toBe('default');
    expect(j.searchFolders.map((f) => f.split(' ')[0])).toEqual(['npm:@provefy/models-compact', 'cache']);

    out = '';
    expect(await runModels(['list'], io)).toBe(0);
    expect(out).toMatch(new RegExp(`${dflt.detector[0]}\\s+detector\\s+\\S+\\s+\\S*default\\S*\\s+verified\\s+npm:@provefy/models-compact: ${PACKAGE_DIR}`));
    expect(out).toMatch(new RegExp(`${scrfd.detector[0]}\\s+detector\\s+\\S+\\s+insightface-compact\\s+verified\\s+cache: `));
    expect(out).toMatch(/scrfd_10g\s+detector\s+det_10g\.onnx\s+insightface\s+missing/);
    expect(out).toContain('npx provefy models fetch --profile insightface');
    expect(out).toMatch(/insightface-compact\s+complete\s+\(!\) non-commercial, used only when named/);
    expect(out).toContain('Selected profile: default (default profile)');
    expect(out).not.toContain('WARNING');
  });

  it('--profile compact (the former name) lists insightface-compact with the non-commercial warning', async () => {
    expect(await runModels(['list', '--profile', 'compact'], io)).toBe(0);
    expect(out).toMatch(new RegExp(`${scrfd.detector[0]}\\s+detector`));
    expect(out).not.toMatch(/^scrfd_10g/m);
    expect(out).toMatch(/\(!\) WARNING: Profile "insightface-compact" uses scrfd_500m: InsightFace weights licensed for non-commercial research only/);
  });

  it('reports a checksum mismatch (exit 1) and `verify` names both hashes', async () => {
    const dir = join(root, 'explicit');
    mkdirSync(dir);
    const f = join(dir, manifest.models.minifasnet_v2!.file);
    const bytes = readFileSync(join(MIRROR, manifest.models.minifasnet_v2!.file));
    bytes[77] = bytes[77]! ^ 1;
    writeFileSync(f, bytes);
    const actual = await sha256File(f);
    expect(await runModels(['list', '--dir', dir], io)).toBe(1);
    expect(out).toMatch(/minifasnet_v2 .*checksum-mismatch/);
    out = '';
    expect(await runModels(['verify', '--dir', dir], io)).toBe(1);
    expect(out).toContain(actual);
    expect(out).toContain(manifest.models.minifasnet_v2!.sha256!);
    expect(out).toMatch(new RegExp(`verified\\s+${scrfd.detector[0]}`));
  });
});

describe('provefy models fetch', () => {
  it('installs models from an http mirror into --dir, printing licences', async () => {
    const dir = join(root, 'out');
    const code = await runModels(['fetch', 'yunet_2023mar', 'genderage', '--dir', dir, '--mirror', server.url], io);
    expect(code).toBe(0);
    expect(out).toMatch(/installed\s+yunet_2023mar/);
    expect(out).toContain('Non-commercial weights (research only): genderage');
    expect(err).toContain('MIT (OpenCV Zoo)');
    expect(err).toContain('may NOT be used commercially');
    expect(await sha256File(join(dir, 'genderage.onnx'))).toBe(manifest.models.genderage!.sha256);
  });

  it('--profile default installs nothing: every file comes from the npm package', async () => {
    env.cacheDir = join(root, 'empty-cache');
    expect(await runModels(['fetch', '--profile', 'default', '--mirror', server.url], io)).toBe(0);
    expect(out.match(/^present/gm)?.length).toBe(DEFAULT_FILES.length + dflt.ocr.filter((id) => manifest.models[id]!.npmPackage).length);
    for (const id of DEFAULT_FILES) expect(out).toContain(join(PACKAGE_DIR!, manifest.models[id]!.file));
    expect(out).not.toContain('WARNING');
    expect(server.requests.length).toBe(0);
  });

  it('--profile compact with everything present installs nothing and warns that the weights are non-commercial', async () => {
    expect(await runModels(['fetch', '--profile', 'compact'], io)).toBe(0);
    expect(out.match(/^present/gm)?.length).toBe(SCRFD_FILES.length + scrfd.ocr.filter((id) => manifest.models[id]!.npmPackage).length);
    expect(out).toContain('(!) WARNING: Profile "insightface-compact"');
    expect(server.requests.length).toBe(0);
  });

  it('offline with no mirror: exits 1 and says why for each model', async () => {
    const code = await runModels(['fetch', 'scrfd_10g', 'faceapi_recognition', '--offline', '--dir', join(root, 'x')], io);
    expect(code).toBe(1);
    expect(out).toMatch(/FAILED\s+scrfd_10g .*offline/);
    expect(out).toMatch(/FAILED\s+faceapi_recognition .*@vladmandic\/face-api/);
  });

  it('rejects unknown ids, profiles and options with a usage message', async () => {
    await expect(runModels(['fetch', 'nope'], io)).rejects.toMatchObject({ code: 'PROVEFY_ERR_MODEL_UNKNOWN' });
    await expect(runModels(['fetch', '--profile', 'huge'], io)).rejects.toMatchObject({ code: 'PROVEFY_ERR_CONFIG' });
    expect(await runModels(['list', '--bogus'], io)).toBe(2);
    expect(err).toContain('Usage: provefy models');
  });
});
