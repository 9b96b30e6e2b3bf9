/**
 * The CSP of the admin dashboard: everything from this server; logos of keys' branding (any https image) for the
 * preview; never framed. The other page headers come from the adapter's `pageHeaders` (shared with the hosted page).
 *
 * @example
 * ```ts
 * pageHeaders({ csp: adminPageCsp(), https: false, camera: false, framable: false });
 * adminPageCsp(); // "default-src 'none'; script-src 'self'; ... frame-ancestors 'none'"
 * ```
 */
export function adminPageCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob: https:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
