import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { type CheckName, ProvefyError, SETTINGS, type SettingName } from '@provefy/core';
import { KIOSK_CHECK_NAMES } from '../../shared/kiosk-view.js';

/** A configured document scanner. */
export type ScannerConfig =
  | {
      type: 'sane';
      id: string;
      label?: string;
      device: string;
      resolution?: number;
      mode?: string;
      configDir?: string;
      scanimagePath?: string;
      area?: { left?: number; top?: number; width?: number; height?: number };
      extraOptions?: Record<string, string>;
    }
  | { type: 'folder'; id: string; label?: string; path: string; stableMs?: number; holdMs?: number; deleteAfterRead?: boolean }
  | { type: 'camera'; id: string; label?: string };

/** Everything the kiosk reads at start-up (see docs/kiosk.md). */
export interface KioskConfig {
  /** Names this kiosk in the metadata of its sessions (default: the host name). */
  kioskId: string;
  /** Local database, queue key (default: Electron's userData folder, or `./kiosk-data`). */
  dataDir: string;
  /** The Provefy server and the kiosk's own API key; null runs offline only (everything stays queued). */
  server: { url: string; apiKey: string } | null;
  /** Key of the offline queue (32 bytes, base64 or hex); null: a generated key file in `dataDir`. */
  encryptionKey: string | null;
  /** scrypt hash of the operator PIN (`hash-pin-cli`). */
  operatorPinHash: string | null;
  maxPinFailures: number;
  pinLockoutMs: number;
  /** A signed-in operator is signed out after this long without activity. */
  operatorSessionMs: number;
  /** Nothing happened for this long: the customer's data is wiped from memory and screen. */
  idleTimeoutMs: number;
  /** Checks pre-selected for a walk-in. */
  defaultChecks: CheckName[];
  /** Attempts a customer gets per check on the kiosk. */
  attemptsPerCheck: number;
  /** Local thresholds (the server applies its key's own when it re-runs the checks). */
  thresholds: { liveness: number; minAge: number; faceMatch: number | null };
  /** Liveness capture: frames per second, most frames sent, and the time given to each challenge. */
  capture: { fps: number; maxFrames: number; lookStraightMs: number; blinkMs: number; turnMs: number };
  /** How long a scanner may take to deliver a scan. */
  scanTimeoutMs: number;
  /** Ask for the back of a two-sided document when the front alone is not a clear PASS. */
  askForBack: boolean;
  scanners: ScannerConfig[];
  sync: { intervalMs: number; requestTimeoutMs: number; startTimeoutMs: number };
  /** Run checks in a supervised child process (default) or in the main process. */
  checkRunner: 'worker' | 'in-process';
  /** Production: kiosk mode, no devtools, no navigation (default when NODE_ENV=production or packaged). */
  production: boolean;
}

const KEYS = new Set([
  'kioskId',
  'dataDir',
  'server',
  'encryptionKey',
  'operatorPinHash',
  'maxPinFailures',
  'pinLockoutMs',
  'operatorSessionMs',
  'idleTimeoutMs',
  'defaultChecks',
  'attemptsPerCheck',
  'thresholds',
  'capture',
  'scanTimeoutMs',
  'askForBack',
  'scanners',
  'sync',
  'checkRunner',
  'production',
]);

function bad(key: string, why: string): never {
  throw new ProvefyError('PROVEFY_ERR_CONFIG', `Kiosk config: ${key} ${why}`, { key });
}

function int(v: unknown, key: string, min: number, max: number, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) bad(key, `must be an integer from ${min} to ${max}`);
  return n;
}

function num(v: unknown, key: string, min: number, max: number, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) bad(key, `must be a number from ${min} to ${max}`);
  return v;
}

/** A value of one of core's {@link SETTINGS}: its bounds and default come from there. */
function setting(v: unknown, key: string, name: SettingName): number {
  const spec = SETTINGS[name];
  return spec.integer ? int(v, key, spec.min, spec.max, spec.default) : num(v, key, spec.min, spec.max, spec.default);
}

function str(v: unknown, key: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') bad(key, 'must be a string');
  return v;
}

function bool(v: unknown, key: string, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  bad(key, 'must be true or false');
}

function obj(v: unknown, key: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) bad(key, 'must be an object');
  return v as Record<string, unknown>;
}

const ID = /^[A-Za-z0-9_.-]{1,64}$/;

