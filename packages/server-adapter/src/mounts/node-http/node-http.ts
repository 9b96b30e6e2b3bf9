import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FetchHandler, clientAbortSignal, discardRest, nodeRequestUrl, toFetchRequest, writeFetchResponse, writeInternalError } from '../shared/node-bridge.js';

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
 * createServer(toNodeHandler(provefy.fetch)).listen(3000);
 * ```
 */
export function toNodeHandler(fetch: FetchHandler, options: NodeHandlerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const run = async () => {
      const signal = clientAbortSignal(res);
      const request = toFetchRequest(req, { signal, url: nodeRequestUrl(req, req.url, options.https) });
      const response = await fetch(request, { clientIp: req.socket.remoteAddress });
      await writeFetchResponse(res, response, req.method);
      discardRest(req);
    };
    run().catch(() => writeInternalError(res));
  };
}
