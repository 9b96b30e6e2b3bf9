#!/usr/bin/env node
// `npm test` runs this first. It checks what the tests need outside Node and the npm registry:
//   Chromium (browser tests of the verification pages), fonts (synthetic document pages), sane-utils (the kiosk's
//   scanner driver, test backend) and PostgreSQL on 127.0.0.1:5432 with a database `test` (storage tests).
// ffmpeg comes from npm (@ffmpeg-installer/ffmpeg, a dependency of @provefy/core), so it is only checked.
// What is missing is installed with apt-get (and PostgreSQL started) when this runs as root or with password-less
// sudo; otherwise it stops at once and prints the one command to run. `--check` never installs anything.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const checkOnly = process.argv.includes('--check');
const say = (line) => process.stdout.write(`[test-preflight] ${line}\n`);

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return !!dir;
    } catch {
      return false;
    }
  });
}

function fontFamilies() {
  try {
    return execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

/** Debian packages for what is missing, with the reason. */
function missingPackages() {
  const need = [];
  const chromium = process.env.PROVEFY_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) need.push(['chromium', `no browser at ${chromium}`]);
  const fonts = fontFamilies();
  if (!onPath('fc-list')) need.push(['fontconfig', 'no fc-list']);
  if (!fonts.includes('Noto Sans Mono')) need.push(['fonts-noto-mono', 'font Noto Sans Mono (printed MRZ pages)']);
  if (!fonts.includes('DejaVu Sans')) need.push(['fonts-dejavu-core', 'font DejaVu Sans (synthetic cards)']);
  if (!onPath('scanimage')) need.push(['sane-utils', 'no scanimage (kiosk scanner driver)']);
  return need;
}

function canBeRoot() {
  if (process.getuid?.() === 0) return { ok: true, sudo: [] };
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return { ok: true, sudo: ['sudo'] };
  return { ok: false, sudo: ['sudo'] };
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function asRoot(root, cmd, args, env = {}) {
  const [first, ...rest] = [...root.sudo, ...(root.sudo.length ? ['env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`)] : []), cmd, ...args];
  run(first, rest, { env: { ...process.env, ...env } });
}

function stop(lines) {
  for (const l of lines) process.stderr.write(`[test-preflight] ${l}\n`);
  process.exit(1);
}

// 1. Node dependencies: `npm ci` must have run (the tests and this script use them).
if (!existsSync(join(ROOT, 'node_modules', 'vitest'))) stop(['node_modules is missing.', 'Run: npm ci']);

// 2. ffmpeg: the system one, or the static binary of the npm package.
function packagedFfmpeg() {
  try {
    const installer = dirname(require.resolve('@ffmpeg-installer/ffmpeg/package.json'));
    const pkg = dirname(createRequire(join(installer, 'package.json')).resolve(`@ffmpeg-installer/${process.platform}-${process.arch}/package.json`));
    accessSync(join(pkg, 'ffmpeg'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
if (!process.env.PROVEFY_FFMPEG && !onPath('ffmpeg') && !packagedFfmpeg()) {
  stop(['ffmpeg is missing: no system ffmpeg and no binary from @ffmpeg-installer/ffmpeg.', 'Run: npm ci   (or: apt-get install ffmpeg)']);
}

// 3. Debian packages.
const root = canBeRoot();
const need = missingPackages();
const hasApt = onPath('apt-get');
if (need.length > 0) {
  const names = need.map(([p]) => p);
  const command = `${root.sudo.length ? 'sudo ' : ''}apt-get install -y ${names.join(' ')}`;
  for (const [p, why] of need) say(`missing ${p}: ${why}`);
  if (checkOnly || !root.ok || !hasApt) {
    stop([hasApt ? `Cannot install as root${checkOnly ? ' (--check)' : ' (not root, no password-less sudo)'}.` : 'No apt-get on this machine.', `Run: ${command}`, 'then npm test again.']);
  }
  say(`installing ${names.join(' ')} with apt-get`);
  asRoot(root, 'apt-get', ['update', '-qq']);
  asRoot(root, 'apt-get', ['install', '-y', '-qq', ...names], { DEBIAN_FRONTEND: 'noninteractive' });
  const still = missingPackages();
  if (still.length > 0) stop([`still missing after apt-get: ${still.map(([p]) => p).join(', ')}`]);
}

// 4. PostgreSQL: reachable at PROVEFY_TEST_PG_URL or 127.0.0.1:5432 with a database `test`.
const pg = require('pg');
const PG_URL = process.env.PROVEFY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function pgProblem(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return e;
  } finally {
    await client.end().catch(() => {});
  }
}

function clusters() {
  if (!existsSync('/etc/postgresql')) return [];
  return readdirSync('/etc/postgresql').flatMap((v) => (existsSync(join('/etc/postgresql', v, 'main')) ? [v] : []));
}

/** Local connections from 127.0.0.1 without a password, as the tests connect (only for a cluster we installed). */
function trustLocalhost(root, version) {
  const hba = join('/etc/postgresql', version, 'main', 'pg_hba.conf');
  if (readFileSync(hba, 'utf8').includes('added by scripts/test-preflight.mjs')) return;
  asRoot(root, 'sed', ['-i', '1i host all all 127.0.0.1/32 trust  # added by scripts/test-preflight.mjs for the tests', hba]);
}

/** Creates the database `test` when the server answers but lacks it; returns the problem left. */
async function createTestDatabase(problem) {
  if (!problem || !/database "test" does not exist/.test(problem.message)) return problem;
  say('creating the database "test"');
  const admin = new pg.Client({ connectionString: PG_URL.replace(/\/test$/, '/postgres') });
  await admin.connect();
  await admin.query('create database test');
  await admin.end();
  return pgProblem(PG_URL);
}

const problem = await createTestDatabase(await pgProblem(PG_URL));
if (problem) {
  const url = new URL(PG_URL);
  const local = (url.hostname === '127.0.0.1' || url.hostname === 'localhost') && (url.port || '5432') === '5432';
  const pgCommand = `${root.sudo.length ? 'sudo ' : ''}apt-get install -y postgresql && ${root.sudo.length ? 'sudo ' : ''}pg_ctlcluster <version> main start`;
  if (!local) stop([`PostgreSQL at ${PG_URL} is unreachable: ${problem.message}`, 'Start it, or unset PROVEFY_TEST_PG_URL to use 127.0.0.1:5432.']);
  if (checkOnly || !root.ok || !hasApt) stop([`PostgreSQL at ${PG_URL} is unreachable: ${problem.message}`, `Run: ${pgCommand}`, '(the tests connect as user postgres without a password and use the database "test")']);
  let installed = false;
  if (clusters().length === 0) {
    say('installing postgresql with apt-get');
    asRoot(root, 'apt-get', ['update', '-qq']);
    asRoot(root, 'apt-get', ['install', '-y', '-qq', 'postgresql'], { DEBIAN_FRONTEND: 'noninteractive' });
    installed = true;
  }
  const version = clusters().sort().at(-1);
  if (!version) stop(['postgresql is installed but has no cluster in /etc/postgresql.', `Run: ${root.sudo.length ? 'sudo ' : ''}pg_createcluster --start 15 main`]);
  if (installed) trustLocalhost(root, version);
  say(`starting PostgreSQL ${version}`);
  // "already running" exits non-zero: the probe below tells whether it answers.
  const ctl = (action) => spawnSync(root.sudo[0] ?? 'pg_ctlcluster', [...(root.sudo.length ? ['pg_ctlcluster'] : []), '--skip-systemctl-redirect', version, 'main', action], { stdio: 'inherit' });
  ctl('start');
  if (installed) ctl('reload');
  const last = await createTestDatabase(await pgProblem(PG_URL));
  if (last) stop([`PostgreSQL at ${PG_URL} is still unreachable: ${last.message}`, '(the tests connect as user postgres without a password from 127.0.0.1, database "test")']);
}

// 5. The kiosk's packaging toolchain (electron-builder), installed on its own beside the kiosk: the packaging test
//    validates the kiosk's electron-builder.yml against electron-builder's own schema. electron-builder 26 declares
//    Node >= 22.12 (its @electron/rebuild and node-abi); on an older Node it is installed for that schema check only.
const PACKAGER = join(ROOT, 'apps/kiosk/packaging/builder');
if (!existsSync(join(PACKAGER, 'node_modules/app-builder-lib/package.json'))) {
  const cmd = 'npm ci --prefix apps/kiosk/packaging/builder --no-audit --no-fund';
  if (checkOnly) stop(["the kiosk's packaging toolchain is not installed.", `Run: ${cmd}`]);
  say(`installing the kiosk's packaging toolchain: ${cmd}`);
  const nodeMajorMinor = process.versions.node.split('.').map(Number);
  const old = nodeMajorMinor[0] < 22 || (nodeMajorMinor[0] === 22 && nodeMajorMinor[1] < 12);
  if (old) say(`note: electron-builder 26 declares Node >= 22.12 (this is ${process.versions.node}); it is used here only to validate the kiosk's packaging config; build installers on Node 22.12+`);
  run('npm', ['ci', '--prefix', PACKAGER, '--no-audit', '--no-fund', ...(old ? ['--loglevel=error'] : [])], { cwd: ROOT });
}

// 6. The shared fixtures and model mirror beside the repository (not installable from here).
if (!existsSync(join(ROOT, '../shared/fixtures'))) say('note: ../shared/fixtures is missing: fixture-based tests skip here and fail under CI=true');
say('ok: chromium, fonts, sane-utils, ffmpeg, PostgreSQL, kiosk packaging toolchain');
