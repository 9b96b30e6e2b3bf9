import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProvefyError } from '@provefy/core';
import { Keyring, deriveKeyId, parseKey } from './keyring.js';
import { loadKeyring } from './load-keyring.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const dir = mkdtempSync(join(tmpdir(), 'provefy-keyring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return isProvefyError(e) ? e.code : `non-provefy: ${(e as Error).message}`;
  }
}

describe('Keyring (AES-256-GCM)', () => {
  const ring = new Keyring([{ id: 'k1', key: k1 }]);

  it('round-trips text, JSON and bytes with a random 96-bit IV and the key id in the value', () => {
    const a = ring.encryptString('Jane Doe', 'ctx');
    const b = ring.encryptString('Jane Doe', 'ctx');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/); // 12-byte IV = 16 base64url chars
    expect(Buffer.from(a.split('.')[2]!, 'base64url')).toHaveLength(12);
    expect(ring.decryptString(a, 'ctx')).toBe('Jane Doe');
    expect(ring.decryptJson(ring.encryptJson({ dob: '1990-01-02', n: [1] }))).toEqual({ dob: '1990-01-02', n: [1] });
    const img = randomBytes(1000);
    expect(ring.decryptBytes(ring.encryptBytes(img, 'blob:1'), 'blob:1').equals(img)).toBe(true);
    expect(ring.keyIdOf(a)).toBe('k1');
  });

  it('detects tampering, a wrong AAD and unknown keys with PROVEFY_ERR_DECRYPT', () => {
    const env = ring.encryptString('secret', 'row:1');
    const parts = env.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0]! ^= 1;
    expect(code(() => ring.decryptString([...parts.slice(0, 3), ct.toString('base64url')].join('.'), 'row:1'))).toBe('PROVEFY_ERR_DECRYPT');
    expect(code(() => ring.decryptString(env, 'row:2'))).toBe('PROVEFY_ERR_DECRYPT');
    expect(code(() => ring.decryptString(env))).toBe('PROVEFY_ERR_DECRYPT');
    expect(code(() => ring.decryptString('plaintext'))).toBe('PROVEFY_ERR_DECRYPT');
    expect(code(() => new Keyring([{ id: 'other', key: k2 }]).decryptString(env, 'row:1'))).toBe('PROVEFY_ERR_DECRYPT');
    const blob = ring.encryptBytes(Buffer.from('abc'));
    blob[blob.length - 1]! ^= 1;
    expect(code(() => ring.decryptBytes(blob))).toBe('PROVEFY_ERR_DECRYPT');
  });

  it('rotates: new values use the current key, old values still decrypt; blind indexes cover all keys', () => {
    const old = ring.encryptString('ref-1');
    const rotated = new Keyring([{ id: 'k2', key: k2 }, { id: 'k1', key: k1 }]);
    expect(rotated.decryptString(old)).toBe('ref-1');
    expect(rotated.keyIdOf(rotated.encryptString('x'))).toBe('k2');
    expect(ring.blindIndex('user_1', 'ctx')).toBe(ring.blindIndex('user_1', 'ctx'));
    expect(ring.blindIndex('user_1', 'ctx')).not.toBe(ring.blindIndex('user_2', 'ctx'));
    expect(ring.blindIndex('user_1', 'ctx')).not.toBe(ring.blindIndex('user_1', 'other'));
    expect(rotated.blindIndex('user_1', 'ctx', true)).toContain(ring.blindIndex('user_1', 'ctx'));
    expect(code(() => new Keyring([{ id: 'bad.id', key: k1 }]))).toBe('PROVEFY_ERR_CONFIG');
  });

  it('parses 32-byte keys as hex, base64 and base64url, rejects anything else', () => {
    expect(Buffer.from(parseKey(k1.toString('hex'))).equals(k1)).toBe(true);
    expect(Buffer.from(parseKey(k1.toString('base64'))).equals(k1)).toBe(true);
    expect(Buffer.from(parseKey(k1.toString('base64url'))).equals(k1)).toBe(true);
    for (const bad of ['', 'short', randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), 'z'.repeat(64)]) {
      expect(code(() => parseKey(bad)), bad).toBe('PROVEFY_ERR_ENCRYPTION_KEY_INVALID');
    }
    expect(deriveKeyId(k1)).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('loadKeyring', () => {
  const quiet = { warn: () => {} };

  it('refuses to start in production without a key (typed error)', () => {
    expect(code(() => loadKeyring({ env: { NODE_ENV: 'production' }, logger: quiet }))).toBe('PROVEFY_ERR_ENCRYPTION_KEY_MISSING');
    expect(code(() => loadKeyring({ env: {}, nodeEnv: 'production', logger: quiet }))).toBe('PROVEFY_ERR_ENCRYPTION_KEY_MISSING');
  });

  it('reads PROVEFY_ENCRYPTION_KEY and old keys from the environment', () => {
    const ring = loadKeyring({ env: { NODE_ENV: 'production', PROVEFY_ENCRYPTION_KEY: k1.toString('base64'), PROVEFY_ENCRYPTION_OLD_KEYS: `old:${k2.toString('hex')}` } });
    expect(ring.keyIds).toEqual([deriveKeyId(k1), 'old']);
    const options = loadKeyring({ key: k2, keyId: 'mine', env: { PROVEFY_ENCRYPTION_KEY: k1.toString('hex') } });
    expect(options.current.id).toBe('mine'); // options win over env
  });

  it('in development generates, persists (0600) and reuses a key with a loud warning', () => {
    const file = join(dir, 'nested', 'dev-key');
    const warnings: string[] = [];
    const first = loadKeyring({ env: {}, devKeyFile: file, logger: { warn: (m: string) => warnings.push(m) } });
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings.join('\n')).toMatch(/PROVEFY WARNING/);
    const second = loadKeyring({ env: {}, devKeyFile: file, logger: quiet });
    expect(second.current.id).toBe(first.current.id);
    expect(second.decryptString(first.encryptString('persisted'))).toBe('persisted');
    expect(parseKey(readFileSync(file, 'utf8').trim())).toHaveLength(32);
  });
});
