import { defaultWorkConcurrency } from '@provefy/server-adapter';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { SETTINGS } from '@provefy/core';

/** Log levels, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'text', 'json'] as const;
/** `text`: one readable line per entry; `json`: one JSON object per line; `auto`: text on a terminal, else JSON. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Everything the reference server reads at start-up (see docs/reference-server.md). */
export interface ServerConfig {
  /** TCP port (default 3000; 0 picks a free port). Env `PORT`. */
  port: number;
  /** Interface to listen on (default `0.0.0.0`). Env `HOST`. */
  host: string;
  /** Folder for the SQLite database, the generated dev encryption key and nothing else (default `./data`). Env `PROVEFY_DATA_DIR`. */
  dataDir: string;
  /** PostgreSQL connection string; when set it is used instead of SQLite. Env `DATABASE_URL`. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema to use (created if missing). Env `PROVEFY_DATABASE_SCHEMA`. */
  databaseSchema: string | undefined;
  /** Public base URL (`https://verify.example.com`): used in `verificationUrl` and the admin setup link. Env `PROVEFY_PUBLIC_URL`. */
  publicUrl: string | undefined;
  /** Trust `X-Forwarded-For` for client IPs (only behind your own proxy). Env `PROVEFY_TRUST_PROXY`. */
  trustProxy: boolean;
  /** PII encryption key (32 bytes, base64 or hex). Env `PROVEFY_ENCRYPTION_KEY`. Required with NODE_ENV=production. */
  encryptionKey: string | undefined;
  /** Keep uploaded images this many hours after processing, for review in the dashboard (default 24; 0 deletes them when the session ends). Env `PROVEFY_IMAGE_RETENTION_HOURS`. */
  imageRetentionHours: number;
  /** Session lifetime in minutes (default 30). Env `PROVEFY_SESSION_TTL_MINUTES`. */
  sessionTtlMinutes: number;
  /** Minimum log level (default `info`). Env `LOG_LEVEL`. */
  logLevel: LogLevel;
  /** Log line format (default `auto`: readable text when stdout is a terminal, JSON lines otherwise). Env `LOG_FORMAT`. */
  logFormat: LogFormat;
  /** Token for the programmatic admin API `/api/v1/admin/*` (default: none, that API is then reachable only through the dashboard). Env `PROVEFY_ADMIN_TOKEN`. */
  adminToken: string | undefined;
  /** Sets the dashboard password of `admin` at start (unattended installs, recovery). Env `PROVEFY_ADMIN_PASSWORD`. */
  adminPassword: string | undefined;
  /** Heavy checks run at most this many at once (default 1). Env `PROVEFY_WORK_CONCURRENCY`. */
  workConcurrency: number;
  /** How long to wait for requests in flight on SIGTERM/SIGINT before closing (default 10 000 ms). Env `PROVEFY_SHUTDOWN_TIMEOUT_MS`. */
  shutdownTimeoutMs: number;
  /** The config file that was read, if any. */
  configFile: string | undefined;
}

/** The config file's keys: the same names as {@link ServerConfig} (minus `configFile`). */
export const CONFIG_KEYS = [
  'port',
  'host',
  'dataDir',
  'databaseUrl',
  'databaseSchema',
  'publicUrl',
  'trustProxy',
  'encryptionKey',
  'imageRetentionHours',
  'sessionTtlMinutes',
  'logLevel',
  'logFormat',
  'adminToken',
  'adminPassword',
  'workConcurrency',
  'shutdownTimeoutMs',
] as const satisfies readonly (keyof ServerConfig)[];

const ENV_NAMES: Record<(typeof CONFIG_KEYS)[number], string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'PROVEFY_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  databaseSchema: 'PROVEFY_DATABASE_SCHEMA',
  publicUrl: 'PROVEFY_PUBLIC_URL',
  trustProxy: 'PROVEFY_TRUST_PROXY',
  encryptionKey: 'PROVEFY_ENCRYPTION_KEY',
  imageRetentionHours: 'PROVEFY_IMAGE_RETENTION_HOURS',
  sessionTtlMinutes: 'PROVEFY_SESSION_TTL_MINUTES',
  logLevel: 'LOG_LEVEL',
  logFormat: 'LOG_FORMAT',
  adminToken: 'PROVEFY_ADMIN_TOKEN',
  adminPassword: 'PROVEFY_ADMIN_PASSWORD',
  workConcurrency: 'PROVEFY_WORK_CONCURRENCY',
  shutdownTimeoutMs: 'PROVEFY_SHUTDOWN_TIMEOUT_MS',
};

