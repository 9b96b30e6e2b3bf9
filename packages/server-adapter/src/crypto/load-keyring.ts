import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ProvefyError } from '@provefy/core';
import type { EncryptionOptions } from '../storage/types.js';
import { Keyring, type KeyringKey, deriveKeyId, parseKey } from './keyring.js';

export interface LoadKeyringOptions extends EncryptionOptions {
  /** Environment to read `PROVEFY_ENCRYPTION_KEY`, `PROVEFY_ENCRYPTION_KEY_ID`, `PROVEFY_ENCRYPTION_OLD_KEYS`, `NODE_ENV` from. */
  env?: Record<string, string | undefined>;
  /** Overrides `env.NODE_ENV`. */
  nodeEnv?: string;
  logger?: Pick<Console, 'warn'>;
}

/** Default location of the generated development key. */
export const DEFAULT_DEV_KEY_FILE = '.provefy/dev-encryption-key';

function parseOldKeys(spec: string | undefined): Array<{ id?: string; key: string }> {
  if (!spec) return [];
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const i = entry.indexOf(':');
      return i > 0 ? { id: entry.slice(0, i), key: entry.slice(i + 1) } : { key: entry };
    });
}

/**
 * Builds the encryption keyring from options, then env `PROVEFY_ENCRYPTION_KEY` (32 bytes, hex or
 * base64). Without a key: in production (`NODE_ENV=production`) throws
 * `PROVEFY_ERR_ENCRYPTION_KEY_MISSING`; otherwise generates a key, persists it to `devKeyFile`
 * (mode 0600) and warns loudly, so data written in development stays readable across restarts.
 *
 * @example
 * const ring = loadKeyring({ key: process.env.MY_KEY, previousKeys: [{ id: 'old', key: OLD }] });
 */
export function loadKeyring(options: LoadKeyringOptions = {}): Keyring {
  const env = options.env ?? process.env;
  const nodeEnv = options.nodeEnv ?? env.NODE_ENV;
  const logger = options.logger ?? console;
  const keys: KeyringKey[] = [];

  let currentRaw: string | Uint8Array | undefined = options.key ?? (env.PROVEFY_ENCRYPTION_KEY || undefined);
  let currentId = options.keyId ?? (options.key === undefined ? env.PROVEFY_ENCRYPTION_KEY_ID || undefined : undefined);

  if (currentRaw === undefined) {
    if (nodeEnv === 'production') {
      throw new ProvefyError(
        'PROVEFY_ERR_ENCRYPTION_KEY_MISSING',
        'Refusing to start in production without an encryption key: set PROVEFY_ENCRYPTION_KEY (32 bytes, base64 or hex; e.g. `openssl rand -base64 32`) or pass encryption.key',
      );
    }
    const file = resolve(options.devKeyFile ?? env.PROVEFY_DEV_KEY_FILE ?? DEFAULT_DEV_KEY_FILE);
    if (existsSync(file)) {
      currentRaw = readFileSync(file, 'utf8').trim();
      logger.warn(`[provefy] WARNING: using the DEVELOPMENT encryption key in ${file}; set PROVEFY_ENCRYPTION_KEY for production.`);
    } else {
      currentRaw = randomBytes(32).toString('base64');
      mkdirSync(dirname(file), { recursive: true });
      try {
        writeFileSync(file, `${currentRaw}\n`, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        // Another process created it first: use theirs.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        currentRaw = readFileSync(file, 'utf8').trim();
      }
      try {
        chmodSync(file, 0o600);
      } catch {
        /* best effort on platforms without chmod */
      }
      logger.warn(
        [
          '',
          '*****************************************************************************',
          '* PROVEFY WARNING: no encryption key configured (PROVEFY_ENCRYPTION_KEY).   *',
          `* Generated a DEVELOPMENT key and saved it to ${file}`,
          '* PII at rest is encrypted with it. Do NOT use this in production: set      *',
          '* PROVEFY_ENCRYPTION_KEY to 32 random bytes (openssl rand -base64 32).      *',
          '*****************************************************************************',
          '',
        ].join('\n'),
      );
    }
    currentId = undefined;
  }

  const currentKey = parseKey(currentRaw);
  keys.push({ id: currentId ?? deriveKeyId(currentKey), key: currentKey });
  const old = options.previousKeys ?? parseOldKeys(env.PROVEFY_ENCRYPTION_OLD_KEYS);
  for (const k of old) {
    const key = parseKey(k.key);
    keys.push({ id: k.id ?? deriveKeyId(key), key });
  }
  return new Keyring(keys);
}
