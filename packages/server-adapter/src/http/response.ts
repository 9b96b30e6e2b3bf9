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
  return new Response(JSON.stringify(body), { status, headers: h });
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