function scanners(v: unknown, baseDir: string): ScannerConfig[] {
  if (v === undefined || v === null) return [{ type: 'camera', id: 'camera' }];
  if (!Array.isArray(v)) bad('scanners', 'must be an array');
  const ids = new Set<string>();
  return v.map((s, i): ScannerConfig => {
    const k = `scanners[${i}]`;
    const o = obj(s, k);
    const id = str(o.id, `${k}.id`) ?? bad(`${k}.id`, 'is required');
    if (!ID.test(id)) bad(`${k}.id`, 'must be 1-64 letters, digits, _ . -');
    if (ids.has(id)) bad(`${k}.id`, 'is used twice');
    ids.add(id);
    const label = str(o.label, `${k}.label`) ?? undefined;
    if (o.type === 'sane') {
      return {
        type: 'sane',
        id,
        ...(label ? { label } : {}),
        device: str(o.device, `${k}.device`) ?? bad(`${k}.device`, 'is required'),
        resolution: int(o.resolution, `${k}.resolution`, 50, 1200, 300),
        ...(o.mode !== undefined ? { mode: str(o.mode, `${k}.mode`)! } : {}),
        ...(o.configDir !== undefined ? { configDir: resolve(baseDir, str(o.configDir, `${k}.configDir`)!) } : {}),
        ...(o.scanimagePath !== undefined ? { scanimagePath: str(o.scanimagePath, `${k}.scanimagePath`)! } : {}),
        ...(o.area !== undefined ? { area: obj(o.area, `${k}.area`) as ScannerConfig & object } : {}),
        ...(o.extraOptions !== undefined ? { extraOptions: obj(o.extraOptions, `${k}.extraOptions`) as Record<string, string> } : {}),
      } as ScannerConfig;
    }
    if (o.type === 'folder') {
      return {
        type: 'folder',
        id,
        ...(label ? { label } : {}),
        path: resolve(baseDir, str(o.path, `${k}.path`) ?? bad(`${k}.path`, 'is required')),
        stableMs: int(o.stableMs, `${k}.stableMs`, 100, 60_000, 750),
        holdMs: int(o.holdMs, `${k}.holdMs`, 1000, 3_600_000, 60_000),
        deleteAfterRead: bool(o.deleteAfterRead, `${k}.deleteAfterRead`, true),
      };
    }
    if (o.type === 'camera') return { type: 'camera', id, ...(label ? { label } : {}) };
    return bad(`${k}.type`, "must be 'sane', 'folder' or 'camera'");
  });
}

/**
 * Validates a kiosk configuration object (from the JSON file) with environment overrides: `PROVEFY_KIOSK_ID`,
 * `PROVEFY_KIOSK_DATA_DIR`, `PROVEFY_KIOSK_SERVER_URL`, `PROVEFY_KIOSK_API_KEY`, `PROVEFY_KIOSK_ENCRYPTION_KEY`,
 * `PROVEFY_KIOSK_PIN_HASH`, `NODE_ENV=production`. Unknown keys and bad values throw `PROVEFY_ERR_CONFIG` naming
 * the key.
 *
 * @example
 * ```ts
 * const config = resolveKioskConfig({ server: { url: 'https://verify.example.com', apiKey: 'kyc_live_…' } }, { env: process.env });
 * config.idleTimeoutMs; // 90000
 * ```
 */
