import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ProvefyError } from '@provefy/core';
import { Keyring, deriveKeyId, parseKey } from '@provefy/server-adapter';

/** Optional protection of the key file at rest (the Electron shell passes `safeStorage` here). */
export interface KeyProtector {
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

/**
 * The AES-256-GCM keyring of the kiosk's offline queue (the server adapter's `Keyring`): from `key` (32 bytes,
 * base64 or hex; e.g. env `PROVEFY_KIOSK_ENCRYPTION_KEY`) when given, else from `keyFile`, which is created with
 * a random key (mode 0600) on first use. `protector` seals the key file (OS keychain through Electron's
 * `safeStorage`) so a copied disk alone does not reveal it.
 *
 * @example
 * ```ts
 * const ring = loadQueueKeyring({ keyFile: '/var/lib/provefy-kiosk/queue.key' });
 * ```
 */
export function loadQueueKeyring(opts: { key?: string; previousKeys?: string[]; keyFile: string; protector?: KeyProtector }): Keyring {
  const keys: { id: string; key: Uint8Array }[] = [];
  let current: Uint8Array;
  if (opts.key) {
    current = parseKey(opts.key);
  } else if (existsSync(opts.keyFile)) {
    const raw = readFileSync(opts.keyFile);
    const text = (opts.protector && raw.subarray(0, 4).toString('latin1') === 'PKS1' ? opts.protector.decrypt(raw.subarray(4)) : raw).toString('utf8').trim();
    current = parseKey(text);
  } else {
    const fresh = randomBytes(32).toString('base64');
    mkdirSync(dirname(opts.keyFile), { recursive: true, mode: 0o700 });
    const body = opts.protector ? Buffer.concat([Buffer.from('PKS1', 'latin1'), opts.protector.encrypt(Buffer.from(fresh))]) : Buffer.from(`${fresh}\n`);
    try {
      writeFileSync(opts.keyFile, body, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadQueueKeyring(opts);
      throw new ProvefyError('PROVEFY_ERR_CONFIG', `Cannot write the queue key file ${opts.keyFile}`, { cause: (e as Error).message });
    }
    try {
      chmodSync(opts.keyFile, 0o600);
    } catch {
      /* best effort */
    }
    current = parseKey(fresh);
  }
  keys.push({ id: deriveKeyId(current), key: current });
  for (const old of opts.previousKeys ?? []) {
    const k = parseKey(old);
    keys.push({ id: deriveKeyId(k), key: k });
  }
  return new Keyring(keys);
}
