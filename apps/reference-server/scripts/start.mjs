#!/usr/bin/env node
// `npm start`: builds the web pages (the dashboard here, the hosted page in @provefy/hosted-page) when they are
// missing or older than their sources, then runs the server from
// its TypeScript sources (tsx, with the repository's path aliases, so @provefy/core and @provefy/server-adapter
// need no separate build). Arguments after `--` go to the server (e.g. `npm start -- --reset-admin`);
// `--build-web` only builds the pages (the workspace's `npm run build`).
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildHostedPage, hostedPageIsStale, newestMtime, viteBuild } from '../../../packages/hosted-page/scripts/build.mjs';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(appDir, '../..');
const webDir = join(appDir, 'dist/web');
const stamp = join(webDir, '.build-stamp');

export function webBuildIsStale() {
  if (!existsSync(stamp) || !existsSync(join(webDir, 'admin/index.html'))) return true;
  const sources = Math.max(newestMtime(join(appDir, 'src/web')), newestMtime(join(appDir, 'vite.config.ts')));
  return sources > statSync(stamp).mtimeMs;
}

/** Builds the dashboard in a child process: vite sets NODE_ENV=production in its process, which must not leak into the server. */
export function buildWeb() {
  viteBuild(join(appDir, 'vite.config.ts'));
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

const isEntry = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry && process.argv.includes('--build-web')) {
  // `npm run build -w apps/reference-server`: build the pages only.
  buildWeb();
} else if (isEntry) {
  if (process.env.PROVEFY_SKIP_WEB_BUILD !== '1' && hostedPageIsStale()) {
    process.stderr.write('Building the verification page (vite)...\n');
    buildHostedPage();
  }
  if (process.env.PROVEFY_SKIP_WEB_BUILD !== '1' && webBuildIsStale()) {
    process.stderr.write('Building the dashboard (vite)...\n');
    buildWeb();
  }
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: join(repoRoot, 'tsconfig.json') });
  process.env.PROVEFY_REFERENCE_SERVER_MAIN = '1';
  await import(pathToFileURL(join(appDir, 'src/server/main.ts')).href);
}
