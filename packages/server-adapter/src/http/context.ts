import { readBody } from './body.js';

/**
 * Values that middleware attach to a request. Middleware extend it by declaration merging, hono-style:
 * `declare module '../../http/context.js' { interface ContextVars { apiKey?: ApiKeyRecord } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging
export interface ContextVars {}

/** Facts about the connection that a mount passes next to the Request. */
export interface ConnectionInfo {
  /** The peer address of the TCP connection (mounts fill it in). */
  clientIp?: string;
  /** The request came over TLS or through a trusted proxy that says so (default: the URL's scheme is https). */
  https?: boolean;
}

/**
 * The per-request context handed to middleware and handlers.
 *
 * @example
 * ```ts
 * const mw: Middleware = async (ctx, next) => { const res = await next(); res.headers.set('x-request-id', ctx.requestId); return res; };
 * ```
 */
export class Context {
  readonly url: URL;
  readonly method: string;
  readonly requestId: string;
  readonly clientIp: string;
  /** True over TLS (or as the mount says, e.g. behind a proxy sending `X-Forwarded-Proto: https`). */
  readonly https: boolean;
  params: Record<string, string> = {};
  readonly vars: ContextVars = {};
  /** Extra headers merged into the final response (also into error responses). */
  readonly responseHeaders = new Headers();
  private body?: Promise<Uint8Array>;

  constructor(
    readonly request: Request,
    info: ConnectionInfo = {},
  ) {
    this.url = new URL(request.url);
    this.method = request.method.toUpperCase();
    this.requestId = crypto.randomUUID();
    this.clientIp = info.clientIp ?? 'unknown';
    this.https = info.https ?? this.url.protocol === 'https:';
  }

  /**
   * The raw request body, read once (413 past `maxBytes`). Later calls return the same bytes (the first limit wins).
   *
   * @example
   * ```ts
   * const bytes = await ctx.bodyBytes(1024 * 1024);
   * ```
   */
  bodyBytes(maxBytes: number): Promise<Uint8Array> {
    this.body ??= readBody(this.request, maxBytes);
    return this.body;
  }
}

/** The next step in a middleware chain. */
export type Next = () => Promise<Response>;
/** A hono-style middleware: may act before and after `next()`, or answer itself. */
export type Middleware = (ctx: Context, next: Next) => Promise<Response>;

/**
 * Runs middleware in order, then `last`.
 *
 * @example
 * ```ts
 * const res = await compose([securityHeaders()], ctx, async () => json({ ok: true }));
 * ```
 */
export function compose(middleware: readonly Middleware[], ctx: Context, last: Next): Promise<Response> {
  const dispatch = (i: number): Promise<Response> => {
    const mw = middleware[i];
    if (!mw) return last();
    return mw(ctx, () => dispatch(i + 1));
  };
  return dispatch(0);
}
