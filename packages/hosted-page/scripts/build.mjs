#!/usr/bin/env node
// `npm run build -w @provefy/hosted-page`: builds the page with Vite into dist/. Also imported by `npm start` and the
// tests (`ensureHostedPageBuilt`), which build only when dist/ is missing or older than the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(pkgDir, 'dist');
const stamp = join(distDir, '.build-stamp');

/** The newest modification time under `path` (tests and node_modules skipped). Also used by the dashboard's build. */
export function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || /\.test\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/ is missing, incomplete or older than src/ and the Vite config. */
export function hostedPageIsStale() {
  if (!existsSync(stamp) || !existsSync(join(distDir, 'index.html'))) return true;
  const sources = Math.max(newestMtime(join(pkgDir, 'src')), newestMtime(join(pkgDir, 'vite.config.ts')));
  return sources > statSync(stamp).mtimeMs;
}

/**
 * Builds into a fresh folder, then swaps it in with two renames, so a server (or a parallel test) reading dist/ never
 * sees a half-written page. Vite runs in a child process with NODE_ENV=production (a test runner's NODE_ENV=test
 * would otherwise give React's development build), which does not leak into the caller.
 */
export function buildHostedPage() {
  const tmp = join(pkgDir, `dist.tmp-${process.pid}-${Date.now()}`);
  try {
    viteBuild(join(pkgDir, 'vite.config.ts'), tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  writeFileSync(join(tmp, '.build-stamp'), `${new Date().toISOString()}\n`);
  const old = `${distDir}.old-${process.pid}-${Date.now()}`;
  if (existsSync(distDir)) renameSync(distDir, old);
  renameSync(tmp, distDir);
  rmSync(old, { recursive: true, force: true });
}

/**
 * Runs `vite build` with a config file (optionally into another `outDir`) in a child process with
 * NODE_ENV=production. Also used by the dashboard's build.
 */
export function viteBuild(configFile, outDir) {
  const overrides = outDir ? `, build: { outDir: ${JSON.stringify(outDir)} }` : '';
  const script = `import('vite').then((v) => v.build({ configFile: ${JSON.stringify(configFile)}, logLevel: 'warn'${overrides} }))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dirname(configFile), stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`vite build of ${configFile} failed (exit ${r.status})`);
}

/** Builds when {@link hostedPageIsStale}. */
export function ensureHostedPageBuilt() {
  if (hostedPageIsStale()) buildHostedPage();
}

const isEntry = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) buildHostedPage();
