import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ModelRole, PROFILE_NAMES, manifest } from './manifest.js';
import { SHARED_MODELS } from './fetch/test-model-server.js';

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

  it.runIf(existsSync(MIRROR))('sizes match the files of the offline mirror', () => {
    for (const e of Object.values(manifest.models)) {
      const p = join(MIRROR, e.file);
      if (existsSync(p)) expect(statSync(p).size, e.file).toBe(e.bytes);
    }
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
