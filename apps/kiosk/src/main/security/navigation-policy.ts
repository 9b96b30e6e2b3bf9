/**
 * The Electron shell's security decisions as pure functions (the shell only wires them to Electron events), so they
 * are tested without Electron: which URLs a window may show, which permissions a page gets, which keyboard
 * shortcuts are swallowed in production.
 */

/**
 * True when `url` is a page of the kiosk itself: under the renderer folder (`file://…/dist/renderer/`) or, in
 * development, under the dev server origin.
 *
 * @example
 * ```ts
 * isAppUrl('file:///opt/kiosk/dist/renderer/index.html#operator', 'file:///opt/kiosk/dist/renderer/'); // true
 * isAppUrl('https://example.com/', 'file:///opt/kiosk/dist/renderer/'); // false
 * ```
 */
export function isAppUrl(url: string, appRoot: string, devServer?: string | null): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (devServer) {
    try {
      if (u.origin === new URL(devServer).origin) return true;
    } catch {
      /* ignore a bad dev server URL */
    }
  }
  if (u.protocol !== 'file:') return false;
  const root = new URL(appRoot);
  return decodeURIComponent(u.pathname).startsWith(decodeURIComponent(root.pathname.endsWith('/') ? root.pathname : `${root.pathname}/`));
}

/**
 * Whether a page may get a permission: only the camera (`media`, video) and full screen, and only for the kiosk's
 * own pages.
 *
 * @example
 * ```ts
 * permissionAllowed('media', appUrl, appRoot, { mediaTypes: ['video'] }); // true
 * permissionAllowed('geolocation', appUrl, appRoot); // false
 * ```
 */
export function permissionAllowed(permission: string, requestingUrl: string, appRoot: string, details: { mediaTypes?: string[] } = {}, devServer?: string | null): boolean {
  if (!isAppUrl(requestingUrl, appRoot, devServer)) return false;
  if (permission === 'fullscreen') return true;
  if (permission === 'media') return (details.mediaTypes ?? ['video']).every((t) => t === 'video');
  return false;
}

/** A key press as Electron's `before-input-event` reports it. */
export interface KeyInput {
  type?: string;
  key: string;
  control?: boolean;
  shift?: boolean;
  alt?: boolean;
  meta?: boolean;
}

/**
 * True for shortcuts a customer must not use in production: devtools (F12, Ctrl/Cmd+Shift+I/J/C), reload (F5,
 * Ctrl+R), closing or leaving (Ctrl+W, Ctrl+Q, Alt+F4, Alt+Left/Right), new windows, printing, zoom and view-source.
 *
 * @example
 * ```ts
 * isBlockedShortcut({ key: 'I', control: true, shift: true }); // true
 * isBlockedShortcut({ key: '5' }); // false
 * ```
 */
export function isBlockedShortcut(input: KeyInput): boolean {
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control === true || input.meta === true;
  if (key === 'F12' || key === 'F5' || key === 'F11') return true;
  if (input.alt && (key === 'F4' || key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home')) return true;
  if (mod && input.shift && ['i', 'j', 'c', 'r', 'n', 'delete'].includes(key)) return true;
  if (mod && ['r', 'w', 'q', 'n', 't', 'p', 'u', 'o', 's', '+', '-', '=', '0', 'l'].includes(key)) return true;
  return false;
}
