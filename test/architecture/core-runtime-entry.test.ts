import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

const DIST = join(REPO_ROOT, 'packages/core/dist');

/** The built modules reachable from `entry` through relative static and dynamic imports. */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)) todo.push(resolve(dirname(file), m[1]!));
  }
  return seen;
}

/** The source files bundled into `files`, from their source maps (paths relative to packages/core/src). */
function bundledSources(files: Set<string>): string[] {
  const out = new Set<string>();
  for (const f of files) {
    const map = JSON.parse(readFileSync(`${f}.map`, 'utf8')) as { sources: string[] };
    for (const s of map.sources) {
      const abs = resolve(dirname(f), s);
      if (abs.includes('/node_modules/')) continue;
      out.add(abs.slice(REPO_ROOT.length + 1));
    }
  }
  return [...out].sort();
}

/** Bare package specifiers imported by `files`. */
function packagesImported(files: Set<string>): string[] {
  const out = new Set<string>();
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^."'][^"']*)["']/g)) out.add(m[1]!);
  }
  return [...out].sort();
}

const TOOLING = /src\/(eval|bench|cli)\/|models\/(convert|fetch)\/|face\/calibration\/(?!calibrate-threshold)|packages\/tools\//;

describe.skipIf(!existsSync(join(DIST, 'index.js')))("core's built runtime entry (run `npm run build` first)", () => {
  for (const entry of ['index.js', 'models/index.js']) {
    it(`${entry} and everything it imports hold no conversion, official-URL fetch, evaluation, bench or CLI code`, () => {
      const graph = importGraph(join(DIST, entry));
      const sources = bundledSources(graph);
      // the walk sees the runtime: the model store and the verified download for an http(s) mirror
      expect(sources).toContain('packages/core/src/models/resolve-model.ts');
      expect(sources).toContain('packages/core/src/models/download/download.ts');
      expect(sources.filter((s) => TOOLING.test(s))).toEqual([]);
      expect(sources.filter((s) => !s.startsWith('packages/core/src/') && s !== 'models/manifest.json')).toEqual([]);
      const pkgs = packagesImported(graph);
      expect(pkgs.filter((p) => p.startsWith('@provefy/') && p !== '@provefy/models-compact')).toEqual([]);
      expect(pkgs).not.toContain('fflate');
    });
  }
});
