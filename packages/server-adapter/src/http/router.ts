import { DEFAULT_JSON_LIMIT, assertJsonContentType, parseJsonBytes } from './body.js';
import { validate } from './schema/schema.js';
import { type Context, compose } from './context.js';
import { HttpError } from './http-error.js';
import type { Route } from './route.js';

interface CompiledRoute {
  route: Route;
  segments: string[];
}

/** The result of matching a request path. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

const MAX_PATH_LENGTH = 4096;

/**
 * Matches request paths against routes with `:param` segments. Segments are compared raw (still percent-encoded), so
 * `%2F` inside a parameter never becomes a path separator; parameters are decoded afterwards (undecodable -> 404).
 *
 * @example
 * ```ts
 * const router = new Router([getSession]);
 * router.match('GET', '/api/v1/verify/abc'); // { kind: 'found', params: { sessionId: 'abc' }, ... }
 * ```
 */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));
  }

  match(method: string, pathname: string): RouteMatch {
    if (pathname.length > MAX_PATH_LENGTH) return { kind: 'not-found' };
    const parts = pathname.split('/').filter((p, i, all) => p !== '' || (i > 0 && i < all.length - 1));
    const allowed = new Set<string>();
    const effective = method === 'HEAD' ? 'GET' : method;
    for (const { route, segments } of this.compiled) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method === effective) return { kind: 'found', route, params };
      allowed.add(route.method);
    }
    if (allowed.size > 0) return { kind: 'method-not-allowed', allowed: [...allowed] };
    return { kind: 'not-found' };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const part = parts[i]!;
    if (p.startsWith(':')) {
      if (part === '') return null;
      params[p.slice(1)] = part;
    } else if (p !== part) {
      return null;
    }
  }
  return params;
}

function decodeParam(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/**
 * Runs a matched route: decodes and validates path parameters, runs the route middleware, then parses the query and
 * JSON body with the route's schemas and calls the handler.
 *
 * @example
 * ```ts
 * const res = await runRoute(ctx, match.route, match.params);
 * ```
 */
export async function runRoute(ctx: Context, route: Route, rawParams: Record<string, string>): Promise<Response> {
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(rawParams)) {
    const decoded = decodeParam(raw);
    const schema = route.params?.[name];
    const code = route.paramError ?? 'PROVEFY_ERR_NOT_FOUND';
    if (decoded === null) throw new HttpError(code);
    if (schema) {
      try {
        params[name] = validate(schema, decoded, { field: name }) as string;
      } catch (e) {
        if (code === 'PROVEFY_ERR_VALIDATION' && e instanceof HttpError) throw e;
        throw new HttpError(code);
      }
    } else {
      params[name] = decoded;
    }
  }
  ctx.params = params;
  return compose(route.middleware ?? [], ctx, async () => {
    const query = route.query ? validate(route.query, queryObject(ctx.url), { coerce: true }) : undefined;
    let body: unknown;
    if (route.body) {
      assertJsonContentType(ctx.request);
      body = validate(route.body, parseJsonBytes(ctx.request, await ctx.bodyBytes(route.bodyLimit ?? DEFAULT_JSON_LIMIT)));
    }
    return route.handler(ctx, { body, query, params });
  });
}

/**
 * The query string as an object; a repeated key keeps its first value. Keys and values are length-bounded.
 *
 * @example
 * ```ts
 * queryObject(new URL('http://x/?page=2&status=COMPLETED')); // { page: '2', status: 'COMPLETED' }
 * ```
 */
export function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (!Object.hasOwn(out, k)) out[k] = v;
  }
  return out;
}
