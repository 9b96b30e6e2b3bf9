#!/usr/bin/env node
/**
 * Finds import cycles in the workspaces' sources (packages/*\/src, apps/*\/src) with madge. Static and dynamic
 * imports count; `import type` does not (TypeScript erases it, so it cannot change the load order).
 * Exit code 1 and the cycles on stderr when there is one; test/architecture/import-cycles.test.ts runs it.
 *
 *   node scripts/import-cycles.mjs [dir ...]
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every `src` folder of a workspace package or app. */
export function sourceDirs(root = ROOT) {
  const out = [];
  for (const group of ['packages', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const src = join(base, name, 'src');
      if (existsSync(src)) out.push(src);
    }
  }
  return out;
}

/**
 * The import cycles among the TypeScript files of `dirs` (test files excluded), each as a list of paths
 * relative to the common base.
 *
 * @example
 * const cycles = await findImportCycles(sourceDirs()); // [] when there is none
 */
export async function findImportCycles(dirs, { tsConfig = join(ROOT, 'tsconfig.json') } = {}) {
  const res = await madge(dirs, {
    fileExtensions: ['ts', 'tsx', 'mts', 'js', 'mjs'],
    tsConfig,
    excludeRegExp: [/\.test\.tsx?$/, /[\\/]node_modules[\\/]/, /[\\/]dist[\\/]/],
    detectiveOptions: { ts: { skipTypeImports: true }, tsx: { skipTypeImports: true } },
  });
  return res.circular();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.length > 2 ? process.argv.slice(2) : sourceDirs();
  const cycles = await findImportCycles(dirs);
  if (cycles.length === 0) {
    process.stdout.write(`import cycles: none in ${dirs.length} source folders\n`);
  } else {
    process.stderr.write(`import cycles: ${cycles.length}\n${cycles.map((c) => `  ${[...c, c[0]].join(' -> ')}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}
