import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@provefy\/core\/models$/, replacement: src('./packages/core/src/models/index.ts') },
      { find: /^@provefy\/core$/, replacement: src('./packages/core/src/index.ts') },
      { find: /^@provefy\/tools$/, replacement: src('./packages/tools/src/index.ts') },
      { find: /^@provefy\/server-adapter$/, replacement: src('./packages/server-adapter/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.{ts,tsx}', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
