import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { ProvefyError } from '@provefy/core';

/** Address ranges a webhook may not reach unless private callbacks are explicitly allowed. */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved + broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (ULA)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Expands an IPv6 address to 8 16-bit groups (handles `::` and a trailing dotted IPv4). */
function ipv6Groups(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const tail: number[] = [];
  const dotted = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const o = dotted[1]!.split('.').map(Number);
    tail.push((o[0]! << 8) | o[1]!, (o[2]! << 8) | o[3]!);
    s = s.slice(0, s.length - dotted[1]!.length);
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const parse = (p: string) => (p === '' ? [] : p.split(':').map((h) => Number.parseInt(h, 16)));
  const a = parse(head);
  const b = rest === undefined ? [] : parse(rest);
  const fill = 8 - tail.length - a.length - b.length;
  if (fill < 0 || (rest === undefined && fill !== 0)) return null;
  const groups = [...a, ...new Array(fill).fill(0), ...b, ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function embeddedIpv4(groups: number[]): string | null {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zero5 = groups.slice(0, 5).every((g) => g === 0);
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated)
  if (zero5 && (groups[5] === 0xffff || groups[5] === 0)) return v4(groups[6]!, groups[7]!);
  // ::ffff:0:a.b.c.d (translated)
  if (groups.slice(0, 4).every((g) => g === 0) && groups[4] === 0xffff && groups[5] === 0) return v4(groups[6]!, groups[7]!);
  // 64:ff9b::a.b.c.d (NAT64 well-known prefix)
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return v4(groups[6]!, groups[7]!);
  // 2002:AABB:CCDD::/16 (6to4)
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return null;
}

/**
 * True for addresses a server-side request must not reach by default: private, loopback,
 * link-local, CGNAT, multicast, reserved, IPv6 ULA/link-local, and IPv6 forms embedding such an
 * IPv4 (mapped, NAT64, 6to4). Non-IP strings return true (fail closed).
 *
 * @example
 * isPrivateAddress('169.254.169.254') // true
 * isPrivateAddress('::ffff:127.0.0.1') // true
 * isPrivateAddress('93.184.216.34') // false
 */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  const groups = ipv6Groups(ip);
  if (!groups) return true;
  const v4 = embeddedIpv4(groups);
  if (v4 !== null && blocked.check(v4, 'ipv4')) return true;
  return blocked.check(groups.map((g) => g.toString(16)).join(':'), 'ipv6');
}

function refused(message: string, details: Record<string, unknown>): ProvefyError {
  return new ProvefyError('PROVEFY_ERR_CALLBACK_URL_REFUSED', message, details);
}

/**
 * Parses a callback URL: http(s) only, no credentials. Throws `PROVEFY_ERR_CALLBACK_URL_REFUSED`.
 * (Syntax only; `assertCallbackUrlAllowed` also checks the addresses.)
 *
 * @example
 * parseCallbackUrl('https://hooks.example.com/kyc').hostname // 'hooks.example.com'
 */
export function parseCallbackUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw refused('The callback URL is not a valid absolute URL', {});
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw refused('The callback URL must use http or https', { protocol: u.protocol });
  if (u.username || u.password) throw refused('The callback URL must not contain credentials', {});
  return u;
}

/** A URL's host without IPv6 brackets, lower-cased, without trailing dots (`LOCALHOST.` is `localhost`). */
function hostOf(u: URL): string {
  const h = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return h.toLowerCase().replace(/\.+$/, '');
}

/** Names that are local by definition (RFC 6761 `localhost`, mDNS `.local`, `.internal`): refused without DNS. */
function isLocalName(host: string): boolean {
  return host === '' || host === 'localhost' || /\.(localhost|local|internal|home\.arpa)$/.test(host);
}

/** One resolved address of a host. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/**
 * Resolves a host name to all of its addresses. The default is {@link systemLookup} (`node:dns` lookup, `all: true`);
 * tests and air-gapped setups can inject their own (`createProvefy({ resolveHost })`).
 */
export type HostLookup = (host: string) => Promise<readonly ResolvedAddress[]>;

/**
 * The production resolver: `node:dns` `lookup(host, { all: true, verbatim: true })`, i.e. every address the
 * operating system resolves (hosts file, DNS), IPv4 and IPv6.
 *
 * @example
 * await systemLookup('localhost'); // [{ address: '127.0.0.1', family: 4 }, ...]
 */
export const systemLookup: HostLookup = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, a) => (err ? reject(err) : resolve(a))));

