import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProvefyError } from '../errors/index.js';
import { env } from './env.js';
import { manifest, shippedWithPackage } from './manifest.js';
import { getOnnxSession, releaseOnnxSessions } from './onnx-session.js';
import { missingForProfile, selectProfile } from './profiles.js';
import { warmup } from './warmup.js';
import { SHARED_MODELS } from './fetch/test-model-server.js';

const MIRROR = SHARED_MODELS;
const compact = manifest.profiles.compact!;
/** The compact profile's files (read from the manifest, which evolves), minus those shipped by npm packages or bundled in @provefy/core. */
const COMPACT = [compact.detector[0]!, compact.recognizer[0]!, ...compact.age, ...compact.liveness, ...compact.ocr].filter((id) => !shippedWithPackage(manifest.models[id]!));
const saved = { ...env };
let root: string;
let cache: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'provefy-profiles-'));
  cache = join(root, 'cache');
  mkdirSync(cache);
  for (const id of COMPACT) copyFileSync(join(MIRROR, manifest.models[id]!.file), join(cache, manifest.models[id]!.file));
});
afterAll(async () => {
  await releaseOnnxSessions();
  await rm(root, { recursive: true, force: true });
});
const isolate = (extra: Partial<typeof env> = {}) => Object.assign(env, { modelsDir: undefined, cacheDir: cache, mirror: undefined, profile: undefined, ...extra });
afterEach(() => {
  Object.assign(env, saved);
});

describe('selectProfile', () => {
  it('picks the best complete profile and says why the better one was skipped', () => {
    isolate();
    expect(missingForProfile('compact')).toEqual([]);
    expect(missingForProfile('default').slice(0, 2)).toEqual(['scrfd_10g', 'arcface_r50']);
    const p = selectProfile();
    expect(p).toMatchObject({ name: 'compact', detector: compact.detector[0], recognizer: compact.recognizer[0], age: compact.age, liveness: compact.liveness, ocr: compact.ocr });
    expect(p.reason).toMatch(/default lacks det_10g\.onnx, w600k_r50\.onnx/);
  });

  it('a requested profile that is incomplete is PROVEFY_ERR_MODEL_MISSING naming the files and the fetch command', () => {
    isolate();
    let err: unknown;
    try {
      selectProfile('default');
    } catch (e) {
      err = e;
    }
    const e = err as ProvefyError;
    expect(e).toBeInstanceOf(ProvefyError);
    expect(e.code).toBe('PROVEFY_ERR_MODEL_MISSING');
    expect(e.message).toContain('det_10g.onnx');
    expect(e.message).toContain('w600k_r50.onnx');
    expect(e.message).toContain('npx provefy models fetch --profile default');
    expect(e.details).toMatchObject({ profile: 'default', file: 'det_10g.onnx' });
  });

  it('honours PROVEFY_PROFILE (env.profile) and an explicit request', () => {
    isolate({ profile: 'compact' });
    expect(selectProfile().reason).toBe('PROVEFY_PROFILE');
    expect(selectProfile('compact').reason).toBe('requested');
  });

  it('uses an explicit models folder', () => {
    isolate({ cacheDir: join(root, 'empty') });
    expect(() => selectProfile()).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_MODEL_MISSING' }));
    expect(selectProfile(undefined, { modelsDir: cache }).name).toBe('compact');
  });

  it('no complete profile: a typed error with the command', () => {
    const partial = join(root, 'partial');
    mkdirSync(partial, { recursive: true });
    for (const id of COMPACT.filter((i) => i !== compact.recognizer[0])) copyFileSync(join(cache, manifest.models[id]!.file), join(partial, manifest.models[id]!.file));
    isolate({ cacheDir: partial });
    expect(missingForProfile('compact')).toEqual([compact.recognizer[0]]);
    const file = manifest.models[compact.recognizer[0]!]!.file.replace(/\./g, '\\.');
    expect(() => selectProfile()).toThrow(new RegExp(`No model profile is complete.*${file}.*npx provefy models fetch --profile compact`));
    rmSync(partial, { recursive: true });
  });

  it('an unknown profile name is a configuration error', () => {
    isolate();
    expect(() => missingForProfile('huge' as 'default')).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_CONFIG' }));
  });
});

describe('warmup', () => {
  it('verifies every file of the profile and caches one ONNX session per model', async () => {
    isolate();
    const r = await warmup({ threads: 1 });
    expect(r.profile.name).toBe('compact');
    expect(r.sessions).toEqual([compact.detector[0], compact.recognizer[0], ...compact.age, ...compact.liveness]);
    expect(r.verified).toEqual(compact.ocr);
    for (const id of r.sessions) {
      const s = getOnnxSession(id, { threads: 1 });
      expect(s).toBe(getOnnxSession(id, { threads: 1 })); // cached, not re-created
      expect((await s).inputNames).toEqual([manifest.models[id]!.input.name]);
    }
  });
});
