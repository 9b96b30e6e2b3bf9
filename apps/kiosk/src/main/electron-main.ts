/**
 * The Electron shell of the Provefy kiosk. This file (and the preload) are the only ones that import Electron;
 * everything else is plain Node under src/main and is tested without Electron. The shell:
 * - opens the operator and customer screens (two windows on two displays, else one combined window) in kiosk mode,
 *   context-isolated and sandboxed, with the preload as the only bridge;
 * - in production: no devtools, no menu, no navigation away from the app, no new windows, no shortcuts to leave;
 *   only the camera permission, only for the app's own pages;
 * - restarts after crashes: a renderer that dies or hangs is reloaded (with backoff), the check worker is a
 *   supervised child process, and an uncaught error in this process relaunches the app after wiping the customer's data;
 * - routes IPC to the handlers of src/main/ipc (each request tagged with the screen it came from).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BrowserWindow, type WebContents, app, ipcMain, powerSaveBlocker, safeStorage, screen, session } from 'electron';
import { ELECTRON_CHANNEL_PREFIX, IPC_CHANNELS, STATE_EVENT } from '../shared/ipc-contract.js';
import type { ScreenRole } from '../shared/kiosk-view.js';
import { type Kiosk, createKiosk } from './app/create-kiosk.js';
import { loadKioskConfig } from './config/kiosk-config.js';
import { handleIpc } from './ipc/ipc-handlers.js';
import { isAppUrl, isBlockedShortcut, permissionAllowed } from './security/navigation-policy.js';
import { RestartPolicy } from './supervisor/restart-policy.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const appRoot = pathToFileURL(`${rendererDir}/`).href;
const devServer = app.isPackaged ? null : (process.env.PROVEFY_KIOSK_DEV_SERVER ?? null);

let kiosk: Kiosk | null = null;
const roles = new Map<number, ScreenRole>();
const windows = new Map<ScreenRole, BrowserWindow>();

function createWindow(role: ScreenRole, bounds: Electron.Rectangle, production: boolean): BrowserWindow {
  const win = new BrowserWindow({
    ...bounds,
    show: false,
    kiosk: production,
    fullscreen: production,
    autoHideMenuBar: true,
    backgroundColor: '#0f172a',
    title: role === 'customer' ? 'Provefy verification' : 'Provefy kiosk',
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      devTools: !production,
      spellcheck: false,
      additionalArguments: [`--provefy-kiosk-role=${role}`],
    },
  });
  if (production) win.setMenu(null);
  const wc = win.webContents;
  roles.set(wc.id, role);
  windows.set(role, win);

  // No navigation away, no new windows, no webviews.
  wc.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appRoot, devServer)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appRoot, devServer)) event.preventDefault();
  });
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-attach-webview', (event) => event.preventDefault());
  if (production) {
    wc.on('devtools-opened', () => wc.closeDevTools());
    wc.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input)) event.preventDefault();
    });
  }

  // Restart after a crash or a hang: reload with backoff, recreate if the window is gone.
  const policy = new RestartPolicy({ baseDelayMs: 500, maxDelayMs: 30_000 });
  wc.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const delay = policy.recordCrash(Date.now());
    console.warn(`[kiosk] ${role} renderer gone (${details.reason}, exit ${details.exitCode}); reloading in ${delay} ms`);
    setTimeout(() => {
      if (win.isDestroyed()) openWindows(production);
      else wc.reload();
    }, delay);
  });
  let hangTimer: NodeJS.Timeout | null = null;
  win.on('unresponsive', () => {
    hangTimer = setTimeout(() => {
      if (!win.isDestroyed()) wc.forcefullyCrashRenderer(); // render-process-gone reloads it
    }, 10_000);
  });
  win.on('responsive', () => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = null;
  });
  win.on('closed', () => {
    roles.delete(wc.id);
    windows.delete(role);
  });
  win.once('ready-to-show', () => win.show());

  const hash = role;
  if (devServer) void win.loadURL(`${devServer}/#${hash}`);
  else void win.loadFile(join(rendererDir, 'index.html'), { hash });
  return win;
}

function openWindows(production: boolean): void {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  const second = displays.find((d) => d.id !== primary.id);
  if (second && !windows.has('customer')) {
    if (!windows.has('operator')) createWindow('operator', primary.bounds, production);
    createWindow('customer', second.bounds, production);
  } else if (!second && !windows.has('combined')) {
    createWindow('combined', primary.bounds, production);
  }
}

function push(): void {
  if (!kiosk) return;
  for (const [role, win] of windows) {
    if (!win.isDestroyed()) win.webContents.send(`${ELECTRON_CHANNEL_PREFIX}${STATE_EVENT}`, kiosk.view(role));
  }
}

function callerRole(sender: WebContents, frameUrl: string | undefined): ScreenRole | null {
  const role = roles.get(sender.id);
  if (!role || !frameUrl || !isAppUrl(frameUrl, appRoot, devServer)) return null;
  return role;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const config = loadKioskConfig({ dir: app.getPath('userData'), packaged: app.isPackaged });
  const production = config.production;
  const protector = safeStorage.isEncryptionAvailable()
    ? { encrypt: (b: Buffer) => safeStorage.encryptString(b.toString('utf8')), decrypt: (b: Buffer) => Buffer.from(safeStorage.decryptString(b), 'utf8') }
    : undefined;
  kiosk = await createKiosk(config, {
    ...(protector ? { keyProtector: protector } : {}),
    // The check worker runs this same executable as plain Node.
    workerOptions: { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
  });
  kiosk.onViewChange(push);

  session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) => {
    callback(permissionAllowed(permission, wc.getURL(), appRoot, details as { mediaTypes?: string[] }, devServer));
  });
  session.defaultSession.setPermissionCheckHandler((wc, permission, origin) => permissionAllowed(permission, wc?.getURL() ?? origin, appRoot, {}, devServer));

  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(`${ELECTRON_CHANNEL_PREFIX}${channel}`, (event, payload) => {
      const role = callerRole(event.sender, event.senderFrame?.url);
      if (!role || !kiosk) return { ok: false, error: { code: 'PROVEFY_ERR_OPERATOR_AUTH', message: 'Unknown caller' } };
      return handleIpc(kiosk, channel, payload, { role });
    });
  }

  powerSaveBlocker.start('prevent-display-sleep');
  openWindows(production);
  screen.on('display-added', () => openWindows(production));
  app.on('child-process-gone', (_event, details) => console.warn(`[kiosk] ${details.type} process gone (${details.reason})`));
}

process.on('uncaughtException', (e) => {
  console.error('[kiosk] uncaught error; wiping customer data and relaunching', e);
  try {
    kiosk?.wipe('crash_recovery');
  } finally {
    app.relaunch();
    app.exit(1);
  }
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appRoot, devServer)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  void kiosk?.close().finally(() => app.quit());
});

app.whenReady().then(start, (e) => {
  console.error('[kiosk] failed to start', e);
  app.exit(1);
});
