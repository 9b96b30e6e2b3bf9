/**
 * Starts a Provefy instance behind one of the four mounts on a random loopback port, for tests and benchmarks that
 * make real HTTP round trips.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { type FetchHandler, createNodeServer, mountProvefyOnHono, provefyFastifyPlugin, toExpressMiddleware } from '../../src/index.js';

export const MOUNTS = ['node-http', 'express', 'fastify', 'hono'] as const;
export type MountName = (typeof MOUNTS)[number];

export interface Listening {
  baseUrl: string;
  close(): Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

function listenServer(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/**
 * Serves `fetch` through the named mount on 127.0.0.1 (random port).
 *
 * @example
 * ```ts
 * const { baseUrl, close } = await listen('express', provefy.fetch);
 * ```
 */
export async function listen(mount: MountName, fetch: FetchHandler): Promise<Listening> {
  switch (mount) {
    case 'node-http': {
      const server = createNodeServer(fetch);
      return { baseUrl: await listenServer(server), close: () => closeServer(server) };
    }
    case 'express': {
      const app = express();
      app.disable('x-powered-by');
      app.use(toExpressMiddleware(fetch));
      const server = createServer(app);
      return { baseUrl: await listenServer(server), close: () => closeServer(server) };
    }
    case 'fastify': {
      const app = Fastify({ routerOptions: { maxParamLength: 4096 } });
      await app.register(provefyFastifyPlugin(fetch));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
    }
    case 'hono': {
      const app = new Hono();
      // A host app's own answers outside /api/v1 (Provefy answers everything under it).
      app.notFound((c) => c.json({ error: 'Not found' }, 404));
      mountProvefyOnHono(app, fetch);
      const server = await new Promise<Server>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
      });
      return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
    }
  }
}
