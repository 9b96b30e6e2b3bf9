import { describe, expect, it } from 'vitest';
import { kioskKv, openKioskDb } from '../db/open-kiosk-db.js';
import { OperatorAuth } from './operator-auth.js';
import { hashPin } from './pin-hash.js';

const FAST = { logN: 10, r: 8, p: 1 };

async function setup(now: { t: number }, db = openKioskDb(':memory:')) {
  const hash = await hashPin('2468', FAST);
  const make = () => new OperatorAuth({ kv: kioskKv(db), configPinHash: hash, maxFailures: 3, lockoutMs: 60_000, sessionMs: 600_000, now: () => now.t, hashParams: FAST });
  return { make, db };
}

describe('operator sign-in', () => {
  it('signs in with the PIN and out after the session time', async () => {
    const now = { t: 1_000_000 };
    const { make } = await setup(now);
    const auth = make();
    expect(auth.status()).toMatchObject({ loggedIn: false, pinConfigured: true, failuresLeft: 3 });
    await auth.login('2468');
    expect(auth.isSignedIn()).toBe(true);
    now.t += 600_001;
    expect(auth.isSignedIn()).toBe(false);
    expect(() => auth.requireSignedIn()).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_OPERATOR_AUTH' }));
  });

  it('locks after N wrong PINs, even for the right PIN, and the lockout survives a restart', async () => {
    const now = { t: 5_000_000 };
    const { make } = await setup(now);
    const auth = make();
    await expect(auth.login('1111')).rejects.toMatchObject({ code: 'PROVEFY_ERR_OPERATOR_AUTH', details: { failuresLeft: 2 } });
    await expect(auth.login('2222')).rejects.toMatchObject({ details: { failuresLeft: 1 } });
    const locked = await auth.login('3333').catch((e: { code: string; details: { lockedUntil: number } }) => e);
    expect(locked).toMatchObject({ code: 'PROVEFY_ERR_OPERATOR_LOCKED' });
    const until = (locked as { details: { lockedUntil: number } }).details.lockedUntil;
    expect(until).toBe(now.t + 60_000);
    await expect(auth.login('2468')).rejects.toMatchObject({ code: 'PROVEFY_ERR_OPERATOR_LOCKED' });
    // a new process (same database) is still locked
    const restarted = make();
    expect(restarted.status().lockedUntil).toBe(until);
    await expect(restarted.login('2468')).rejects.toMatchObject({ code: 'PROVEFY_ERR_OPERATOR_LOCKED' });
    // after the lockout the right PIN works and resets the counters
    now.t = until + 1;
    await restarted.login('2468');
    expect(restarted.status()).toMatchObject({ loggedIn: true, lockedUntil: null, failuresLeft: 3 });
  });

  it('doubles the lockout after a second round of wrong PINs', async () => {
    const now = { t: 9_000_000 };
    const { make } = await setup(now);
    const auth = make();
    for (const pin of ['1', '22', '3333']) await auth.login(pin).catch(() => undefined);
    now.t = auth.status().lockedUntil! + 1;
    let last: { details: { lockedUntil: number } } | undefined;
    for (const pin of ['1111', '2222', '3333']) last = await auth.login(pin).catch((e) => e);
    expect(last!.details.lockedUntil - now.t).toBe(120_000);
  });

  it('counts parallel guesses one by one', async () => {
    const now = { t: 1 };
    const { make } = await setup(now);
    const auth = make();
    const results = await Promise.allSettled(['0001', '0002', '0003', '0004', '0005', '2468'].map((p) => auth.login(p)));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'));
    expect(codes).toEqual(['PROVEFY_ERR_OPERATOR_AUTH', 'PROVEFY_ERR_OPERATOR_AUTH', 'PROVEFY_ERR_OPERATOR_LOCKED', 'PROVEFY_ERR_OPERATOR_LOCKED', 'PROVEFY_ERR_OPERATOR_LOCKED', 'PROVEFY_ERR_OPERATOR_LOCKED']);
  });

  it('changes the PIN (stored hashed in the kiosk database)', async () => {
    const now = { t: 1 };
    const { make, db } = await setup(now);
    const auth = make();
    await auth.login('2468');
    await auth.changePin('2468', '97531');
    auth.logout();
    await expect(auth.login('2468')).rejects.toMatchObject({ code: 'PROVEFY_ERR_OPERATOR_AUTH' });
    await auth.login('97531');
    const stored = db.prepare("SELECT value FROM kv WHERE key = 'operator.pinHash'").get() as { value: string };
    expect(stored.value.startsWith('$scrypt$ln=')).toBe(true);
    expect(stored.value).not.toContain('97531');
  });

  it('refuses a plain PIN as configuration', () => {
    expect(() => new OperatorAuth({ kv: kioskKv(openKioskDb(':memory:')), configPinHash: '1234' })).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_CONFIG' }));
  });
});
