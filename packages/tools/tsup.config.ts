import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli/main.ts', 'src/bench/bench-child.ts'],
  format: ['esm'],
  dts: { entry: ['src/index.ts'] },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  // core is a workspace dependency: imported at run time, never bundled into the tools
  external: ['@provefy/core', '@provefy/core/models'],
});
