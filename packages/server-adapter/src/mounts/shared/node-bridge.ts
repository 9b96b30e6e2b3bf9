import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { ConnectionInfo } from '../../http/context.js';
import { requestWithBufferedBody } from '../../http/body.js';
import { bufferedBodyText } from '../../http/response.js';

/**
 * The fetch-style handler every mount adapts (what `createProvefy` returns as `fetch`). `prefixes` lists the path
 * prefixes it answers (`createProvefy` sets it); a plain function is taken to answer `/api/v1` only.
 */
export type FetchHandler = ((request: Request, info?: ConnectionInfo) => Promise<Response>) & {
  readonly prefixes?: readonly string[];
  /**
   * True when the handler reads request bodies only through the adapter's `readBody` (`createProvefy`'s handler):
   * a mount may then hand it a small body already in memory without a body stream.
   */
  readonly readsBufferedBodies?: boolean;
  /** False when the handler never looks at `request.signal` (`createProvefy`'s handler): a mount may then skip it. */
  readonly usesRequestSignal?: boolean;
};

/**
 * The path prefixes a handler answers, without trailing slashes.
 *
 * @example
 * ```ts
 * handlerPrefixes(provefy.fetch); // ['/api/v1', '/verify']
 * handlerPrefixes(async () => new Response()); // ['/api/v1']
 * ```
 */
export function handlerPrefixes(fetch: FetchHandler): string[] {
  return (fetch.prefixes ?? ['/api/v1']).map((p) => p.replace(/\/+$/, ''));
}

const SAFE_HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

/**
 * The absolute URL of a Node request. The path is taken as sent (never resolved against a protocol-relative
 * `//host` form); an unusable `Host` header falls back to `localhost`.
 *
 * @example
 * ```ts
 * nodeRequestUrl(req); // 'http://127.0.0.1:3000/api/v1/verify'
 * ```
 */
export function nodeRequestUrl(req: IncomingMessage, path = req.url ?? '/', https = false): string {
  const hostHeader = req.headers.host ?? '';
  const host = SAFE_HOST.test(hostHeader) ? hostHeader : 'localhost';
  let p = path;
  if (/^https?:\/\//i.test(p)) {
    try {
      const u = new URL(p);
      p = u.pathname + u.search;
    } catch {
      p = '/';
    }
  } else if (!p.startsWith('/')) {
    p = '/';
  }
  const proto = https || (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return `${proto}://${host}${p}`;
}

/**
 * Builds a WHATWG Request from a Node request. The body is streamed (not buffered), so size limits are enforced
 * by the handler while reading. When a framework already consumed the stream (`parsedBody` given), that value is
 * re-serialised as JSON instead.
 *
 * @example
 * ```ts
 * const request = toFetchRequest(req); // then: await provefy.fetch(request, { clientIp: req.socket.remoteAddress })
 * ```
 */
export function toFetchRequest(
  req: IncomingMessage,
  opts: { url?: string; body?: Readable | null; parsedBody?: unknown; bodyBytes?: Uint8Array; bodyStream?: boolean; signal?: AbortSignal } = {},
): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    try {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else headers.set(name, value);
    } catch {
      // header values Node accepted but WHATWG Headers rejects are dropped
    }
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (opts.signal) init.signal = opts.signal;
  if (method !== 'GET' && method !== 'HEAD') {
    if (opts.bodyBytes !== undefined) return requestWithBufferedBody(opts.url ?? nodeRequestUrl(req), init, opts.bodyBytes, opts.bodyStream ?? true);
    if (opts.parsedBody !== undefined) {
      const text = typeof opts.parsedBody === 'string' || Buffer.isBuffer(opts.parsedBody) ? opts.parsedBody : JSON.stringify(opts.parsedBody);
      init.body = typeof text === 'string' ? text : new Uint8Array(text);
      headers.delete('content-length');
      headers.delete('transfer-encoding');
    } else {
      const source = opts.body === undefined ? req : opts.body;
      if (source !== null) {
        init.body = nodeBodyStream(source);
        init.duplex = 'half';
      }
    }
  }
  return new Request(opts.url ?? nodeRequestUrl(req), init);
}

/** Bodies up to this many bytes with a Content-Length are read into memory by {@link readSmallBody} before the handler runs. */
export const SMALL_BODY_BYTES = 64 * 1024;

/**
 * The whole body of a request that declares a Content-Length of at most {@link SMALL_BODY_BYTES} (Node ends the
 * body at that length), read into memory; null for any other request (no body, chunked, larger: those stay
 * streamed, so size limits apply while reading). Small JSON bodies then skip the WHATWG stream machinery.
 *
 * @example
 * ```ts
 * const bodyBytes = await readSmallBody(req);
 * const request = toFetchRequest(req, bodyBytes ? { bodyBytes } : {});
 * ```
 */
