import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/models/index.ts'],
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/models/index.ts'] },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
});
