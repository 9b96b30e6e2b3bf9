import { ProvefyError } from '@provefy/core';
import type { ScannerView } from '../../shared/kiosk-view.js';
import type { ScannerConfig } from '../config/kiosk-config.js';
import { CameraDriver } from './camera/camera-driver.js';
import { FolderWatchDriver } from './folder/folder-watch-driver.js';
import { SaneDriver } from './sane/sane-driver.js';
import type { ScannerDriver } from './scanner-driver.js';

/**
 * The kiosk's configured scanners: builds each driver from its config, starts folder watchers, caches each
 * driver's status for the screens and clears them all when a customer's data is wiped.
 *
 * @example
 * ```ts
 * const scanners = new ScannerRegistry([{ type: 'sane', id: 'flatbed', device: 'test:0' }, { type: 'camera', id: 'camera' }]);
 * await scanners.start();
 * const scan = await scanners.get('flatbed').acquire();
 * ```
 */
export class ScannerRegistry {
  readonly drivers: ScannerDriver[];
  #views: ScannerView[] = [];

  constructor(configs: ScannerConfig[] | ScannerDriver[]) {
    this.drivers = configs.map((c) => ('acquire' in c ? c : createScanner(c)));
    this.#views = this.drivers.map((d) => ({ id: d.id, kind: d.kind, label: d.label, ready: false, detail: 'checking' }));
  }

  /** Starts the drivers that need it (folder watchers) and reads every status once. */
  async start(): Promise<void> {
    for (const d of this.drivers) {
      if (d instanceof FolderWatchDriver) await d.start().catch(() => undefined);
    }
    await this.refresh();
  }

  /** Re-reads each driver's status. */
  async refresh(): Promise<ScannerView[]> {
    this.#views = await Promise.all(
      this.drivers.map(async (d) => {
        const s = await d.status().catch((e: unknown) => ({ ready: false, detail: e instanceof Error ? e.message : String(e) }));
        return { id: d.id, kind: d.kind, label: d.label, ready: s.ready, detail: s.detail };
      }),
    );
    return this.#views;
  }

  /** The last known statuses. */
  views(): ScannerView[] {
    return this.#views;
  }

  /** The driver with this id; `PROVEFY_ERR_INVALID_INPUT` when there is none. */
  get(id: string): ScannerDriver {
    const d = this.drivers.find((x) => x.id === id);
    if (!d) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `No scanner with id ${String(id).slice(0, 64)}`);
    return d;
  }

  /** The camera driver, if one is configured. */
  camera(): CameraDriver | null {
    return (this.drivers.find((d) => d instanceof CameraDriver) as CameraDriver | undefined) ?? null;
  }

  async clearAll(): Promise<void> {
    await Promise.all(this.drivers.map((d) => d.clear().catch(() => undefined)));
  }

  async close(): Promise<void> {
    await Promise.all(this.drivers.map((d) => d.close().catch(() => undefined)));
  }
}

/**
 * Builds one driver from its configuration.
 *
 * @example
 * ```ts
 * createScanner({ type: 'folder', id: 'mfp', path: '/srv/scans' });
 * ```
 */
export function createScanner(c: ScannerConfig): ScannerDriver {
  switch (c.type) {
    case 'sane':
      return new SaneDriver({
        id: c.id,
        device: c.device,
        ...(c.label ? { label: c.label } : {}),
        ...(c.resolution ? { resolution: c.resolution } : {}),
        ...(c.mode ? { mode: c.mode } : {}),
        ...(c.configDir ? { configDir: c.configDir } : {}),
        ...(c.scanimagePath ? { scanimagePath: c.scanimagePath } : {}),
        ...(c.area ? { area: c.area } : {}),
        ...(c.extraOptions ? { extraOptions: c.extraOptions } : {}),
      });
    case 'folder':
      return new FolderWatchDriver({
        id: c.id,
        path: c.path,
        ...(c.label ? { label: c.label } : {}),
        ...(c.stableMs ? { stableMs: c.stableMs } : {}),
        ...(c.holdMs ? { holdMs: c.holdMs } : {}),
        ...(c.deleteAfterRead !== undefined ? { deleteAfterRead: c.deleteAfterRead } : {}),
      });
    case 'camera':
      return new CameraDriver({ id: c.id, ...(c.label ? { label: c.label } : {}) });
  }
}
