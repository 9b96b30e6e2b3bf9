import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProvefyError } from '../errors/index.js';
import { defaultPackageDir, env } from './env.js';
import { manifest } from './manifest.js';
import { getModelEntry, locateModel, resolveModel } from './resolve-model.js';
import { sha256File } from './sha256.js';
import { SHARED_MODELS, type TestModelServer, startTestModelServer } from '../../../../test/helpers/test-model-server.js';

const MIRROR = SHARED_MODELS;
const yunet = manifest.models.yunet_2023mar!;
const saved = { ...env };
let root: string;
let dirs: { explicit: string; envDir: string; pkg: string; cache: string; mirror: string };

/** Copies a model file from the offline mirror, or from the package for Provefy's own models (not in any mirror). */
const put = (dir: string, file = yunet.file) => copyFileSync(existsSync(join(MIRROR, file)) ? join(MIRROR, file) : join(defaultPackageDir()!, file), join(dir, file));

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'provefy-resolve-'));
  dirs = { explicit: join(root, 'explicit'), envDir: join(root, 'env'), pkg: join(root, 'package'), cache: join(root, 'cache'), mirror: join(root, 'mirror') };
  for (const d of Object.values(dirs)) mkdirSync(d);
  Object.assign(env, { modelsDir: dirs.envDir, packageDir: dirs.pkg, cacheDir: dirs.cache, mirror: dirs.mirror, offline: false });
});
afterEach(async () => {
  Object.assign(env, saved);
  await rm(root, { recursive: true, force: true });
});

