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
  return new TextBodyResponse(JSON.stringify(body), { status, headers: h });
}

/** Statuses whose responses carry no body (the Response constructor refuses one). */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * A Response whose body is a string kept as is: the body stream (which costs more than the rest of a small JSON
 * answer) is made only when something reads the body (`body`, `text()`, `json()`, …, `clone()`); a Node mount writes
 * the string directly ({@link bufferedBodyText}). To everything else it is an ordinary Response.
 */
class TextBodyResponse extends Response {
  readonly #text: string;
  /** The same response with a real body, made on first use of the body. */
  #full: Response | undefined;

  constructor(text: string, init: ResponseInit) {
    super(NULL_BODY_STATUS.has(init.status ?? 200) ? text : null, init); // a null-body status with text throws, as before
    this.#text = text;
  }

  #withBody(): Response {
    this.#full ??= new Response(this.#text, { status: this.status, statusText: this.statusText, headers: this.headers });
    return this.#full;
  }

  /** The text while nobody has read or locked the body stream. */
  unreadText(): string | undefined {
    if (this.#full && (this.#full.bodyUsed || this.#full.body?.locked)) return undefined;
    return this.#text;
  }

  override get body(): Response['body'] {
    return this.#withBody().body;
  }

  override get bodyUsed(): boolean {
    return this.#full?.bodyUsed ?? false;
  }

  override text(): Promise<string> {
    return this.#withBody().text();
  }

  override json(): Promise<unknown> {
    return this.#withBody().json();
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#withBody().arrayBuffer();
  }

  override blob(): Promise<Blob> {
    return this.#withBody().blob();
  }

  override formData(): Promise<FormData> {
    return this.#withBody().formData();
  }

  /** `Response#bytes()` (in the runtimes that have it). */
  override bytes(): ReturnType<Response['bytes']> {
    return this.#withBody().bytes();
  }

  override clone(): Response {
    if (this.bodyUsed) return super.clone.call(this.#full) as Response; // throws the standard TypeError
    return new TextBodyResponse(this.#text, { status: this.status, statusText: this.statusText, headers: new Headers(this.headers) });
  }
}

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
  return res instanceof TextBodyResponse ? res.unreadText() : undefined;
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
