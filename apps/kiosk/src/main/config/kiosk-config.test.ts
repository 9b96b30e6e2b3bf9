import { SETTINGS } from '@provefy/core';
import { describe, expect, it } from 'vitest';
import { resolveKioskConfig } from './kiosk-config.js';

const KEY = `kyc_live_${'a1B2'.repeat(10)}`;

describe('kiosk configuration', () => {
  it('has working defaults (offline only, camera scanner)', () => {
    const c = resolveKioskConfig({ kioskId: 'k1' }, { env: {}, baseDir: '/srv/kiosk' });
    expect(c).toMatchObject({ kioskId: 'k1', server: null, idleTimeoutMs: 90_000, attemptsPerCheck: 2, checkRunner: 'worker', production: false });
    expect(c.dataDir).toBe('/srv/kiosk/kiosk-data');
    expect(c.scanners).toEqual([{ type: 'camera', id: 'camera' }]);
  });

  it('takes the server and secrets from the environment, production from NODE_ENV', () => {
    const c = resolveKioskConfig({}, { env: { PROVEFY_KIOSK_SERVER_URL: 'https://verify.example.com', PROVEFY_KIOSK_API_KEY: KEY, NODE_ENV: 'production', PROVEFY_KIOSK_ID: 'branch-9' } });
    expect(c.server).toEqual({ url: 'https://verify.example.com', apiKey: KEY });
    expect(c.production).toBe(true);
    expect(c.kioskId).toBe('branch-9');
  });

  it("takes thresholds' defaults and bounds from core's SETTINGS", () => {
    const c = resolveKioskConfig({}, { env: {} });
    expect(c.thresholds).toMatchObject({ liveness: SETTINGS.livenessThreshold.default, minAge: SETTINGS.minAge.default });
    expect(resolveKioskConfig({ thresholds: { minAge: SETTINGS.minAge.max } }, { env: {} }).thresholds.minAge).toBe(SETTINGS.minAge.max);
    expect(() => resolveKioskConfig({ thresholds: { minAge: SETTINGS.minAge.max + 1 } }, { env: {} })).toThrow(/thresholds.minAge/);
    expect(() => resolveKioskConfig({ thresholds: { faceMatch: SETTINGS.faceMatchThreshold.max + 0.01 } }, { env: {} })).toThrow(/thresholds.faceMatch/);
  });

  it('names the key of a bad value', () => {
    expect(() => resolveKioskConfig({ idleTimeoutMs: 10 }, { env: {} })).toThrow(/idleTimeoutMs/);
    expect(() => resolveKioskConfig({ server: { url: 'https://x.example' } }, { env: {} })).toThrow(/server.apiKey/);
    expect(() => resolveKioskConfig({ server: { url: 'ftp://x', apiKey: KEY } }, { env: {} })).toThrow(/server.url/);
    expect(() => resolveKioskConfig({ scanners: [{ type: 'sane', id: 'a' }] }, { env: {} })).toThrow(/scanners\[0\].device/);
    expect(() => resolveKioskConfig({ scanners: [{ type: 'camera', id: 'a' }, { type: 'camera', id: 'a' }] }, { env: {} })).toThrow(/used twice/);
    expect(() => resolveKioskConfig({ defaultChecks: ['x'] }, { env: {} })).toThrow(/defaultChecks/);
    expect(() => resolveKioskConfig({ pinn: 1 }, { env: {} })).toThrow(/pinn is not a known setting/);
  });

  it('resolves folder paths against the config folder', () => {
    const c = resolveKioskConfig({ scanners: [{ type: 'folder', id: 'mfp', path: 'scans' }] }, { env: {}, baseDir: '/etc/provefy-kiosk' });
    expect(c.scanners[0]).toMatchObject({ type: 'folder', path: '/etc/provefy-kiosk/scans', stableMs: 750, deleteAfterRead: true });
  });
});

describe('the example configuration', () => {
  it('is valid', async () => {
    const { readFileSync } = await import('node:fs');
    const example = JSON.parse(readFileSync(new URL('../../../kiosk.config.example.json', import.meta.url), 'utf8'));
    const c = resolveKioskConfig(example, { env: {}, baseDir: '/etc/provefy-kiosk' });
    expect(c.scanners.map((s) => s.type)).toEqual(['sane', 'folder', 'camera']);
    expect(c.server?.url).toBe('https://verify.example.com');
  });
});
