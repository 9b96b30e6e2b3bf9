import type { AppRequest, Handler } from './app-request.js';

interface Entry {
  method: string;
  parts: string[];
  handler: Handler;
}

/** What {@link Router.match} found. */
export type RouteMatch = { kind: 'found'; handler: Handler; params: Record<string, string> } | { kind: 'method-not-allowed'; allowed: string[] } | { kind: 'none' };

/**
 * A small path router: `:name` segments capture one URL-decoded segment, everything else matches literally.
 *
 * @example
 * ```ts
 * const router = new Router().get('/admin/api/sessions/:id', (req) => json({ id: req.params.id }));
 * router.match('GET', '/admin/api/sessions/abc'); // { kind: 'found', params: { id: 'abc' }, ... }
 * ```
 */
export class Router {
  readonly #routes: Entry[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.#routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.add('POST', pattern, handler);
  }

  patch(pattern: string, handler: Handler): this {
    return this.add('PATCH', pattern, handler);
  }

  match(method: string, pathname: string): RouteMatch {
    const segments = pathname.split('/').filter(Boolean);
    const allowed = new Set<string>();
    for (const route of this.#routes) {
      const params = matchParts(route.parts, segments);
      if (!params) continue;
      const m = method.toUpperCase();
      if (route.method === m || (m === 'HEAD' && route.method === 'GET')) return { kind: 'found', handler: route.handler, params };
      allowed.add(route.method);
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'none' };
  }

  /** Runs the matching handler, or returns null when no route has this path. */
  async dispatch(req: AppRequest): Promise<Response | null> {
    const m = this.match(req.method, req.url.pathname);
    if (m.kind === 'none') return null;
    if (m.kind === 'method-not-allowed') {
      return new Response(JSON.stringify({ error: 'Method not allowed' }), {
        status: 405,
        headers: { allow: m.allowed.join(', '), 'content-type': 'application/json; charset=utf-8' },
      });
    }
    req.params = m.params;
    return m.handler(req);
  }
}

function matchParts(parts: string[], segments: string[]): Record<string, string> | null {
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = segments[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(s);
      } catch {
        return null;
      }
    } else if (p !== s) {
      return null;
    }
  }
  return params;
}
