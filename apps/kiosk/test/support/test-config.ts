import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KioskConfig, resolveKioskConfig } from '../../src/main/config/kiosk-config.js';

/** A kiosk configuration in a fresh temp data folder, with overrides. */
export function testConfig(overrides: Record<string, unknown> = {}): KioskConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-data-'));
  return resolveKioskConfig({ kioskId: 'test-kiosk', dataDir, checkRunner: 'in-process', ...overrides }, { env: {} });
}
