import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A SANE config folder whose dll.conf enables only the `test` backend (Debian's sane-utils ships it disabled), for
 * `SANE_CONFIG_DIR`. Returns the folder.
 */
export function saneTestConfigDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-sane-'));
  writeFileSync(join(dir, 'dll.conf'), 'test\n');
  writeFileSync(join(dir, 'test.conf'), 'number_of_devices 2\n');
  return dir;
}
