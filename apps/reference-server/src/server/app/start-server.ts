import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleClientError, toNodeHandler } from '@provefy/server-adapter';
import { type Logger, errorFields } from '../log/logger.js';
import { redactPath } from '../log/redact-path.js';
import type { ReferenceApp } from './create-app.js';

/** A listening reference server. */
export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** `http://host:port` as bound (for logs and tests). */
  readonly url: string;
  /** Graceful stop: refuse new connections, let requests in flight finish (up to `timeoutMs`), then close the app and the store. */
  shutdown(reason: string): Promise<void>;
}

/**
 * True when the request came over TLS or through a proxy that says so.
 *
 * @example
 * ```ts
 * isHttps(req); // true behind a proxy sending X-Forwarded-Proto: https
 * ```
 */
export function isHttps(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/**
 * Serves the app on node:http with one JSON access-log line per request (method, redacted path, status, duration,
 * request id; never query strings, tokens or bodies) and a graceful shutdown.
 *
 * @example
 * ```ts
 * const running = await startServer(app, { port: 3000, host: '0.0.0.0', log, shutdownTimeoutMs: 10_000 });
 * process.once('SIGTERM', () => running.shutdown('SIGTERM'));
 * ```
 */
export async function startServer(app: ReferenceApp, opts: { port: number; host: string; log: Logger; shutdownTimeoutMs: number }): Promise<RunningServer> {
  const { log } = opts;
  let inflight = 0;
  let stopping = false;
  const drained: Array<() => void> = [];

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    let requestId = '';
    inflight++;
    if (stopping) res.setHeader('connection', 'close');
    res.on('close', () => {
      inflight--;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = redactPath(req.url ?? '/');
      if (path !== '/healthz' && path !== '/readyz') {
        log.info('request', {
          method: (req.method ?? '').slice(0, 10),
          path,
          status: res.statusCode,
          durationMs: Math.round(ms * 10) / 10,
          requestId,
          aborted: !res.writableFinished || undefined,
        });
      }
      if (inflight === 0) for (const d of drained.splice(0)) d();
    });
    const https = isHttps(req);
    const fetch = async (request: Request) => {
      const response = await app.fetch(request, { remoteAddress: req.socket.remoteAddress, https });
      requestId = response.headers.get('x-request-id') ?? '';
      return response;
    };
    toNodeHandler(fetch, { https })(req, res);
  };

  const server = createServer({ requestTimeout: 120_000, headersTimeout: 30_000, keepAliveTimeout: 5_000 }, handle);
  server.on('clientError', handleClientError); // JSON 431/408/400 in the adapter's error shape, not Node's bare status line
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;

  let shutdownPromise: Promise<void> | null = null;
  const shutdown = (reason: string): Promise<void> => {
    shutdownPromise ??= (async () => {
      stopping = true;
      app.beginShutdown();
      log.info('shutting down', { reason, inflight });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), opts.shutdownTimeoutMs).unref());
      const idle = inflight === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve));
      if ((await Promise.race([idle, timeout])) === 'timeout') {
        log.warn('shutdown timeout: closing remaining connections', { inflight });
        server.closeAllConnections();
      }
      await Promise.race([closed, timeout]);
      try {
        await app.close();
        await app.store.close();
      } catch (e) {
        log.error('error while closing', errorFields(e));
      }
      log.info('stopped', { reason });
    })();
    return shutdownPromise;
  };

  return { server, port: address.port, url: `http://${host}:${address.port}`, shutdown };
}
