import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['@provefy/core', '@provefy/hosted-page', 'express', 'fastify', 'hono', '@hono/node-server', 'better-sqlite3', 'pg'],
});
