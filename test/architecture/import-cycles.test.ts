import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findImportCycles, sourceDirs } from '../../scripts/import-cycles.mjs';

describe('import cycles', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'provefy-cycles-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the checker finds a cycle through a dynamic import, and ignores one made only of `import type`', async () => {
    writeFileSync(join(tmp, 'a.ts'), "import { b } from './b.js';\nexport const a = () => b;\n");
    writeFileSync(join(tmp, 'b.ts'), "export const b = async () => (await import('./a.js')).a;\n");
    writeFileSync(join(tmp, 'c.ts'), "import type { D } from './d.js';\nexport type C = D;\nexport const c = 1;\n");
    writeFileSync(join(tmp, 'd.ts'), "import type { C } from './c.js';\nexport type D = C | number;\nexport const d = 2;\n");
    const cycles = await findImportCycles([tmp]);
    expect(cycles).toEqual([['a.ts', 'b.ts']]);
  });

  it('no package or app source folder has an import cycle', async () => {
    const dirs = sourceDirs();
    expect(dirs.length).toBeGreaterThanOrEqual(6);
    expect(await findImportCycles(dirs)).toEqual([]);
  });
});