describe('resolveModel', () => {
  it('searches the explicit folder, PROVEFY_MODELS_DIR, the models package, the user cache, then the mirror', async () => {
    for (const d of Object.values(dirs)) put(d);
    const order: [string, string][] = [];
    for (const [key, source] of [
      ['explicit', 'explicit'],
      ['envDir', 'env'],
      ['pkg', 'package'],
      ['cache', 'cache'],
      ['mirror', 'mirror'],
    ] as const) {
      const loc = await resolveModel('yunet_2023mar', { modelsDir: dirs.explicit });
      order.push([loc.source, loc.path]);
      expect(loc).toEqual({ id: 'yunet_2023mar', source, path: join(dirs[key], yunet.file) });
      rmSync(join(dirs[key], yunet.file));
    }
    expect(order.map((o) => o[0])).toEqual(['explicit', 'env', 'package', 'cache', 'mirror']);
    expect(locateModel('yunet_2023mar', { modelsDir: dirs.explicit })).toBeUndefined();
  });

  it('the installed @provefy/models-compact package holds every file of the default profile, found before the cache and the mirror', async () => {
    const pkgDir = defaultPackageDir();
    expect(pkgDir).toBeDefined();
    expect(pkgDir).toBe(realpathSync(join(import.meta.dirname, '../../../models-compact/weights')));
    Object.assign(env, { modelsDir: undefined, packageDir: pkgDir });
    const p = manifest.profiles.default!;
    const ids = [...p.detector, ...p.recognizer, ...p.age, ...p.liveness, ...p.ocr].filter((id) => !manifest.models[id]!.npmPackage);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    for (const id of ids) {
      put(dirs.cache, manifest.models[id]!.file); // present in the cache and the mirror too: the package wins
      put(dirs.mirror, manifest.models[id]!.file);
      const loc = await resolveModel(id);
      expect(loc).toEqual({ id, source: 'package', path: join(pkgDir!, manifest.models[id]!.file) });
      expect(manifest.models[id]!.package).toBe('@provefy/models-compact');
      expect(manifest.models[id]!.commercialUse).toBe(true);
    }
    // the package ships no InsightFace (non-commercial) file
    for (const [id, e] of Object.entries(manifest.models)) if (!e.commercialUse) expect(locateModel(id)?.source, id).not.toBe('package');
  });

  it('a package file whose sha256 does not match is PROVEFY_ERR_MODEL_CHECKSUM, not hidden by a good copy in the cache', async () => {
    const bytes = readFileSync(join(MIRROR, yunet.file));
    bytes[200] = bytes[200]! ^ 0xff;
    writeFileSync(join(dirs.pkg, yunet.file), bytes);
    put(dirs.cache);
    env.modelsDir = undefined;
    const e = (await resolveModel('yunet_2023mar').catch((x: unknown) => x)) as ProvefyError;
    expect(e).toBeInstanceOf(ProvefyError);
    expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
    expect(e.message).toContain(join(dirs.pkg, yunet.file));
    expect(e.details).toMatchObject({ expected: yunet.sha256, actual: await sha256File(join(dirs.pkg, yunet.file)) });
  });

  it('refuses a file whose sha256 does not match, naming the file and both hashes', async () => {
    const bytes = readFileSync(join(MIRROR, yunet.file));
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(join(dirs.envDir, yunet.file), bytes);
    put(dirs.mirror); // a good copy later in the order does not hide the bad one
    const actual = await sha256File(join(dirs.envDir, yunet.file));
    const e = (await resolveModel('yunet_2023mar').catch((x: unknown) => x)) as ProvefyError;
    expect(e).toBeInstanceOf(ProvefyError);
    expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
    expect(e.status).toBe(500);
    expect(e.message).toContain(join(dirs.envDir, yunet.file));
    expect(e.message).toContain(actual);
    expect(e.message).toContain(yunet.sha256!);
    expect(e.details).toMatchObject({ expected: yunet.sha256, actual });
  });

  it('a missing model names the file, the profile and the command that fetches it', async () => {
    const e = (await resolveModel('arcface_r50', { profile: 'default' }).catch((x: unknown) => x)) as ProvefyError;
    expect(e.code).toBe('PROVEFY_ERR_MODEL_MISSING');
    expect(e.status).toBe(503);
    expect(e.message).toContain('w600k_r50.onnx');
    expect(e.message).toContain('"default"');
    expect(e.message).toContain('npx provefy models fetch --profile default');
    expect(e.details).toMatchObject({ file: 'w600k_r50.onnx', profile: 'default', command: 'npx provefy models fetch --profile default' });
    const e2 = (await resolveModel('yunet_2023mar').catch((x: unknown) => x)) as ProvefyError;
    expect(e2.message).toContain('npx provefy models fetch yunet_2023mar');
  });

  it('an unknown id is a typed error', () => {
    expect(() => getModelEntry('nope')).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_MODEL_UNKNOWN' }));
  });

  describe('with an http(s) mirror', () => {
    let server: TestModelServer;
    beforeAll(async () => {
      server = await startTestModelServer(MIRROR);
    });
    afterAll(async () => {
      await server.close();
    });
    beforeEach(() => {
      server.requests.length = 0;
      server.files.clear();
    });

    it('downloads the verified file into the user cache on first use', async () => {
      env.mirror = server.url;
      const loc = await resolveModel('yunet_2023mar');
      expect(loc).toEqual({ id: 'yunet_2023mar', source: 'mirror', path: join(dirs.cache, yunet.file) });
      expect(await sha256File(loc.path)).toBe(yunet.sha256);
      // next time it is found in the cache without a request
      const n = server.requests.length;
      expect((await resolveModel('yunet_2023mar')).source).toBe('cache');
      expect(server.requests.length).toBe(n);
    });

    it('offline, the http mirror is not used', async () => {
      Object.assign(env, { mirror: server.url, offline: true });
      const e = (await resolveModel('yunet_2023mar').catch((x: unknown) => x)) as ProvefyError;
      expect(e.code).toBe('PROVEFY_ERR_MODEL_MISSING');
      expect(server.requests).toEqual([]);
    });

    it('a mirror serving wrong bytes is refused with both hashes', async () => {
      const bytes = Buffer.from(readFileSync(join(MIRROR, yunet.file)));
      bytes[0] = bytes[0]! ^ 1;
      server.files.set(yunet.file, bytes);
      env.mirror = server.url;
      const e = (await resolveModel('yunet_2023mar').catch((x: unknown) => x)) as ProvefyError;
      expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
      expect(e.details.expected).toBe(yunet.sha256);
      expect(e.message).toContain(yunet.sha256!);
    });
  });
});
