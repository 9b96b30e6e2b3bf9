import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProvefyError } from '../errors/index.js';
import { defaultPackageDir, env } from './env.js';
import { isCommercialProfile, manifest, PROFILE_NAMES, parseProfileName, withRequiredModels } from './manifest.js';
import { getOnnxSession, releaseOnnxSessions } from './onnx-session.js';
import { missingForProfile, nonCommercialWarning, selectProfile } from './profiles.js';
import { warmup } from './warmup.js';
import { SHARED_MODELS } from '../../../../test/helpers/test-model-server.js';

const MIRROR = SHARED_MODELS;
const dflt = manifest.profiles.default!;
const scrfd = manifest.profiles['insightface-compact']!;
/** The insightface-compact profile's files (read from the manifest, which evolves), minus those shipped by npm packages. */
const SCRFD_FILES = withRequiredModels([scrfd.detector[0]!, scrfd.recognizer[0]!, ...scrfd.age, ...scrfd.liveness, ...scrfd.ocr]).filter((id) => !manifest.models[id]!.npmPackage);
const PACKAGE_DIR = defaultPackageDir();
/** A model file to copy into a test folder: from the offline mirror, or from the package for Provefy's own models. */
const sourceOf = (file: string) => (existsSync(join(MIRROR, file)) ? join(MIRROR, file) : join(defaultPackageDir()!, file));
const saved = { ...env };
let root: string;
let cache: string;
let empty: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'provefy-profiles-'));
  cache = join(root, 'cache');
  empty = join(root, 'empty');
  mkdirSync(cache);
  mkdirSync(empty);
  for (const id of SCRFD_FILES) copyFileSync(sourceOf(manifest.models[id]!.file), join(cache, manifest.models[id]!.file));
});
afterAll(async () => {
  await releaseOnnxSessions();
  await rm(root, { recursive: true, force: true });
});
/** No PROVEFY_MODELS_DIR, no mirror, no PROVEFY_PROFILE; the real models package unless overridden. */
const isolate = (extra: Partial<typeof env> = {}) =>
  Object.assign(env, { modelsDir: undefined, packageDir: PACKAGE_DIR, cacheDir: empty, mirror: undefined, profile: undefined, ...extra });
afterEach(() => {
  Object.assign(env, saved);
});

/** Runs `fn` and returns the process warnings it emitted. */
async function warningsOf(fn: () => unknown): Promise<Error[]> {
  const seen: Error[] = [];
  const on = (w: Error) => seen.push(w);
  process.on('warning', on);
  try {
    fn();
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
  } finally {
    process.off('warning', on);
  }
  return seen;
}

describe('profiles', () => {
  it('default is commercially usable and shipped by @provefy/models-compact; the InsightFace profiles are not', () => {
    expect(isCommercialProfile('default')).toBe(true);
    expect(isCommercialProfile('insightface')).toBe(false);
    expect(isCommercialProfile('insightface-compact')).toBe(false);
    for (const id of [...dflt.detector, ...dflt.recognizer, ...dflt.age, ...dflt.liveness, ...dflt.ocr]) {
      const e = manifest.models[id]!;
      expect(e.commercialUse, id).toBe(true);
      expect(e.package ?? e.npmPackage, id).toBeDefined();
    }
    expect(nonCommercialWarning('default')).toBeUndefined();
    expect(nonCommercialWarning('insightface')).toMatch(/scrfd_10g, arcface_r50.*non-commercial/);
  });

  it('former names are accepted: compact is insightface-compact', () => {
    expect(parseProfileName('compact')).toBe('insightface-compact');
    for (const n of PROFILE_NAMES) expect(parseProfileName(n)).toBe(n);
    expect(parseProfileName('huge')).toBeUndefined();
  });
});