export function readSmallBody(req: IncomingMessage): Promise<Uint8Array | null> | null {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || req.headers['transfer-encoding'] !== undefined) return null;
  const declared = req.headers['content-length'];
  if (declared === undefined || !/^\d{1,6}$/.test(declared) || Number(declared) > SMALL_BODY_BYTES || req.readableEnded) return null;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = (v: Uint8Array | null) => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      resolve(v);
    };
    const onData = (c: Buffer) => chunks.push(c);
    const onEnd = () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    // The client went away mid-body: an empty body (the answer goes nowhere; nothing waits forever).
    const onGone = () => done(new Uint8Array(0));
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}

/** After a refused or unread body, the rest of it is read and discarded up to this many bytes (keep-alive survives). */
const DRAIN_LIMIT = 16 * 1024 * 1024;
/** How long a refused body is still read (and discarded) after the answer, before the connection is dropped. */
const LINGER_MS = 10_000;

/**
 * Reads and discards what is left of a request body so the client reads the answer instead of a reset. Past `limit`
 * bytes it stops reading (TCP backpressure holds the client) until the response has been written; then it sends FIN
 * after the answer and keeps discarding until the client stops sending, for at most 10 s (a "lingering close", as
 * nginx does). Closing a socket with unread bytes would send a TCP reset, and a client still uploading (a chunked
 * 50 MB body) could lose the 413 that was already on its way.
 *
 * @example
 * ```ts
 * await writeFetchResponse(res, response);
 * discardRest(req); // after the answer: drain, or half-close and linger
 * ```
 */
export function discardRest(source: Readable, limit = DRAIN_LIMIT): void {
  if (source.readableEnded || source.destroyed) return;
  const socket = (source as Partial<IncomingMessage>).socket;
  const response = socket ? (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage : undefined;
  let seen = 0;
  let closing = false;
  const close = () => {
    if (closing || !socket) return;
    closing = true;
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
    source.resume();
  };
  source.removeAllListeners('data');
  source.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen <= limit || closing) return;
    if (!socket) return void source.destroy();
    if (response && !response.writableFinished) {
      // the answer is not written yet: hold the client with backpressure until it is
      source.pause();
      response.once('finish', close);
    } else close();
  });
  source.on('error', () => {});
  source.resume();
}

/**
 * A WHATWG stream over a Node request body with backpressure. It starts reading only when the handler pulls, and
 * cancelling it (a handler refusing a body as too large) discards the rest instead of resetting the connection.
 *
 * @example
 * ```ts
 * new Request(url, { method: 'POST', body: nodeBodyStream(req), duplex: 'half' });
 * ```
 */
export function nodeBodyStream(source: Readable): ReadableStream<Uint8Array> {
  let attached = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!attached) {
          attached = true;
          source.on('data', (chunk: Buffer) => {
            if (done) return;
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            if ((controller.desiredSize ?? 0) <= 0) source.pause();
          });
          source.once('end', () => {
            if (done) return;
            done = true;
            controller.close();
          });
          source.once('error', (e) => {
            if (done) return;
            done = true;
            controller.error(e);
          });
        }
        source.resume();
      },
      cancel() {
        done = true;
        discardRest(source);
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/**
 * Writes a WHATWG Response to a Node response (status, headers, streamed body).
 *
 * @example
 * ```ts
 * await writeFetchResponse(res, await provefy.fetch(toFetchRequest(req)));
 * ```
 */
export async function writeFetchResponse(res: ServerResponse, response: Response, method = 'GET'): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // A body not read to its end (a 413, a 401 before the upload): Node would close the socket right after the answer
  // (the client's `Connection: close`), with unread bytes, i.e. a TCP reset that can destroy the answer on its way.
  // Keep the socket; discardRest() drains it or closes it gracefully (FIN, then linger).
  if (res.req && !res.req.complete) res.shouldKeepAlive = true;
  const text = bufferedBodyText(response);
  if (text !== undefined) {
    // A JSON answer built from a string: written as is, without pumping its body stream (the hot path of the API).
    if (method !== 'HEAD') headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.end(method === 'HEAD' ? undefined : text);
    return;
  }
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (response.body === null || method === 'HEAD') {
    res.end();
    await response.body?.cancel().catch(() => {});
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      if (res.destroyed) break;
    }
  } finally {
    reader.releaseLock();
    res.end();
  }
}

/**
 * An AbortSignal that fires when the client goes away before the response is complete.
 *
 * @example
 * ```ts
 * const signal = clientAbortSignal(req, res);
 * ```
 */
export function clientAbortSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** A last-resort JSON 500 when even the handler failed (never leaks internals). */
export function writeInternalError(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: 'Internal server error', code: 'PROVEFY_ERR_INTERNAL_SERVER' }));
}