export function resolveKioskConfig(raw: unknown, opts: { env?: NodeJS.ProcessEnv; baseDir?: string; defaultDataDir?: string; packaged?: boolean } = {}): KioskConfig {
  const env = opts.env ?? process.env;
  const baseDir = opts.baseDir ?? process.cwd();
  const o = obj(raw, 'config');
  for (const k of Object.keys(o)) if (!KEYS.has(k)) bad(k, 'is not a known setting');

  const serverRaw = obj(o.server, 'server');
  const url = env.PROVEFY_KIOSK_SERVER_URL || str(serverRaw.url, 'server.url');
  const apiKey = env.PROVEFY_KIOSK_API_KEY || str(serverRaw.apiKey, 'server.apiKey');
  if (url) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      bad('server.url', 'must be a URL');
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') bad('server.url', 'must be http(s)');
    if (!apiKey) bad('server.apiKey', 'is required with server.url (the kiosk has its own API key)');
    if (!/^kyc_(live|test)_[A-Za-z0-9]{32,}$/.test(apiKey)) bad('server.apiKey', 'must be a Provefy API key (kyc_live_… or kyc_test_…)');
  }
  const checks = o.defaultChecks === undefined ? ['liveness', 'age_estimation', 'doc_verify', 'face_match'] : o.defaultChecks;
  if (!Array.isArray(checks) || checks.length === 0 || !checks.every((c) => (KIOSK_CHECK_NAMES as readonly unknown[]).includes(c))) {
    bad('defaultChecks', `must be a non-empty list of ${KIOSK_CHECK_NAMES.join(', ')}`);
  }
  const thresholds = obj(o.thresholds, 'thresholds');
  const capture = obj(o.capture, 'capture');
  const sync = obj(o.sync, 'sync');
  const kioskId = env.PROVEFY_KIOSK_ID || str(o.kioskId, 'kioskId') || hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64) || 'kiosk';
  if (!ID.test(kioskId)) bad('kioskId', 'must be 1-64 letters, digits, _ . -');
  const production = env.NODE_ENV === 'production' || opts.packaged === true ? bool(o.production, 'production', true) : bool(o.production, 'production', false);
  const checkRunner = o.checkRunner ?? 'worker';
  if (checkRunner !== 'worker' && checkRunner !== 'in-process') bad('checkRunner', "must be 'worker' or 'in-process'");
  const faceMatch = thresholds.faceMatch === undefined || thresholds.faceMatch === null ? null : setting(thresholds.faceMatch, 'thresholds.faceMatch', 'faceMatchThreshold');

  return {
    kioskId,
    dataDir: resolve(baseDir, env.PROVEFY_KIOSK_DATA_DIR || str(o.dataDir, 'dataDir') || opts.defaultDataDir || 'kiosk-data'),
    server: url && apiKey ? { url, apiKey } : null,
    encryptionKey: env.PROVEFY_KIOSK_ENCRYPTION_KEY || str(o.encryptionKey, 'encryptionKey'),
    operatorPinHash: env.PROVEFY_KIOSK_PIN_HASH || str(o.operatorPinHash, 'operatorPinHash'),
    maxPinFailures: int(o.maxPinFailures, 'maxPinFailures', 1, 20, 5),
    pinLockoutMs: int(o.pinLockoutMs, 'pinLockoutMs', 1000, 86_400_000, 300_000),
    operatorSessionMs: int(o.operatorSessionMs, 'operatorSessionMs', 10_000, 86_400_000, 900_000),
    idleTimeoutMs: int(o.idleTimeoutMs, 'idleTimeoutMs', 5000, 3_600_000, 90_000),
    defaultChecks: checks as CheckName[],
    attemptsPerCheck: int(o.attemptsPerCheck, 'attemptsPerCheck', 1, 10, 2),
    thresholds: {
      liveness: setting(thresholds.liveness, 'thresholds.liveness', 'livenessThreshold'),
      minAge: setting(thresholds.minAge, 'thresholds.minAge', 'minAge'),
      faceMatch,
    },
    capture: {
      fps: num(capture.fps, 'capture.fps', 1, 30, 8),
      maxFrames: int(capture.maxFrames, 'capture.maxFrames', 3, 120, 30),
      lookStraightMs: int(capture.lookStraightMs, 'capture.lookStraightMs', 300, 10_000, 1200),
      blinkMs: int(capture.blinkMs, 'capture.blinkMs', 300, 10_000, 2000),
      turnMs: int(capture.turnMs, 'capture.turnMs', 300, 10_000, 2000),
    },
    scanTimeoutMs: int(o.scanTimeoutMs, 'scanTimeoutMs', 1000, 600_000, 120_000),
    askForBack: bool(o.askForBack, 'askForBack', true),
    scanners: scanners(o.scanners, baseDir),
    sync: {
      intervalMs: int(sync.intervalMs, 'sync.intervalMs', 1000, 3_600_000, 15_000),
      requestTimeoutMs: int(sync.requestTimeoutMs, 'sync.requestTimeoutMs', 1000, 600_000, 60_000),
      startTimeoutMs: int(sync.startTimeoutMs, 'sync.startTimeoutMs', 500, 60_000, 4000),
    },
    checkRunner,
    production,
  };
}

/**
 * Reads the kiosk configuration: the JSON file named by `file`, env `PROVEFY_KIOSK_CONFIG`, or `kiosk.config.json`
 * in `dir` when present, then {@link resolveKioskConfig}.
 *
 * @example
 * ```ts
 * const config = loadKioskConfig({ dir: app.getPath('userData'), packaged: app.isPackaged });
 * ```
 */
export function loadKioskConfig(opts: { file?: string; dir?: string; env?: NodeJS.ProcessEnv; packaged?: boolean } = {}): KioskConfig {
  const env = opts.env ?? process.env;
  const dir = opts.dir ?? process.cwd();
  const file = opts.file ?? env.PROVEFY_KIOSK_CONFIG ?? join(dir, 'kiosk.config.json');
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ProvefyError('PROVEFY_ERR_CONFIG', `Kiosk config ${file} is not valid JSON: ${(e as Error).message}`);
    }
  } else if (opts.file ?? env.PROVEFY_KIOSK_CONFIG) {
    throw new ProvefyError('PROVEFY_ERR_CONFIG', `Kiosk config ${file} does not exist`);
  }
  return resolveKioskConfig(raw, { env, baseDir: dir, defaultDataDir: join(dir, 'kiosk-data'), ...(opts.packaged !== undefined ? { packaged: opts.packaged } : {}) });
}
