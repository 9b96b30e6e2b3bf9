import { join } from 'node:path';
import type { CameraDeviceView, CameraHealthView, HistoryEntryView, KioskPhase, KioskView, ScreenRole, SyncView } from '../../shared/kiosk-view.js';
import { createCoreChecks } from '../checks/core-checks.js';
import type { KioskChecks } from '../checks/kiosk-checks.js';
import { createWorkerChecks } from '../checks/worker-checks.js';
import type { ChildSupervisorOptions } from '../supervisor/child-supervisor.js';
import type { KioskConfig } from '../config/kiosk-config.js';
import { type KioskDb, type KioskKv, kioskKv, openKioskDb } from '../db/open-kiosk-db.js';
import { OperatorAuth } from '../operator/operator-auth.js';
import { ScannerRegistry } from '../scanners/scanner-registry.js';
import type { ScannerDriver } from '../scanners/scanner-driver.js';
import { OfflineQueue, type QueueItemMeta } from '../server-link/offline-queue.js';
import { ProvefyClient } from '../server-link/provefy-client.js';
import { type KeyProtector, loadQueueKeyring } from '../server-link/queue-keyring.js';
import { SyncWorker } from '../server-link/sync-worker.js';
import { CustomerState, type WipeReason } from '../state/customer-state.js';
import { type IdleTimeout, type TimerApi, createIdleTimeout } from '../state/idle-timeout.js';
import { VerificationService } from '../verification/verification-service.js';

/** Everything the kiosk's main process runs, wired together. IPC handlers take this as their context. */
export interface Kiosk {
  readonly config: KioskConfig;
  readonly db: KioskDb;
  readonly kv: KioskKv;
  readonly auth: OperatorAuth;
  readonly state: CustomerState;
  readonly checks: KioskChecks;
  readonly scanners: ScannerRegistry;
  readonly queue: OfflineQueue;
  readonly client: ProvefyClient | null;
  readonly sync: SyncWorker;
  readonly verification: VerificationService;
  readonly idle: IdleTimeout;
  readonly camera: { selectedDeviceId: string | null; devices: CameraDeviceView[]; health: CameraHealthView | null };
  /** The snapshot a screen sees. */
  view(role: ScreenRole): KioskView;
  /** Called (coalesced) whenever a view may have changed. */
  onViewChange(listener: () => void): () => void;
  /** Something visible changed (camera report, sign-in). */
  touchView(): void;
  /** Wipes the customer's data from memory and every screen. */
  wipe(reason: WipeReason): void;
  close(): Promise<void>;
}

export interface CreateKioskOptions {
  /** Use these checks (tests, or a custom runner) instead of the configured runner. */
  checks?: KioskChecks;
  /** Options of the check worker process (e.g. its environment). */
  workerOptions?: Partial<ChildSupervisorOptions>;
  /** Use these scanner drivers instead of building them from the config. */
  scanners?: ScannerDriver[];
  /** Seals the queue key file (Electron's safeStorage). */
  keyProtector?: KeyProtector;
  /** Database file (default `<dataDir>/kiosk.db`; `':memory:'` in tests). */
  dbFile?: string;
  timers?: TimerApi;
  /** Start the background sync timer (default true). */
  startSync?: boolean;
  logger?: Pick<Console, 'info' | 'warn' | 'error'>;
}

function phaseOf(k: Kiosk): KioskPhase {
  const v = k.state.current;
  if (!v) return 'idle';
  if (v.session.status === 'COMPLETED') return 'result';
  return v.customerStarted ? 'capturing' : 'ready';
}

function historyOf(items: QueueItemMeta[]): HistoryEntryView[] {
  return items.map((m) => ({
    id: m.id,
    finishedAt: m.createdAt,
    overallResult: m.localResult?.overallResult ?? null,
    delivery: {
      state: m.status === 'pending' ? 'queued' : m.status,
      remoteSessionId: m.remoteSessionId,
      serverStatus: m.serverResult?.status ?? null,
      serverResult: m.serverResult?.overallResult ?? null,
      error: m.lastError,
    },
  }));
}

