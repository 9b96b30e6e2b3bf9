#!/usr/bin/env node
// `npm start`: builds the web pages (the dashboard here, the hosted page in @provefy/hosted-page) when they are
// missing or older than their sources, then runs the server from
// its TypeScript sources (tsx, with the repository's path aliases, so @provefy/core and @provefy/server-adapter
// need no separate build). Arguments after `--` go to the server (e.g. `npm start -- --reset-admin`);
// `--build-web` only builds the pages (the workspace's `npm run build`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildHostedPage, hostedPageIsStale } from '../../../packages/hosted-page/scripts/build.mjs';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(appDir, '../..');
const webDir = join(appDir, 'dist/web');
const stamp = join(webDir, '.build-stamp');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function webBuildIsStale() {
  if (!existsSync(stamp) || !existsSync(join(webDir, 'admin/index.html'))) return true;
  const sources = Math.max(newestMtime(join(appDir, 'src/web')), newestMtime(join(appDir, 'vite.config.ts')));
  return sources > statSync(stamp).mtimeMs;
}

/** Builds in a child process: vite sets NODE_ENV=production in its process, which must not leak into the server. */
export function buildWeb() {
  const script = `import('vite').then((v) => v.build({ configFile: ${JSON.stringify(join(appDir, 'vite.config.ts'))}, logLevel: 'warn' }))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: appDir, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
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
