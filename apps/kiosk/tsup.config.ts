import { defineConfig } from 'tsup';

/**
 * The main process (ESM) and the check worker, and the preload (CommonJS: sandboxed preloads cannot be ESM).
 * Dependencies stay external; electron-builder copies them and unpacks native ones from the asar (electron-builder.yml).
 */
export default defineConfig([
  {
    entry: { 'main/electron-main': 'src/main/electron-main.ts', 'main/check-worker': 'src/main/checks/check-worker.ts' },
    outDir: 'dist',
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    splitting: false,
    sourcemap: true,
    clean: false,
    // Workspace packages and native modules load from node_modules at run time (build them first: npm run build).
    external: ['electron', '@provefy/core', '@provefy/server-adapter', 'better-sqlite3', 'undici'],
  },
  {
    entry: { 'preload/preload': 'src/preload/preload.ts' },
    outDir: 'dist',
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    clean: false,
    external: ['electron'],
  },
]);
