import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { ProvefyError } from '@provefy/core';
import { pooledRandomBytes } from './random.js';

/** Envelope version prefix of every encrypted text value. */
export const ENVELOPE_VERSION = 'v1';
const IV_BYTES = 12; // 96-bit IV, the GCM standard
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KID_RE = /^[A-Za-z0-9_-]{1,32}$/;
/** Magic prefix of binary envelopes (blobs): 'PV1'. */
const BINARY_MAGIC = Buffer.from('PV1', 'ascii');

export interface KeyringKey {
  id: string;
  key: Uint8Array;
}

/**
 * Parses a 32-byte key given as hex (64 chars), base64 or base64url (43/44 chars) or raw bytes.
 * Throws `PROVEFY_ERR_ENCRYPTION_KEY_INVALID` otherwise.
 *
 * @example
 * parseKey(process.env.PROVEFY_ENCRYPTION_KEY!) // Uint8Array(32)
 */
export function parseKey(input: string | Uint8Array): Uint8Array {
  if (typeof input !== 'string') {
    if (input.length !== KEY_BYTES) throw new ProvefyError('PROVEFY_ERR_ENCRYPTION_KEY_INVALID', undefined, { bytes: input.length });
    return new Uint8Array(input);
  }
  const s = input.trim();
  let buf: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(s)) buf = Buffer.from(s, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(s)) buf = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!buf || buf.length !== KEY_BYTES) {
    throw new ProvefyError('PROVEFY_ERR_ENCRYPTION_KEY_INVALID', undefined, { length: s.length });
  }
  return new Uint8Array(buf);
}

/**
 * Default key id of a key: 8 hex chars derived with HKDF (reveals nothing usable about the key).
 *
 * @example
 * deriveKeyId(key) // 'a1b2c3d4'
 */
export function deriveKeyId(key: Uint8Array): string {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'provefy:key-id', 4)).toString('hex');
}

function b64u(buf: Uint8Array): string {
  return Buffer.from(buf).toString('base64url');
}

/**
 * AES-256-GCM keyring: encrypts with the current key, decrypts with any key it holds (rotation).
 * Text envelopes are `v1.<kid>.<iv>.<ciphertext+tag>` (base64url parts); binary envelopes are
 * `PV1 | kidLen | kid | iv | ciphertext | tag`. An optional AAD binds a value to its context
 * (e.g. `session:<id>`), so ciphertexts cannot be swapped between rows.
 *
 * Also provides a keyed, deterministic `blindIndex()` (HMAC-SHA256 with a key derived from each
 * encryption key) to search encrypted values like `externalRef` by equality.
 *
 * @example
 * const ring = new Keyring([{ id: 'k1', key: parseKey(hex) }]);
 * const env = ring.encryptString('Jane Doe', 'session:123'); // 'v1.k1.…'
 * ring.decryptString(env, 'session:123'); // 'Jane Doe'
 */
export class Keyring {
  readonly current: KeyringKey;
  readonly #keys = new Map<string, Uint8Array>();
  readonly #indexKeys = new Map<string, Buffer>();

