import { HttpError } from './http-error.js';
import { assertValidJsonText } from './valid-text.js';

/** Bodies a mount already read into memory (small ones with a Content-Length), so {@link readBody} need not pump the stream. */
const bufferedBodies = new WeakMap<Request, Uint8Array>();

/**
 * Builds a Request whose body a mount already holds in memory, for a handler that reads bodies with
 * {@link readBody} (`withStream: false`: the Request carries no body stream at all, the cheapest; `true`: its body
 * stream carries the same bytes too, for any other handler). {@link readBody} takes the bytes without a stream.
 *
 * @example
 * ```ts
 * const request = requestWithBufferedBody(url, { method: 'POST', headers }, bytes, false);
 * ```
 */
export function requestWithBufferedBody(url: string, init: RequestInit, bytes: Uint8Array, withStream: boolean): Request {
  const request = new Request(url, withStream ? { ...init, body: bytes as unknown as BodyInit } : init);
  bufferedBodies.set(request, bytes);
  return request;
}

/** Default limit of a JSON request body: 1 MiB. */
export const DEFAULT_JSON_LIMIT = 1024 * 1024;

/**
 * Reads a request body into memory, refusing more than `maxBytes` with 413 before reading it all: a declared
 * `Content-Length` above the limit is refused at once, and the stream is cancelled as soon as it passes the limit.
 *
 * @example
 * ```ts
 * const bytes = await readBody(request, 1024 * 1024); // Uint8Array, or HttpError 413
 * ```
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const buffered = bufferedBodies.get(request);
  if (buffered !== undefined && !request.bodyUsed && !request.body?.locked) {
    if (buffered.byteLength > maxBytes) throw tooLarge(maxBytes);
    return buffered;
  }
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    const n = Number(declared);
    if (!/^\d+$/.test(declared.trim()) || !Number.isSafeInteger(n)) throw new HttpError('PROVEFY_ERR_VALIDATION', 'Invalid Content-Length header', { field: 'content-length' });
    if (n > maxBytes) throw tooLarge(maxBytes);
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        drainReader(reader);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError('PROVEFY_ERR_VALIDATION', 'The request body could not be read', { field: 'body' });
  }
  reader.releaseLock();
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** After a refused body, the rest is read and discarded up to this many bytes, so the client gets the 413. */
export const DRAIN_LIMIT = 16 * 1024 * 1024;

function drainReader(reader: ReadableStreamDefaultReader<Uint8Array>, limit = DRAIN_LIMIT): void {
  void (async () => {
    let seen = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        seen += value.byteLength;
        if (seen > limit) {
          await reader.cancel();
          return;
        }
      }
    } catch {
      // the client went away
    }
  })();
}

/**
 * Reads and discards an unread request body in the background (up to {@link DRAIN_LIMIT}), so a response sent without
 * reading the body (401, 413 on Content-Length, ...) reaches the client instead of a connection reset.
 *
 * @example
 * ```ts
 * if (request.body && !request.bodyUsed) discardBody(request);
 * ```
 */
export function discardBody(request: Request): void {
  if (bufferedBodies.has(request) || request.body === null || request.bodyUsed || request.body.locked) return;
  try {
    drainReader(request.body.getReader());
  } catch {
    // already locked or errored
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError('PROVEFY_ERR_PAYLOAD_TOO_LARGE', `The request body is too large (limit ${maxBytes} bytes)`, { details: { limit: maxBytes } });
}

/** The media type of a request without parameters, lower-cased (`''` when absent). */
export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function isJsonLike(type: string): boolean {
  return type === '' || type === 'application/json' || type.endsWith('+json') || type === 'text/plain';
}

/**
 * Throws 415 unless the request's Content-Type is JSON-like (`application/json`, `*+json`, `text/plain` or absent).
 *
 * @example
 * ```ts
 * assertJsonContentType(request); // before reading the body
 * ```
 */
export function assertJsonContentType(request: Request): void {
  const type = mediaType(request);
  if (!isJsonLike(type)) {
    throw new HttpError('PROVEFY_ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Type must be application/json, got ${type.slice(0, 100)}`);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses an already read JSON body. The request's Content-Type must be JSON-like (`application/json`, `*+json`,
 * `text/plain` or absent), else 415. An empty body parses as `emptyAs` (default `{}`). Malformed JSON
 * -> 400 `PROVEFY_ERR_INVALID_JSON`; invalid UTF-8, or a NUL or lone surrogate in a string or key -> 400
 * `PROVEFY_ERR_INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const value = parseJsonBytes(request, await readBody(request, 1024 * 1024));
 * ```
 */
export function parseJsonBytes(request: Request, bytes: Uint8Array, emptyAs: unknown = {}): unknown {
  assertJsonContentType(request);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new HttpError('PROVEFY_ERR_INVALID_INPUT', 'The request body is not valid UTF-8', { details: { where: 'body' } });
  }
  if (text.trim() === '') return emptyAs;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof SyntaxError ? `: ${e.message.slice(0, 200)}` : '';
    throw new HttpError('PROVEFY_ERR_INVALID_JSON', `The request body is not valid JSON${detail}`);
  }
  assertValidJsonText(value);
  return value;
}

/**
 * Reads and parses a JSON body (limit `maxBytes`, default 1 MiB); see {@link parseJsonBytes}.
 *
 * @example
 * ```ts
 * const body = await readJson(request); // unknown, validate it with a schema next
 * ```
 */
export async function readJson(request: Request, maxBytes = DEFAULT_JSON_LIMIT, emptyAs: unknown = {}): Promise<unknown> {
  assertJsonContentType(request);
  return parseJsonBytes(request, await readBody(request, maxBytes), emptyAs);
}
