import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError } from '../../http/http-error.js';
import {
  type FetchHandler,
  clientAbortSignal,
  discardRest,
  nodeRequestUrl,
  readSmallBody,
  toFetchRequest,
  writeFetchResponse,
  writeInternalError,
} from '../shared/node-bridge.js';

export interface NodeHandlerOptions {
  /** Treat the connection as https when building the request URL (behind a TLS-terminating proxy). */
  https?: boolean;
}

/**
 * Adapts the fetch handler to `node:http` (`http.createServer(toNodeHandler(provefy.fetch))`).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * const provefy = createProvefy({ database: { dialect: 'sqlite', filename: 'provefy.db' } });
 * createServer(toNodeHandler(provefy.fetch)).listen(3000); // or createNodeServer(provefy.fetch), which also answers
 * // oversized headers with the JSON error shape
 * ```
 */
export function toNodeHandler(fetch: FetchHandler, options: NodeHandlerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const run = async () => {
      const bodyBytes = await readSmallBody(req);
      const request = toFetchRequest(req, {
        url: nodeRequestUrl(req, req.url, options.https),
        ...(fetch.usesRequestSignal === false ? {} : { signal: clientAbortSignal(res) }),
        ...(bodyBytes ? { bodyBytes, bodyStream: fetch.readsBufferedBodies !== true } : {}),
      });
      const response = await fetch(request, { clientIp: req.socket.remoteAddress });
      await writeFetchResponse(res, response, req.method);
      discardRest(req);
    };
    run().catch(() => writeInternalError(res));
  };
}

/** Node's parser errors answered with the adapter's JSON error shape (anything else: Node's default, a bare 400). */
const CLIENT_ERRORS: Record<string, HttpError> = {
  HPE_HEADER_OVERFLOW: new HttpError('PROVEFY_ERR_HEADERS_TOO_LARGE'),
  ERR_HTTP_REQUEST_TIMEOUT: new HttpError('PROVEFY_ERR_REQUEST_TIMEOUT'),
};

/**
 * A `clientError` listener for a `node:http` server: what Node refuses before any route runs (a request line or
 * headers over its header limit, a request that took too long, a malformed request) gets the adapter's JSON error
 * body (`{ error, code, docs }`) instead of Node's bare status line. {@link createNodeServer} installs it; add it
 * yourself to a server you create (`server.on('clientError', handleClientError)`).
 *
 * @example
 * ```ts
 * const server = createServer(app);
 * server.on('clientError', handleClientError);
 * ```
 */
export function handleClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const known = err.code ? CLIENT_ERRORS[err.code] : undefined;
  const error = known ?? new HttpError('PROVEFY_ERR_MALFORMED_REQUEST');
  const body = JSON.stringify(error.toJSON());
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_TEXT[error.status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * A `node:http` server serving the fetch handler, with {@link handleClientError} installed so every answer, even an
 * oversized request line, is the adapter's JSON error shape.
 *
 * @example
 * ```ts
 * createNodeServer(provefy.fetch).listen(3000);
 * ```
 */
export function createNodeServer(fetch: FetchHandler, options: NodeHandlerOptions = {}): Server {
  const server = createServer(toNodeHandler(fetch, options));
  server.on('clientError', handleClientError);
  return server;
}
