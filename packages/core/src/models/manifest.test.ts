import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requirement } from '../../../../test/helpers/requirement.js';
import { type ModelRole, PROFILE_NAMES, isCommercialProfile, manifest } from './manifest.js';
import { sha256File } from './sha256.js';
import { SHARED_MODELS } from '../../../../test/helpers/test-model-server.js';

const MIRROR = SHARED_MODELS;
const docs = readFileSync(fileURLToPath(new URL('../../../../docs/models.md', import.meta.url)), 'utf8');
const ids = Object.keys(manifest.models);
const ROLES: readonly ModelRole[] = ['detector', 'recognizer', 'age', 'liveness', 'ocr'];

describe('models/manifest.json', () => {
  it.each(ids)('%s is a complete entry', (id) => {
    const e = manifest.models[id]!;
    expect(ROLES).toContain(e.role);
    expect(e.file).toMatch(/^[\w.-]+$/);
    expect(typeof e.licence).toBe('string');
    expect(typeof e.commercialUse).toBe('boolean');
    if (e.npmPackage) expect(e.sha256).toBeNull();
    else {
      expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(e.bytes).toBeGreaterThan(0);
      expect(e.url).toMatch(/^(https:\/\/|npm:|bundled:)/);
    }
    if (e.archive) {
      expect(e.member).toBeTruthy();
      expect(e.archive.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(e.url.endsWith(`/${e.archive.file}`)).toBe(true);
    }
    if (/insightface/i.test(e.licence)) expect(e.commercialUse).toBe(false);
  });

  it('profiles reference known models in the right role', () => {
    for (const name of PROFILE_NAMES) {
      const p = manifest.profiles[name]!;
      for (const role of ROLES) {
        expect(p[role].length, `${name}.${role}`).toBeGreaterThan(0);
        for (const id of p[role]) expect(manifest.models[id]?.role, `${name}.${role}: ${id}`).toBe(role);
      }
    }
  });

  it('entries that share an archive agree on it', () => {
    const byFile = new Map<string, string>();
    for (const e of Object.values(manifest.models)) {
      if (!e.archive) continue;
      const seen = byFile.get(e.archive.file);
      if (seen) expect(e.archive.sha256).toBe(seen);
      byFile.set(e.archive.file, e.archive.sha256);
    }
  });

  requirement({ name: 'the offline model mirror', problem: existsSync(MIRROR) ? null : `${MIRROR} does not exist`, fix: 'lay the shared model mirror beside the repository (../shared/models)' }).it('sizes match the files of the offline mirror', () => {
    for (const e of Object.values(manifest.models)) {
      const p = join(MIRROR, e.file);
      if (existsSync(p)) expect(statSync(p).size, e.file).toBe(e.bytes);
    }
  });
});

describe('@provefy/models-compact', () => {
  const pkgRoot = fileURLToPath(new URL('../../../models-compact/', import.meta.url));
  const pkg = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')) as { name: string; files: string[]; license: string };
  const shipped = Object.entries(manifest.models).filter(([, e]) => e.package);

  it('ships exactly the manifest entries marked with the package, byte-identical (sha256), all commercially usable', async () => {
    expect(pkg.name).toBe('@provefy/models-compact');
    expect(shipped.map(([id]) => id).sort()).toEqual(['faceapi_age', 'faceapi_recognition', 'minifasnet_v1se', 'minifasnet_v2', 'mobilefacenet_128', 'provefy_age_head', 'tess_mrz', 'yunet_2023mar']);
    const weights = readdirSync(join(pkgRoot, 'weights')).sort();
    expect(weights).toEqual(shipped.map(([, e]) => e.file).sort());
    expect(pkg.files.filter((f) => f.startsWith('weights/')).sort()).toEqual(weights.map((f) => `weights/${f}`));
    for (const [id, e] of shipped) {
      expect(e.package, id).toBe(pkg.name);
      expect(e.commercialUse, id).toBe(true);
      expect(statSync(join(pkgRoot, 'weights', e.file)).size, id).toBe(e.bytes);
      expect(await sha256File(join(pkgRoot, 'weights', e.file)), id).toBe(e.sha256);
    }
  });

  it('has a licence text naming each shipped file, and the default profile only needs npm packages', () => {
    const texts = readdirSync(join(pkgRoot, 'LICENSES')).map((f) => readFileSync(join(pkgRoot, 'LICENSES', f), 'utf8'));
    for (const [, e] of shipped) expect(texts.some((t) => t.includes(e.file)), e.file).toBe(true);
    expect(isCommercialProfile('default')).toBe(true);
    const d = manifest.profiles.default!;
    for (const id of [...d.detector, ...d.recognizer, ...d.age, ...d.liveness, ...d.ocr]) expect(manifest.models[id]!.package ?? manifest.models[id]!.npmPackage, id).toBeTruthy();
  });
});

describe('docs/models.md', () => {
  it.each(ids)('documents %s with its licence', (id) => {
    const e = manifest.models[id]!;
    const row = docs.split('\n').find((l) => l.startsWith(`| \`${id}\` |`));
    expect(row, `no table row for ${id}`).toBeDefined();
    expect(row).toContain(`\`${e.file}\``);
    if (!e.commercialUse) expect(row).toMatch(/non-commercial research only/);
  });
});