/** A configuration error: the message names the key and where it came from. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Raw = Record<string, unknown>;

function num(value: unknown, key: string, source: string, min: number, max: number, integer = true): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new ConfigError(`${key} (${source}) must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function bool(value: unknown, key: string, source: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'no' || value === '') return false;
  throw new ConfigError(`${key} (${source}) must be true or false, got ${JSON.stringify(value)}`);
}

function str(value: unknown, key: string, source: string): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new ConfigError(`${key} (${source}) must be a string`);
  return value;
}

function url(value: unknown, key: string, source: string, protocols: string[]): string | undefined {
  const s = str(value, key, source);
  if (s === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ConfigError(`${key} (${source}) must be a URL`);
  }
  if (!protocols.includes(u.protocol)) throw new ConfigError(`${key} (${source}) must use ${protocols.join(' or ')}`);
  return s;
}

/**
 * Reads the configuration: defaults, then the JSON config file (`--config`, env `PROVEFY_CONFIG`, else
 * `provefy.config.json` in the working directory when present), then environment variables, which win.
 * Unknown keys in the file and malformed values throw a {@link ConfigError} naming the key.
 *
 * @example
 * ```ts
 * const config = loadConfig({ env: process.env, cwd: process.cwd() });
 * config.port; // 3000
 * ```
 */
export function loadConfig(opts: { env?: NodeJS.ProcessEnv; cwd?: string; configFile?: string } = {}): ServerConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const explicit = opts.configFile ?? env.PROVEFY_CONFIG;
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, 'provefy.config.json');
  let fileValues: Raw = {};
  let configFile: string | undefined;
  if (existsSync(file)) {
    configFile = file;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`${file} must hold a JSON object`);
    fileValues = parsed as Raw;
    for (const key of Object.keys(fileValues)) {
      if (key === '$schema' || key === '$comment') continue;
      if (!(CONFIG_KEYS as readonly string[]).includes(key)) throw new ConfigError(`${file}: unknown key "${key}" (known: ${CONFIG_KEYS.join(', ')})`);
    }
  } else if (explicit) {
    throw new ConfigError(`Config file not found: ${file}`);
  }

  const pick = (key: (typeof CONFIG_KEYS)[number]): { value: unknown; source: string } => {
    const envName = ENV_NAMES[key];
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: `env ${envName}` };
    if (fileValues[key] !== undefined) return { value: fileValues[key], source: `config file ${file}` };
    return { value: undefined, source: 'default' };
  };
  const get = <T>(key: (typeof CONFIG_KEYS)[number], fallback: T, parse: (v: unknown, k: string, s: string) => T): T => {
    const { value, source } = pick(key);
    return value === undefined ? fallback : parse(value, key, source);
  };
  // Relative paths in the file are relative to the file; in env, to the working directory.
  const baseFor = (key: (typeof CONFIG_KEYS)[number]) => (pick(key).source.startsWith('config file') && configFile ? dirname(configFile) : cwd);

  const dataDirRaw = get('dataDir', './data', str) ?? './data';
  const logLevel = get<LogLevel>('logLevel', 'info', (v, k, s) => {
    if (!(LOG_LEVELS as readonly unknown[]).includes(v)) throw new ConfigError(`${k} (${s}) must be one of ${LOG_LEVELS.join(', ')}`);
    return v as LogLevel;
  });
  const publicUrl = get('publicUrl', undefined, (v, k, s) => url(v, k, s, ['http:', 'https:']))?.replace(/\/+$/, '');
  const adminPassword = get('adminPassword', undefined, str);
  if (adminPassword !== undefined && adminPassword.length < 12) throw new ConfigError('adminPassword must have at least 12 characters');
  const adminToken = get('adminToken', undefined, str);
  if (adminToken !== undefined && adminToken.length < 24) throw new ConfigError('adminToken must have at least 24 characters');

  return {
    port: get('port', 3000, (v, k, s) => num(v, k, s, 0, 65535)),
    host: get('host', '0.0.0.0', str) ?? '0.0.0.0',
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(baseFor('dataDir'), dataDirRaw),
    databaseUrl: get('databaseUrl', undefined, (v, k, s) => url(v, k, s, ['postgres:', 'postgresql:'])),
    databaseSchema: get('databaseSchema', undefined, (v, k, s) => {
      const name = str(v, k, s);
      if (name !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new ConfigError(`${k} (${s}) must be a lower-case SQL identifier`);
      return name;
    }),
    publicUrl,
    trustProxy: get('trustProxy', false, bool),
    encryptionKey: get('encryptionKey', undefined, str),
    imageRetentionHours: get('imageRetentionHours', 24, (v, k, s) => num(v, k, s, 0, 24 * 365, false)),
    // Bounds and default from core's one source of settings (a session's lifetime), in whole minutes.
    sessionTtlMinutes: get('sessionTtlMinutes', SETTINGS.expiresInMs.default / 60_000, (v, k, s) =>
      num(v, k, s, Math.max(1, Math.ceil(SETTINGS.expiresInMs.min / 60_000)), Math.floor(SETTINGS.expiresInMs.max / 60_000)),
    ),
    logLevel,
    logFormat: get<LogFormat>('logFormat', 'auto', (v, k, s) => {
      if (!(LOG_FORMATS as readonly unknown[]).includes(v)) throw new ConfigError(`${k} (${s}) must be one of ${LOG_FORMATS.join(', ')}`);
      return v as LogFormat;
    }),
    adminToken,
    adminPassword,
    workConcurrency: get('workConcurrency', defaultWorkConcurrency(), (v, k, s) => num(v, k, s, 1, 64)),
    shutdownTimeoutMs: get('shutdownTimeoutMs', 10_000, (v, k, s) => num(v, k, s, 0, 600_000)),
    configFile,
  };
}
