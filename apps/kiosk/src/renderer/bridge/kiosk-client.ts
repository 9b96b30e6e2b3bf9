import { useEffect, useState } from 'react';
import type { IpcChannel, IpcRequest, IpcResponse, KioskBridge } from '../../shared/ipc-contract.js';
import type { KioskView, ScreenRole } from '../../shared/kiosk-view.js';

declare global {
  interface Window {
    provefyKiosk?: KioskBridge;
  }
}

/**
 * An error answered by the main process (its ProvefyError code, message and details).
 *
 * @example
 * ```ts
 * try { await call('operator:login', { pin }) } catch (e) { if ((e as KioskCallError).code === 'PROVEFY_ERR_OPERATOR_LOCKED') showLocked() }
 * ```
 */
export class KioskCallError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/**
 * The preload's bridge (throws when the page runs outside the kiosk shell).
 *
 * @example
 * ```ts
 * bridge().role; // 'customer'
 * ```
 */
export function bridge(): KioskBridge {
  const b = window.provefyKiosk;
  if (!b) throw new Error('The Provefy kiosk bridge is missing: open this page in the kiosk app');
  return b;
}

/**
 * Calls a main-process handler and unwraps its answer (throws {@link KioskCallError}).
 *
 * @example
 * ```ts
 * const view = await call('operator:login', { pin: '482913' });
 * ```
 */
export async function call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
  const answer = await bridge().invoke(channel, request);
  if (!answer.ok) throw new KioskCallError(answer.error.code, answer.error.message, answer.error.details ?? {});
  return answer.value;
}

/**
 * The screen role: `?role=` / `#role` in the URL wins (one window per role), else the bridge's.
 *
 * @example
 * ```ts
 * screenRole(); // 'operator'
 * ```
 */
export function screenRole(): ScreenRole {
  const fromHash = window.location.hash.replace('#', '');
  if (fromHash === 'operator' || fromHash === 'customer' || fromHash === 'combined') return fromHash;
  return bridge().role;
}

/**
 * The latest kiosk view: fetched once, then kept current by the main process's pushes.
 *
 * @example
 * ```ts
 * const view = useKioskView();
 * if (!view) return <Loading />;
 * ```
 */
export function useKioskView(): KioskView | null {
  const [view, setView] = useState<KioskView | null>(null);
  useEffect(() => {
    let alive = true;
    const off = bridge().onState((v) => {
      if (alive) setView(v);
    });
    call('kiosk:view', {}).then(
      (v) => {
        if (alive) setView((cur) => cur ?? v);
      },
      () => undefined,
    );
    return () => {
      alive = false;
      off();
    };
  }, []);
  return view;
}

let lastActivity = 0;

/**
 * Reports activity to the main process (restarts the idle timeout), at most every 5 seconds.
 *
 * @example
 * ```ts
 * window.addEventListener('pointerdown', reportActivity);
 * ```
 */
export function reportActivity(): void {
  const now = Date.now();
  if (now - lastActivity < 5000) return;
  lastActivity = now;
  void call('kiosk:activity', {}).catch(() => undefined);
}