/** The first private address among `addrs` (or the reason an empty answer is refused), else null. */
function privateAmong(addrs: readonly ResolvedAddress[]): string | null {
  if (addrs.length === 0) return '(no address)';
  return addrs.find((a) => isPrivateAddress(a.address))?.address ?? null;
}

/**
 * The refusal reason for a URL whose host is literally private (an IP literal in any encoding the URL parser
 * normalises: `2130706433`, `0x7f.1`, `127.1`, `[::ffff:7f00:1]`, ...; or a local name), else null. Names still
 * need resolving ({@link assertCallbackUrlAllowed}; delivery resolves again at connect time with {@link guardedLookup}).
 *
 * @example
 * literalHostRefusal(new URL('http://0x7f.1/')); // 'The callback URL points to a private, loopback or link-local address'
 * literalHostRefusal(new URL('https://hooks.example.com/')); // null
 */
export function literalHostRefusal(u: URL): string | null {
  const host = hostOf(u);
  if (isIP(host)) return isPrivateAddress(host) ? 'The callback URL points to a private, loopback or link-local address' : null;
  if (isLocalName(host)) return 'The callback URL points to a local host name';
  return null;
}

/** Options of {@link assertCallbackUrlAllowed}. */
export interface CallbackUrlCheckOptions {
  /** Allow private, loopback and link-local targets (the key's `allowPrivateCallbacks`). */
  allowPrivate?: boolean;
  /** The resolver (default {@link systemLookup}: all addresses from `node:dns`). */
  lookup?: HostLookup;
  /**
   * Accept a name that does not resolve (default false: refused, fail closed). For browser-side targets (redirect and
   * frame origins) the server never connects to, only a name that resolves to a private address is refused.
   */
  allowUnresolved?: boolean;
  /** Give up resolving after this long, as if the name did not resolve (default 5000 ms). */
  timeoutMs?: number;
}

/**
 * The one SSRF check of the adapter, used when a key's `webhookUrl`, a session's `callbackUrl` and redirect/frame
 * origins are registered (delivery applies the same {@link literalHostRefusal} and address rule at connect time).
 * Throws `PROVEFY_ERR_CALLBACK_URL_REFUSED` if `url` is not http(s), carries credentials, names a local host, or any
 * resolved address is private/loopback/link-local/reserved (unless `allowPrivate`).
 *
 * @example
 * await assertCallbackUrlAllowed('https://hooks.example.com/kyc');              // ok
 * await assertCallbackUrlAllowed('http://127.0.0.1:8080/hook');                 // throws
 * await assertCallbackUrlAllowed('http://127.0.0.1:8080/hook', { allowPrivate: true }); // ok
 */
export async function assertCallbackUrlAllowed(url: string, opts: CallbackUrlCheckOptions = {}): Promise<URL> {
  const u = parseCallbackUrl(url);
  if (opts.allowPrivate) return u;
  const host = hostOf(u);
  const literal = literalHostRefusal(u);
  if (literal) throw refused(literal, { host });
  if (isIP(host)) return u;
  let addrs: readonly ResolvedAddress[];
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEOUT' })), opts.timeoutMs ?? 5000);
    });
    addrs = await Promise.race([(opts.lookup ?? systemLookup)(host), timeout]);
  } catch (e) {
    if (opts.allowUnresolved) return u;
    throw refused(`The callback URL host could not be resolved (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { host });
  } finally {
    clearTimeout(timer);
  }
  if (addrs.length === 0 && opts.allowUnresolved) return u;
  const bad = privateAmong(addrs);
  if (bad) throw refused('The callback URL resolves to a private, loopback or link-local address', { host, address: bad });
  return u;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup`-compatible function for sockets that refuses private addresses at connect
 * time (defeats DNS rebinding between validation and connection). Pass it as undici's
 * `connect.lookup`.
 *
 * @example
 * new Agent({ connect: { lookup: guardedLookup } })
 */
export function guardedLookup(hostname: string, options: object | LookupCallback, callback?: LookupCallback): void {
  const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
  const opts = (typeof options === 'function' ? {} : options) as { all?: boolean; family?: number };
  dnsLookup(hostname, { ...opts, all: true }, (err, addrs) => {
    if (err) return cb(err, []);
    if (privateAmong(addrs) !== null) {
      const e = new Error(`Refused to connect to ${hostname}: resolves to a private address`) as NodeJS.ErrnoException;
      e.code = 'PROVEFY_PRIVATE_ADDRESS';
      return cb(e, []);
    }
    if (opts.all) return cb(null, addrs);
    return cb(null, addrs[0]!.address, addrs[0]!.family);
  });
}
