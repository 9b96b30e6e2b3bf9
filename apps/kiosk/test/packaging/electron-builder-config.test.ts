/**
 * The packaging configuration cannot be built into a binary here (no Electron download), but it is checked against
 * electron-builder's own schema, and against what the app needs at run time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requirement } from '../../../../test/helpers/requirement.js';

const APP = fileURLToPath(new URL('../../', import.meta.url));
/** electron-builder is installed on its own (apps/kiosk/packaging/builder; `npm test`'s preflight installs it). */
const PACKAGER = join(APP, 'packaging/builder');
const require = createRequire(join(PACKAGER, 'package.json'));
const packager = requirement({
  name: "the kiosk's packaging toolchain (electron-builder)",
  problem: existsSync(join(PACKAGER, 'node_modules/app-builder-lib/package.json')) ? null : `${PACKAGER}/node_modules is not installed`,
  fix: 'npm ci --prefix apps/kiosk/packaging/builder',
});

describe('electron-builder configuration', () => {
  packager.it('passes electron-builder\'s schema validation', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig(dir: string, file: string, extra: null): Promise<Record<string, unknown>>;
      validateConfiguration(cfg: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(APP, join(APP, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config).toMatchObject({ appId: 'xyz.provefy.kiosk', asar: true, extraMetadata: { main: 'dist/main/electron-main.js' } });
  });

  it('unpacks every native module the kiosk loads and points at the built entry points', () => {
    const yml = readFileSync(join(APP, 'electron-builder.yml'), 'utf8');
    for (const mod of ['onnxruntime-node', 'sharp', 'better-sqlite3']) expect(yml).toContain(`node_modules/${mod}/**`);
    const pkg = JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8')) as { main: string; devDependencies: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.main).toBe('dist/main/electron-main.js');
    // electron and the renderer toolchain are build-time only; the app ships its runtime dependencies
    expect(pkg.devDependencies.electron).toBeDefined();
    expect(pkg.devDependencies['electron-builder']).toBeUndefined(); // installed on its own: packaging/builder
    expect(pkg.dependencies.electron).toBeUndefined();
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
    // the shell loads these paths (see electron-main.ts and tsup.config.ts)
    const main = readFileSync(join(APP, 'src/main/electron-main.ts'), 'utf8');
    expect(main).toContain("'../preload/preload.cjs'");
    expect(readFileSync(join(APP, 'tsup.config.ts'), 'utf8')).toContain("'preload/preload'");
    expect(existsSync(join(APP, 'packaging/after-install.sh'))).toBe(true);
  });

  it('only the shell and the preload import electron', () => {
    const files = require('node:child_process')
      .execFileSync('grep', ['-rlE', "from 'electron'|require\\('electron'\\)", join(APP, 'src')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((f: string) => f.slice(APP.length))
      .sort();
    expect(files).toEqual(['src/main/electron-main.ts', 'src/preload/preload.ts']);
  });
});
