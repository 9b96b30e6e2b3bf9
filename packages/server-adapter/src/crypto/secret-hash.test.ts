import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret, isSecretHash, secretHashNeedsUpgrade, verifySecret } from './secret-hash.js';

const FAST = { logN: 10, r: 8, p: 1 };

/** A hash in a former format, computed with node:crypto directly (not with the code under test). */
function legacy(secret: string, first: number, logN: number): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret.normalize('NFKC'), salt, 32, { N: 2 ** logN, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', first, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describe('secret hashing (scrypt, one format for dashboard passwords and kiosk PINs)', () => {
  it('writes the PHC string format and verifies the right secret only, with a fresh salt each time', async () => {
    const a = await hashSecret('correct horse battery', FAST);
    const b = await hashSecret('correct horse battery', FAST);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifySecret('correct horse battery', a)).toBe(true);
    expect(await verifySecret('correct horse batterY', a)).toBe(false);
    expect(await verifySecret('', a)).toBe(false);
    // The PHC hash is scrypt over the NFKC form with the stored salt: recomputed independently.
    const [, , , salt, hash] = a.split('$');
    expect(scryptSync('correct horse battery', Buffer.from(salt!, 'base64'), 32, { N: 1024, r: 8, p: 1 }).toString('base64').replace(/=+$/, '')).toBe(hash);
  });

  it('verifies hashes in both former formats: the dashboard (N) and the kiosk PIN (logN)', async () => {
    const dashboard = legacy('a long old password', 16384, 14);
    const pin = legacy('482913', 11, 11);
    expect(isSecretHash(dashboard) && isSecretHash(pin)).toBe(true);
    expect(await verifySecret('a long old password', dashboard)).toBe(true);
    expect(await verifySecret('a long old passwort', dashboard)).toBe(false);
    expect(await verifySecret('482913', pin)).toBe(true);
    expect(await verifySecret('482914', pin)).toBe(false);
    expect(secretHashNeedsUpgrade(dashboard)).toBe(true);
    expect(secretHashNeedsUpgrade(await hashSecret('x', { logN: 15, r: 8, p: 1 }))).toBe(false);
    expect(secretHashNeedsUpgrade(await hashSecret('x', FAST))).toBe(true);
  });

  it('refuses malformed hashes and out-of-range costs', async () => {
    for (const bad of ['not-a-hash', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43), 'scrypt$30$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43), '$scrypt$ln=25,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43), 42, null]) {
      expect(isSecretHash(bad), String(bad)).toBe(false);
      expect(await verifySecret('x', bad)).toBe(false);
    }
    await expect(hashSecret('x', { logN: 9, r: 8, p: 1 })).rejects.toBeInstanceOf(RangeError);
  });
});
