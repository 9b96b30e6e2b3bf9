import type { Context } from './context.js';

/**
 * A JSON response with `Content-Type: application/json; charset=utf-8`.
 *
 * @example
 * ```ts
 * return json({ received: true }, 200);
 * ```
 */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set('content-type', 'application/json; charset=utf-8');
  const text = JSON.stringify(body);
  const res = new Response(text, { status, headers: h });
  bodyTexts.set(res, text);
  return res;
}

/** The text of responses built here from a string, so a Node mount can write it without reading the body stream. */
const bodyTexts = new WeakMap<Response, string>();

/**
 * The body of a {@link json} response as text, while nobody has read its stream (else undefined: read the stream).
 *
 * @example
 * ```ts
 * const text = bufferedBodyText(res); // '{"received":true}' or undefined
 * if (text !== undefined) nodeRes.end(text);
 * ```
 */
export function bufferedBodyText(res: Response): string | undefined {
  if (res.bodyUsed || res.body?.locked) return undefined;
  return bodyTexts.get(res);
}

/**
 * A copy of `res` with extra headers set (Responses from `fetch` may have immutable headers).
 *
 * @example
 * ```ts
 * const out = withHeaders(res, { 'x-ratelimit-limit': '100' });
 * ```
 */
export function withHeaders(res: Response, headers: Record<string, string>): Response {
  try {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  } catch {
    const h = new Headers(res.headers);
    for (const [k, v] of Object.entries(headers)) h.set(k, v);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: h });
  }
}

/**
 * Merges the headers middleware collected on the context (security, CORS, rate limits) into the response; HEAD drops
 * the body. A header the handler set itself wins (e.g. an HTML page's own CSP), except rate-limit headers.
 *
 * @example
 * ```ts
 * return finalizeResponse(ctx, await compose(middleware, ctx, () => dispatch(ctx)));
 * ```
 */
export function finalizeResponse(ctx: Context, res: Response): Response {
  let headers: Headers;
  try {
    headers = res.headers;
    ctx.responseHeaders.forEach((v, k) => {
      if (!headers.has(k) || k.startsWith('x-ratelimit') || k === 'retry-after') headers.set(k, v);
    });
  } catch {
    headers = new Headers(res.headers);
    ctx.responseHeaders.forEach((v, k) => {
      if (!headers.has(k)) headers.set(k, v);
    });
    return new Response(ctx.method === 'HEAD' ? null : res.body, { status: res.status, statusText: res.statusText, headers });
  }
  if (ctx.method === 'HEAD' && res.body !== null) return new Response(null, { status: res.status, statusText: res.statusText, headers });
  return res;
}
