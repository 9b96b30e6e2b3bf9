import { HttpError, assertValidJsonText } from '@provefy/server-adapter';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A request as the reference server's routes see it. */
export interface AppRequest {
  readonly request: Request;
  readonly url: URL;
  readonly method: string;
  /** Path parameters of the matched route. */
  params: Record<string, string>;
  /** Client IP (X-Forwarded-For's first address only with `trustProxy`). */
  readonly ip: string;
  /** True over TLS or behind a proxy that says `X-Forwarded-Proto: https`. */
  readonly https: boolean;
  /** The server's own origin as the browser sees it (`https://verify.example.com`). */
  readonly origin: string;
  readonly requestId: string;
}

/** A route handler. */
export type Handler = (req: AppRequest) => Promise<Response> | Response;

/** An HTTP error a handler throws; turned into `{ "error": message }` with `status`. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * A JSON response (`cache-control: no-store`).
 *
 * @example
 * ```ts
 * return json({ ok: true }, 201);
 * ```
 */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/**
 * The contract's error shape `{ "error": "..." }`.
 *
 * @example
 * ```ts
 * return errorJson(404, 'Session not found');
 * ```
 */
export function errorJson(status: number, message: string, headers: Record<string, string> = {}): Response {
  return json({ error: message }, status, headers);
}

/**
 * Reads a JSON object body (at most `maxBytes`), or throws 400/413/415; invalid UTF-8, a NUL or a lone surrogate in
 * it -> 400 `PROVEFY_ERR_INVALID_INPUT` (the adapter's input layer).
 *
 * @example
 * ```ts
 * const body = await readJson(req, 64 * 1024);
 * ```
 */
export async function readJson(req: AppRequest, maxBytes = 64 * 1024): Promise<Record<string, unknown>> {
  const type = req.request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpFailure(415, 'Send JSON (Content-Type: application/json)');
  const bytes = await readBytes(req, maxBytes);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new HttpError('PROVEFY_ERR_INVALID_INPUT', 'The request body is not valid UTF-8', { details: { where: 'body' } });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpFailure(400, 'The body is not valid JSON');
  }
  assertValidJsonText(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpFailure(400, 'The body must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * Reads the raw body up to `maxBytes` (413 past it).
 *
 * @example
 * ```ts
 * const jpeg = await readBytes(req, 512 * 1024);
 * ```
 */
export async function readBytes(req: AppRequest, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) throw new HttpFailure(413, 'The request body is too large');
  const body = req.request.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new HttpFailure(413, 'The request body is too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
