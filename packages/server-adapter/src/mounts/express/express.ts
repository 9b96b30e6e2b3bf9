import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FetchHandler, clientAbortSignal, discardRest, nodeRequestUrl, toFetchRequest, writeFetchResponse } from '../shared/node-bridge.js';

/** The parts of an Express request the mount uses (typed structurally: Express stays an optional dependency). */
interface ExpressLikeRequest extends IncomingMessage {
  originalUrl?: string;
  body?: unknown;
  ip?: string;
  protocol?: string;
}

type ExpressNext = (err?: unknown) => void;

/**
 * Adapts the fetch handler to Express 4/5 middleware. Mount it at the root or under any prefix (it uses
 * `req.originalUrl`, so the `/api/v1/...` paths stay intact). Mount it before body parsers; if `express.json()` ran
 * first, the parsed body is re-serialised (the 413 limit of the parser applies then).
 *
 * @example
 * ```ts
 * import express from 'express';
 * const app = express();
 * app.use(toExpressMiddleware(provefy.fetch));
 * app.listen(3000);
 * ```
 */
export function toExpressMiddleware(fetch: FetchHandler): (req: ExpressLikeRequest, res: ServerResponse, next: ExpressNext) => void {
  return (req, res, next) => {
    const run = async () => {
      const consumed = req.readableEnded && req.body !== undefined;
      const url = nodeRequestUrl(req, req.originalUrl ?? req.url, req.protocol === 'https');
      const request = toFetchRequest(req, { url, signal: clientAbortSignal(res), ...(consumed ? { parsedBody: req.body } : {}) });
      const response = await fetch(request, { clientIp: req.socket.remoteAddress ?? req.ip });
      await writeFetchResponse(res, response, req.method);
      discardRest(req);
    };
    run().catch(next);
  };
}
