import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin, isPinHash, verifyPin } from './pin-hash.js';

const FAST = { logN: 10, r: 8, p: 1 };

describe('operator PIN hashing (scrypt)', () => {
  it('verifies the right PIN only, with a random salt per hash', async () => {
    const a = await hashPin('482913', FAST);
    const b = await hashPin('482913', FAST);
    expect(a).not.toBe(b);
    expect(isPinHash(a)).toBe(true);
    expect(a).not.toContain('482913');
    expect(await verifyPin('482913', a)).toBe(true);
    expect(await verifyPin('482914', a)).toBe(false);
    expect(await verifyPin('', a)).toBe(false);
  });

  it('keeps the cost parameters in the hash', async () => {
    const h = await hashPin('1234', { logN: 11, r: 4, p: 1 });
    expect(h.startsWith('$scrypt$ln=11,r=4,p=1$')).toBe(true);
    expect(await verifyPin('1234', h)).toBe(true);
  });

  it('still verifies a PIN hash in the former kiosk format (scrypt$logN$r$p$salt$hash)', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('482913', salt, 32, { N: 2 ** 10, r: 8, p: 1 });
    const old = ['scrypt', 10, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(isPinHash(old)).toBe(true);
    expect(await verifyPin('482913', old)).toBe(true);
    expect(await verifyPin('482914', old)).toBe(false);
  });

  it('refuses PINs that are not 4-12 digits and malformed stored hashes', async () => {
    await expect(hashPin('12a4', FAST)).rejects.toMatchObject({ code: 'PROVEFY_ERR_INVALID_INPUT' });
    await expect(hashPin('123', FAST)).rejects.toMatchObject({ code: 'PROVEFY_ERR_INVALID_INPUT' });
    await expect(verifyPin('1234', 'plain:1234')).rejects.toMatchObject({ code: 'PROVEFY_ERR_CONFIG' });
  });
});