  constructor(keys: KeyringKey[]) {
    if (keys.length === 0) throw new ProvefyError('PROVEFY_ERR_ENCRYPTION_KEY_MISSING');
    for (const k of keys) {
      if (!KID_RE.test(k.id)) throw new ProvefyError('PROVEFY_ERR_CONFIG', `Invalid encryption key id "${k.id}" (use [A-Za-z0-9_-]{1,32})`);
      if (k.key.length !== KEY_BYTES) throw new ProvefyError('PROVEFY_ERR_ENCRYPTION_KEY_INVALID', undefined, { keyId: k.id });
      if (this.#keys.has(k.id)) {
        if (Buffer.compare(Buffer.from(this.#keys.get(k.id)!), Buffer.from(k.key)) !== 0) {
          throw new ProvefyError('PROVEFY_ERR_CONFIG', `Two different encryption keys share the id "${k.id}"`);
        }
        continue;
      }
      this.#keys.set(k.id, k.key);
      this.#indexKeys.set(k.id, Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), 'provefy:blind-index', 32)));
    }
    this.current = keys[0]!;
  }

  /** Ids of all keys (current first). */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Encrypts UTF-8 text into a text envelope. */
  encryptString(plaintext: string, aad?: string): string {
    const { iv, ct } = this.#seal(Buffer.from(plaintext, 'utf8'), aad);
    return `${ENVELOPE_VERSION}.${this.current.id}.${b64u(iv)}.${b64u(ct)}`;
  }

  /** Decrypts a text envelope; throws `PROVEFY_ERR_DECRYPT` on a wrong key, AAD or tampering. */
  decryptString(envelope: string, aad?: string): string {
    const parts = envelope.split('.');
    if (parts.length !== 4 || parts[0] !== ENVELOPE_VERSION) throw new ProvefyError('PROVEFY_ERR_DECRYPT', 'Not a Provefy encrypted value');
    const [, kid, ivs, cts] = parts as [string, string, string, string];
    return this.#open(kid, Buffer.from(ivs, 'base64url'), Buffer.from(cts, 'base64url'), aad).toString('utf8');
  }

  /** Encrypts JSON (`JSON.stringify`). */
  encryptJson(value: unknown, aad?: string): string {
    return this.encryptString(JSON.stringify(value), aad);
  }

  decryptJson<T = unknown>(envelope: string, aad?: string): T {
    return JSON.parse(this.decryptString(envelope, aad)) as T;
  }

  /** Encrypts bytes into a compact binary envelope (for images). */
  encryptBytes(plaintext: Uint8Array, aad?: string): Buffer {
    const { iv, ct } = this.#seal(plaintext, aad);
    const kid = Buffer.from(this.current.id, 'ascii');
    return Buffer.concat([BINARY_MAGIC, Buffer.from([kid.length]), kid, iv, ct]);
  }

  decryptBytes(envelope: Uint8Array, aad?: string): Buffer {
    const buf = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
    if (buf.length < 4 || !buf.subarray(0, 3).equals(BINARY_MAGIC)) throw new ProvefyError('PROVEFY_ERR_DECRYPT', 'Not a Provefy encrypted blob');
    const kidLen = buf[3]!;
    const kid = buf.subarray(4, 4 + kidLen).toString('ascii');
    const iv = buf.subarray(4 + kidLen, 4 + kidLen + IV_BYTES);
    const ct = buf.subarray(4 + kidLen + IV_BYTES);
    return this.#open(kid, iv, ct, aad);
  }

  /** Key id an envelope was encrypted with (for re-encryption after rotation). */
  keyIdOf(envelope: string): string | null {
    const parts = envelope.split('.');
    return parts.length === 4 && parts[0] === ENVELOPE_VERSION ? parts[1]! : null;
  }

  /**
   * Deterministic keyed digest for equality search: hex HMAC-SHA256 under the current key's
   * index key (`all: true` gives one digest per key, to search rows written before a rotation).
   */
  blindIndex(value: string, context: string): string;
  blindIndex(value: string, context: string, all: true): string[];
  blindIndex(value: string, context: string, all?: true): string | string[] {
    const digest = (k: Buffer) => createHmac('sha256', k).update(`${context}\u0000${value}`).digest('hex');
    if (all) return [...this.#indexKeys.values()].map(digest);
    return digest(this.#indexKeys.get(this.current.id)!);
  }

  #seal(plaintext: Uint8Array, aad?: string): { iv: Buffer; ct: Buffer } {
    const iv = pooledRandomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { iv, ct };
  }

  #open(kid: string, iv: Buffer, ct: Buffer, aad?: string): Buffer {
    const key = this.#keys.get(kid);
    if (!key) throw new ProvefyError('PROVEFY_ERR_DECRYPT', `Unknown encryption key id "${kid}" (add it to previousKeys)`, { keyId: kid });
    if (iv.length !== IV_BYTES || ct.length < TAG_BYTES) throw new ProvefyError('PROVEFY_ERR_DECRYPT', 'Malformed encrypted value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(ct.subarray(ct.length - TAG_BYTES));
      return Buffer.concat([decipher.update(ct.subarray(0, ct.length - TAG_BYTES)), decipher.final()]);
    } catch (cause) {
      throw new ProvefyError('PROVEFY_ERR_DECRYPT', 'Encrypted value failed authentication', { keyId: kid }, { cause });
    }
  }
}
