import { describe, expect, it } from 'vitest';
import { isAppUrl, isBlockedShortcut, permissionAllowed } from './navigation-policy.js';

const root = 'file:///opt/Provefy%20Kiosk/resources/app.asar/dist/renderer/';

describe('Electron shell security policy', () => {
  it('allows only the app pages', () => {
    expect(isAppUrl('file:///opt/Provefy%20Kiosk/resources/app.asar/dist/renderer/index.html#operator', root)).toBe(true);
    expect(isAppUrl('file:///opt/Provefy%20Kiosk/resources/app.asar/dist/renderer-evil/index.html', root)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', root)).toBe(false);
    expect(isAppUrl('https://evil.example/', root)).toBe(false);
    expect(isAppUrl('javascript:alert(1)', root)).toBe(false);
    expect(isAppUrl('not a url', root)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#operator', root, 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', root, 'http://localhost:5173')).toBe(false);
  });

  it('grants the camera (video only) and full screen to app pages only', () => {
    const app = `${root}index.html`;
    expect(permissionAllowed('media', app, root, { mediaTypes: ['video'] })).toBe(true);
    expect(permissionAllowed('media', app, root, { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(permissionAllowed('media', 'https://evil.example/', root, { mediaTypes: ['video'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb']) expect(permissionAllowed(p, app, root)).toBe(false);
    expect(permissionAllowed('fullscreen', app, root)).toBe(true);
  });

  it('blocks devtools, reload, close and navigation shortcuts, not typing', () => {
    for (const k of [
      { key: 'F12' },
      { key: 'I', control: true, shift: true },
      { key: 'i', meta: true, shift: true },
      { key: 'r', control: true },
      { key: 'F5' },
      { key: 'w', control: true },
      { key: 'F4', alt: true },
      { key: 'ArrowLeft', alt: true },
      { key: 'p', control: true },
      { key: 'u', control: true },
    ])
      expect(isBlockedShortcut(k), JSON.stringify(k)).toBe(true);
    for (const k of [{ key: '5' }, { key: 'a' }, { key: 'Enter' }, { key: 'Backspace' }, { key: 'A', shift: true }]) expect(isBlockedShortcut(k), JSON.stringify(k)).toBe(false);
  });
});
