/**
 * The preload: the only bridge between the renderer (context-isolated, sandboxed, no Node) and the main process.
 * It exposes `window.provefyKiosk` with two functions, `invoke` for the channels of the IPC contract (anything
 * else is refused here and again in the main process) and `onState` for view snapshots.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ELECTRON_CHANNEL_PREFIX, type IpcChannel, type IpcEnvelope, type KioskBridge, STATE_EVENT, isIpcChannel } from '../shared/ipc-contract.js';
import type { KioskView } from '../shared/kiosk-view.js';

const roleArg = process.argv.find((a) => a.startsWith('--provefy-kiosk-role='))?.split('=')[1];
const role = roleArg === 'operator' || roleArg === 'customer' ? roleArg : 'combined';

const bridge: KioskBridge = {
  role,
  invoke(channel: IpcChannel, request: unknown) {
    if (!isIpcChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'PROVEFY_ERR_INVALID_INPUT', message: 'Unknown channel' } } as IpcEnvelope<never>);
    }
    return ipcRenderer.invoke(`${ELECTRON_CHANNEL_PREFIX}${channel}`, request ?? {});
  },
  onState(listener: (view: KioskView) => void) {
    const wrapped = (_event: unknown, view: KioskView) => listener(view);
    ipcRenderer.on(`${ELECTRON_CHANNEL_PREFIX}${STATE_EVENT}`, wrapped);
    return () => {
      ipcRenderer.removeListener(`${ELECTRON_CHANNEL_PREFIX}${STATE_EVENT}`, wrapped);
    };
  },
} as KioskBridge;

contextBridge.exposeInMainWorld('provefyKiosk', bridge);
