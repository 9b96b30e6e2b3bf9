import { isIP } from 'node:net';
import { isPrivateAddress } from '../../webhooks/ssrf.js';

/**
 * True when a URL's host is, literally, a private, loopback, link-local or otherwise non-public address, or a local
 * name (`localhost`, `*.localhost`, `*.local`, `*.internal`). Names are not resolved here: the webhook sender checks the
 * resolved address again at delivery.
 *
 * @example
 * ```ts
 * isPrivateUrl('http://127.0.0.1:8080/hook'); // true
 * isPrivateUrl('https://hooks.example.com/kyc'); // false
 * ```
 */
export function isPrivateUrl(value: string): boolean {
  let host: string;
  try {
    host = new URL(value).hostname.toLowerCase();
  } catch {
    return true;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || /\.(localhost|local|internal)\.?$/.test(host)) return true;
  return isIP(host) !== 0 && isPrivateAddress(host);
}

/**
 * True when `url`'s origin is in `allowed`; an empty list allows any http(s) URL.
 *
 * @example
 * ```ts
 * isAllowedOrigin('https://yourapp.com/done', ['https://yourapp.com']); // true
 * isAllowedOrigin('https://evil.example/done', ['https://yourapp.com']); // false
 * ```
 */
export function isAllowedOrigin(url: string, allowed: readonly string[]): boolean {
  let origin: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
    origin = u.origin;
  } catch {
    return false;
  }
  if (allowed.length === 0) return true;
  return allowed.some((a) => {
    try {
      return new URL(a).origin === origin;
    } catch {
      return false;
    }
  });
}
