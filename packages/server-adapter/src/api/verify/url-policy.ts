import { isProvefyError } from '@provefy/core';
import { HttpError } from '../../http/http-error.js';
import { type HostLookup, assertCallbackUrlAllowed } from '../../webhooks/ssrf.js';

/** How a registered URL is reached: by the server (webhooks, callbacks) or only by the user's browser (redirect, frame). */
export type TargetKind = 'server' | 'browser';

/**
 * Refuses a URL the server must not be pointed at, with a typed 400 `PROVEFY_ERR_VALIDATION` naming `field`: the one
 * SSRF check ({@link assertCallbackUrlAllowed}: every IP encoding, local names, DNS with all addresses checked) unless
 * `allowPrivate`. A `'server'` target whose name does not resolve is refused (fail closed); a `'browser'` target
 * (redirect or frame origin, never fetched by the server) is refused only when it resolves to a private address.
 *
 * @example
 * ```ts
 * await assertPublicTarget('http://169.254.169.254/latest/meta-data/', 'webhookUrl', { kind: 'server' }); // throws 400
 * await assertPublicTarget('https://yourapp.com/done', 'redirectUrl', { kind: 'browser' }); // ok
 * ```
 */
export async function assertPublicTarget(
  url: string,
  field: string,
  opts: { kind: TargetKind; allowPrivate?: boolean; lookup?: HostLookup },
): Promise<void> {
  try {
    await assertCallbackUrlAllowed(url, {
      ...(opts.allowPrivate ? { allowPrivate: true } : {}),
      ...(opts.lookup ? { lookup: opts.lookup } : {}),
      allowUnresolved: opts.kind === 'browser',
    });
  } catch (e) {
    if (!isProvefyError(e)) throw e;
    throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid field '${field}': ${e.message.replace(/^The callback URL /, 'the URL ')}`, {
      field,
      details: { reason: 'private_target', ...e.details },
    });
  }
}

/** The SSRF-relevant fields of an API key (create body, update body, or the stored key). */
export interface KeyTargets {
  webhookUrl?: string | null;
  allowedRedirectOrigins?: readonly string[];
  allowedFrameOrigins?: readonly string[];
  allowPrivateCallbacks?: boolean;
}

/**
 * Checks an API key's `webhookUrl` (server target) and its redirect and frame origins (browser targets) with
 * {@link assertPublicTarget}, unless the key allows private callbacks.
 *
 * @example
 * ```ts
 * await assertKeyTargets({ webhookUrl: 'http://[fd00::1]/hook' }, lookup); // throws 400, field 'webhookUrl'
 * ```
 */
export async function assertKeyTargets(key: KeyTargets, lookup?: HostLookup): Promise<void> {
  const allowPrivate = key.allowPrivateCallbacks === true;
  const base = { allowPrivate, ...(lookup ? { lookup } : {}) };
  if (typeof key.webhookUrl === 'string') await assertPublicTarget(key.webhookUrl, 'webhookUrl', { ...base, kind: 'server' });
  for (const field of ['allowedRedirectOrigins', 'allowedFrameOrigins'] as const) {
    const list = key[field] ?? [];
    for (let i = 0; i < list.length; i++) await assertPublicTarget(list[i]!, `${field}[${i}]`, { ...base, kind: 'browser' });
  }
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
