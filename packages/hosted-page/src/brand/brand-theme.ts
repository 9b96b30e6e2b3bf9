import type { CSSProperties } from 'react';

/** A key's branding as the API returns it. */
export interface BrandingInput {
  name: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  logoUrl: string | null;
}

export const DEFAULT_PRIMARY = '#2451d6';
export const DEFAULT_ACCENT = '#0f9d73';

/**
 * `#rgb`, `#rrggbb` or `#rrggbbaa` as [r, g, b], or null.
 *
 * @example
 * ```ts
 * parseHex('#0b5'); // [0, 187, 85]
 * ```
 */
export function parseHex(color: string | null | undefined): [number, number, number] | null {
  if (!color) return null;
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color.trim());
  if (!m) return null;
  let hex = m[1]!;
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  return [Number.parseInt(hex.slice(0, 2), 16), Number.parseInt(hex.slice(2, 4), 16), Number.parseInt(hex.slice(4, 6), 16)];
}

/**
 * WCAG relative luminance of an sRGB colour.
 *
 * @example
 * ```ts
 * luminance([255, 255, 255]); // 1
 * ```
 */
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * The text colour readable on a background: white or near-black, whichever has the higher WCAG contrast.
 *
 * @example
 * ```ts
 * contrastText('#2451d6'); // '#ffffff'
 * contrastText('#f5d142'); // '#111827'
 * ```
 */
export function contrastText(background: string): string {
  const rgb = parseHex(background);
  if (!rgb) return '#ffffff';
  const l = luminance(rgb);
  const white = 1.05 / (l + 0.05);
  const dark = (l + 0.05) / (luminance([17, 24, 39]) + 0.05);
  return white >= dark ? '#ffffff' : '#111827';
}

/**
 * CSS custom properties for a key's branding (`--brand`, `--brand-text`, `--accent`, `--accent-text`), with the
 * defaults for missing or malformed colours. Set through React's style prop (CSSOM), which a strict CSP allows.
 *
 * @example
 * ```ts
 * <div style={brandStyle({ name: 'Acme', primaryColor: '#e11d48', accentColor: null, logoUrl: null })} />
 * ```
 */
export function brandStyle(branding: BrandingInput | null | undefined): CSSProperties {
  const primary = parseHex(branding?.primaryColor) ? branding!.primaryColor! : DEFAULT_PRIMARY;
  const accent = parseHex(branding?.accentColor) ? branding!.accentColor! : DEFAULT_ACCENT;
  return {
    '--brand': primary,
    '--brand-text': contrastText(primary),
    '--accent': accent,
    '--accent-text': contrastText(accent),
  } as CSSProperties;
}

/**
 * A logo URL safe to put in `<img src>`: https (or http on localhost) only.
 *
 * @example
 * ```ts
 * safeLogoUrl('javascript:alert(1)'); // null
 * ```
 */
export function safeLogoUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1'))) return u.href;
  } catch {
    /* not a URL */
  }
  return null;
}
