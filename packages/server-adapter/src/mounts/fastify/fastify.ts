import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FetchHandler, discardRest, handlerPrefixes, nodeRequestUrl, toFetchRequest } from '../shared/node-bridge.js';

export interface FastifyPluginOptions {
  /**
   * Path prefix of the API the plugin answers (default `/api/v1`: the contract's routes). The hosted page's prefix
   * (`/verify`) is registered as well while the Provefy instance serves it (`provefy.fetch.prefixes`).
   */
  prefix?: string;
}

function isStream(v: unknown): v is Readable {
  return typeof v === 'object' && v !== null && typeof (v as Readable).pipe === 'function';
}

/**
 * A Fastify plugin serving the Provefy routes (the API and, unless `hostedPage: false`, the hosted page at
 * `/verify/:token`). It is encapsulated: inside it every content type is passed through
 * unparsed (Provefy parses and limits bodies itself), the rest of your app keeps its own parsers.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * const app = Fastify();
 * await app.register(provefyFastifyPlugin(provefy.fetch));
 * await app.listen({ port: 3000 });
 * ```
 */
export function provefyFastifyPlugin(fetch: FetchHandler, options: FastifyPluginOptions = {}): (instance: FastifyInstance) => Promise<void> {
  const prefixes = handlerPrefixes(fetch).map((p) => (p === '/api/v1' && options.prefix !== undefined ? options.prefix.replace(/\/$/, '') : p));
  return async (instance) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_req: FastifyRequest, payload: unknown, done: (err: Error | null, body?: unknown) => void) => done(null, payload));
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const body = isStream(request.body) ? request.body : request.raw;
      const req = toFetchRequest(request.raw, { url: nodeRequestUrl(request.raw, request.raw.url, request.protocol === 'https'), body });
      const response = await fetch(req, { clientIp: request.raw.socket.remoteAddress ?? request.ip });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const payload = Buffer.from(await response.arrayBuffer());
      discardRest(body);
      return reply.code(response.status).headers(headers).send(request.method === 'HEAD' ? undefined : payload);
    };
    for (const prefix of prefixes) {
      instance.all(prefix, handler);
      instance.all(`${prefix}/*`, handler);
    }
  };
}