describe('selectProfile', () => {
  it('with no request and nothing but the npm packages, selects default from the package', () => {
    isolate();
    expect(missingForProfile('default')).toEqual([]);
    const p = selectProfile();
    expect(p).toMatchObject({ name: 'default', detector: dflt.detector[0], recognizer: dflt.recognizer[0], age: dflt.age, liveness: dflt.liveness, ocr: dflt.ocr, commercialUse: true });
    expect(p.reason).toBe('default profile');
  });

  it('never auto-selects an InsightFace profile: with its files complete the default is chosen, and without the package the error names the default', () => {
    // insightface-compact's files include everything the default needs (the age head takes its features from YuNet and
    // both recognizers), so with them all present the default is complete too and must be the one selected.
    isolate({ packageDir: undefined, cacheDir: cache });
    expect(missingForProfile('insightface-compact')).toEqual([]);
    expect(selectProfile().name).toBe('default');
    // Without the package and with nothing else, the error is about the default profile and says how to get it.
    isolate({ packageDir: undefined });
    const e = (() => {
      try {
        selectProfile();
      } catch (x) {
        return x as ProvefyError;
      }
    })();
    expect(e).toBeInstanceOf(ProvefyError);
    expect(e!.code).toBe('PROVEFY_ERR_MODEL_MISSING');
    expect(e!.message).toContain('Profile "default" is missing');
    expect(e!.message).toContain('@provefy/models-compact');
    expect(e!.message).toContain('npm ci');
  });

  it('a requested profile that is incomplete is PROVEFY_ERR_MODEL_MISSING naming the files and the fetch command', () => {
    isolate();
    let err: unknown;
    try {
      selectProfile('insightface');
    } catch (e) {
      err = e;
    }
    const e = err as ProvefyError;
    expect(e).toBeInstanceOf(ProvefyError);
    expect(e.code).toBe('PROVEFY_ERR_MODEL_MISSING');
    expect(e.message).toContain('det_10g.onnx');
    expect(e.message).toContain('w600k_r50.onnx');
    expect(e.message).toContain('npx provefy models fetch --profile insightface');
    expect(e.details).toMatchObject({ profile: 'insightface', file: 'det_10g.onnx' });
  });

  it('honours PROVEFY_PROFILE (env.profile) and an explicit request, warning once that the weights are non-commercial', async () => {
    isolate({ cacheDir: cache, profile: 'insightface-compact' });
    const first = await warningsOf(() => expect(selectProfile()).toMatchObject({ name: 'insightface-compact', detector: scrfd.detector[0], reason: 'PROVEFY_PROFILE', commercialUse: false }));
    const again = await warningsOf(() => expect(selectProfile('insightface-compact').reason).toBe('requested'));
    const both = [...first, ...again].filter((w) => (w as { code?: string }).code === 'PROVEFY_NON_COMMERCIAL_MODELS');
    expect(both).toHaveLength(1);
    expect(both[0]!.message).toContain('non-commercial');
    const none = await warningsOf(() => selectProfile('default'));
    expect(none.filter((w) => (w as { code?: string }).code === 'PROVEFY_NON_COMMERCIAL_MODELS')).toEqual([]);
  });

  it('uses an explicit models folder', () => {
    isolate({ packageDir: undefined });
    expect(() => selectProfile('insightface-compact')).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_MODEL_MISSING' }));
    expect(selectProfile('insightface-compact', { modelsDir: cache }).name).toBe('insightface-compact');
  });

  it('an unknown profile name is a configuration error, also in PROVEFY_PROFILE', () => {
    isolate();
    expect(() => missingForProfile('huge' as 'default')).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_CONFIG' }));
    const before = process.env.PROVEFY_PROFILE;
    process.env.PROVEFY_PROFILE = 'insightfase';
    try {
      expect(() => selectProfile()).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_CONFIG', message: expect.stringContaining('PROVEFY_PROFILE="insightfase"') }));
      expect(selectProfile('default').name).toBe('default'); // an explicit request still works
    } finally {
      if (before === undefined) delete process.env.PROVEFY_PROFILE;
      else process.env.PROVEFY_PROFILE = before;
    }
  });
});

describe('warmup', () => {
  it('verifies every file of the default profile and caches one ONNX session per model', async () => {
    isolate();
    const r = await warmup({ threads: 1 });
    expect(r.profile.name).toBe('default');
    // The profile's models, then what the checks run with them: the fusion partner and the age head's feature models.
    expect(r.sessions.slice(0, 2)).toEqual([dflt.detector[0], dflt.recognizer[0]]);
    const fusion = manifest.models[dflt.recognizer[0]!]!.fusion?.with;
    expect(fusion).toBe('faceapi_recognition');
    for (const id of [fusion!, ...dflt.age, ...(manifest.models[dflt.age[0]!]!.requires ?? []), ...dflt.liveness]) expect(r.sessions).toContain(id);
    expect(new Set(r.sessions).size).toBe(r.sessions.length);
    expect(r.verified).toEqual(dflt.ocr);
    for (const id of r.sessions) {
      const s = getOnnxSession(id, { threads: 1 });
      expect(s).toBe(getOnnxSession(id, { threads: 1 })); // cached, not re-created
      expect((await s).inputNames).toEqual([manifest.models[id]!.input.name]);
    }
  });
});
