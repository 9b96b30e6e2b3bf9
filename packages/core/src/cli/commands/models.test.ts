import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { env } from '../../models/env.js';
import { SHARED_MODELS, type TestModelServer, startTestModelServer } from '../../models/fetch/test-model-server.js';
import { manifest, shippedWithPackage } from '../../models/manifest.js';
import { sha256File } from '../../models/sha256.js';
import { type CommandIo, runModels } from './models.js';

const MIRROR = SHARED_MODELS;
const compact = manifest.profiles.compact!;
/** The compact profile's files (read from the manifest, which evolves), minus those shipped by npm packages. */
const COMPACT = [compact.detector[0]!, compact.recognizer[0]!, ...compact.age, ...compact.liveness, ...compact.ocr].filter((id) => !shippedWithPackage(manifest.models[id]!));
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
  for (const id of COMPACT) copyFileSync(join(MIRROR, manifest.models[id]!.file), join(cache, manifest.models[id]!.file));
  Object.assign(env, { modelsDir: undefined, cacheDir: cache, mirror: undefined, offline: false, profile: undefined });
  out = '';
  err = '';
  server.requests.length = 0;
});
afterEach(async () => {
  Object.assign(env, saved);
  await rm(root, { recursive: true, force: true });
});

describe('provefy models list', () => {
  it('shows compact verified and the default profile missing with official URLs', async () => {
    expect(await runModels(['list', '--json'], io)).toBe(0);
    const j = JSON.parse(out) as { models: { id: string; status: string; source?: string; url?: string }[]; profiles: Record<string, string[]>; selected: { name: string } };
    const by = Object.fromEntries(j.models.map((m) => [m.id, m]));
    for (const id of COMPACT) expect(by[id]).toMatchObject({ status: 'verified', source: 'cache' });
    expect(by.scrfd_10g).toMatchObject({ status: 'missing' });
    expect(by.scrfd_10g!.url).toContain('https://github.com/deepinsight/insightface/releases/download/v0.7/buffalo_l.zip');
    expect(by.arcface_r50!.url).toContain('w600k_r50.onnx');
    expect(j.profiles.compact).toEqual([]);
    expect(j.profiles.default!.slice(0, 2)).toEqual(['scrfd_10g', 'arcface_r50']);
    expect(j.selected.name).toBe('compact');

    out = '';
    expect(await runModels(['list'], io)).toBe(0);
    expect(out).toMatch(new RegExp(`${compact.detector[0]}\\s+detector\\s+\\S+\\s+\\S*compact\\S*\\s+verified\\s+cache: `));
    expect(out).toMatch(/scrfd_10g\s+detector\s+det_10g\.onnx\s+default\s+missing/);
    expect(out).toContain('npx provefy models fetch --profile default');
    expect(out).toContain('Selected profile: compact');
  });

  it('reports a checksum mismatch (exit 1) and `verify` names both hashes', async () => {
    const f = join(cache, manifest.models.minifasnet_v2!.file);
    const bytes = readFileSync(f);
    bytes[77] = bytes[77]! ^ 1;
    writeFileSync(f, bytes);
    const actual = await sha256File(f);
    expect(await runModels(['list'], io)).toBe(1);
    expect(out).toMatch(/minifasnet_v2 .*checksum-mismatch/);
    out = '';
    expect(await runModels(['verify'], io)).toBe(1);
    expect(out).toContain(actual);
    expect(out).toContain(manifest.models.minifasnet_v2!.sha256!);
    expect(out).toMatch(new RegExp(`verified\\s+${compact.detector[0]}`));
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

  it('--profile compact with everything present installs nothing', async () => {
    expect(await runModels(['fetch', '--profile', 'compact'], io)).toBe(0);
    expect(out.match(/^present/gm)?.length).toBe(COMPACT.length + [...compact.age, ...compact.ocr].filter((id) => shippedWithPackage(manifest.models[id]!)).length);
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