/**
 * Builds the kiosk from its configuration: the local database, operator sign-in, the customer state with its idle
 * wipe, the checks (a supervised worker process by default), scanners, the encrypted offline queue and its sync to
 * the server, and the verification service. Plain Node: the Electron shell and the tests both call this.
 *
 * @example
 * ```ts
 * const kiosk = await createKiosk(loadKioskConfig({ dir: app.getPath('userData') }));
 * kiosk.onViewChange(() => win.webContents.send('kiosk:state', kiosk.view('combined')));
 * ```
 */
export async function createKiosk(config: KioskConfig, opts: CreateKioskOptions = {}): Promise<Kiosk> {
  const logger = opts.logger ?? console;
  const db = openKioskDb(opts.dbFile ?? join(config.dataDir, 'kiosk.db'));
  const kv = kioskKv(db);
  const ring = loadQueueKeyring({
    ...(config.encryptionKey ? { key: config.encryptionKey } : {}),
    keyFile: join(config.dataDir, 'queue.key'),
    ...(opts.keyProtector ? { protector: opts.keyProtector } : {}),
  });
  const queue = new OfflineQueue(db, ring);
  const auth = new OperatorAuth({
    kv,
    configPinHash: config.operatorPinHash,
    maxFailures: config.maxPinFailures,
    lockoutMs: config.pinLockoutMs,
    sessionMs: config.operatorSessionMs,
  });
  const state = new CustomerState();
  const checks = opts.checks ?? (config.checkRunner === 'worker' ? createWorkerChecks({ logger, ...(opts.workerOptions ?? {}) }) : createCoreChecks());
  const scanners = new ScannerRegistry(opts.scanners ?? config.scanners);
  await scanners.start();
  const client = config.server ? new ProvefyClient({ baseUrl: config.server.url, apiKey: config.server.apiKey, timeoutMs: config.sync.requestTimeoutMs }) : null;

  const listeners = new Set<() => void>();
  let scheduled = false;
  const notify = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      for (const l of listeners) {
        try {
          l();
        } catch (e) {
          logger.warn('[kiosk] view listener failed', e);
        }
      }
    });
  };

  const sync = new SyncWorker({ queue, client, intervalMs: config.sync.intervalMs, onChange: notify, logger });
  const verification = new VerificationService({ config, state, checks, scanners, queue, client, sync, logger });
  state.onChange(notify);

  const camera: Kiosk['camera'] = { selectedDeviceId: null, devices: [], health: null };
  const wipe = (reason: WipeReason) => {
    state.wipe(reason);
    verification.onWiped();
    notify();
  };
  const idle = createIdleTimeout({
    timeoutMs: config.idleTimeoutMs,
    ...(opts.timers ? { timers: opts.timers } : {}),
    onIdle: () => {
      const hadCustomer = state.current !== null;
      const hadOperator = auth.isSignedIn();
      if (hadCustomer) wipe('idle');
      if (hadOperator) {
        auth.logout();
        notify();
      }
    },
  });

  const kiosk: Kiosk = {
    config,
    db,
    kv,
    auth,
    state,
    checks,
    scanners,
    queue,
    client,
    sync,
    verification,
    idle,
    camera,
    view(role) {
      const operatorSide = role !== 'customer';
      const syncView: SyncView = sync.status();
      return {
        kioskId: config.kioskId,
        role,
        phase: phaseOf(kiosk),
        operator: auth.status(),
        verification: verification.view(operatorSide),
        camera: { selectedDeviceId: camera.selectedDeviceId, devices: camera.devices, health: camera.health },
        scanners: scanners.views(),
        sync: syncView,
        history: operatorSide ? historyOf(queue.list(10)) : [],
        idle: { timeoutMs: config.idleTimeoutMs, lastWipeAt: state.lastWipeAt, lastWipeReason: state.lastWipeReason },
      };
    },
    onViewChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    touchView: notify,
    wipe,
    async close() {
      idle.stop();
      await sync.stop();
      state.wipe('finished');
      await scanners.close();
      await checks.close();
      await client?.close();
      db.close();
    },
  };
  // Scanner statuses (a SANE device unplugged, a share gone) for the operator's status bar.
  const scannerTimer = setInterval(() => {
    void scanners.refresh().then(notify, () => undefined);
  }, 60_000);
  scannerTimer.unref();
  const close = kiosk.close;
  kiosk.close = async () => {
    clearInterval(scannerTimer);
    await close();
  };
  if (opts.startSync !== false) {
    sync.start();
    void sync.syncNow().catch(() => undefined);
  }
  return kiosk;
}
