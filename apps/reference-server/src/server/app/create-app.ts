import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CheckFunctions,
  type HostedPageOptions,
  HttpError,
  type KyselyStore,
  type Provefy,
  StaticFiles,
  assertValidRequestTarget,
  createProvefy,
  errorResponse,
  pageHeaders,
} from '@provefy/server-adapter';
import { AdminAccounts } from '../admin/auth/admin-accounts.js';
import { keyRoutes } from '../admin/routes/key-routes.js';
import { loginRoutes } from '../admin/routes/login-routes.js';
import { sessionRoutes } from '../admin/routes/session-routes.js';
import { webhookAuditRoutes } from '../admin/routes/webhook-audit-routes.js';
import type { ServerConfig } from '../config/load-config.js';
import { healthRoutes } from '../health/health-routes.js';
import { type AppRequest, HttpFailure, errorJson } from '../http/app-request.js';
import { Router } from '../http/router.js';
import { type Logger, consoleShim, errorFields } from '../log/logger.js';
import { redactPath } from '../log/redact-path.js';
import { adminPageCsp } from '../security/admin-page-csp.js';
import { ensureReferenceTables } from '../store/reference-tables.js';

/** Frames one liveness upload may carry (the adapter's default is 30; the hosted page sends 34 for three challenges). */
export const LIVENESS_MAX_FRAMES = 40;

/** Facts about the connection that the node:http layer passes in. */
export interface ConnectionFacts {
  /** The TCP peer address. */
  remoteAddress: string | undefined;
  /** TLS, or `X-Forwarded-Proto: https`. */
  https: boolean;
}

/** The reference server's request handling, independent of the socket layer. */
export interface ReferenceApp {
  /** Handles one request (the adapter: `/api/v1` and the hosted page at `/verify`; the dashboard, health). */
  fetch(request: Request, facts: ConnectionFacts): Promise<Response>;
  readonly provefy: Provefy;
  readonly store: KyselyStore;
  readonly accounts: AdminAccounts;
  /** Resolves once the reference server's own tables exist (call before using `accounts`). */
  ready(): Promise<void>;
  /** Marks the app as stopping: `/readyz` answers 503. */
  beginShutdown(): void;
  /** Stops background work and closes the adapter and the store (after requests drained). */
  close(): Promise<void>;
}

/**
 * Wires the reference server: the server adapter (`createProvefy`) on the given store, which also serves the hosted
 * verification page (@provefy/hosted-page, or `hostedPage` for another build), the admin dashboard (built into
 * `webDir`) and its API, health probes and static assets. The adapter's housekeeping job expires sessions and
 * enforces retention; this app only sweeps its dashboard sign-in sessions.
 *
 * @example
 * ```ts
 * const app = createApp({ config, log, store, webDir: '/srv/app/dist/web' });
 * const res = await app.fetch(new Request('http://localhost:3000/healthz'), { remoteAddress: '127.0.0.1', https: false });
 * ```
 */
export function createApp(opts: {
  config: ServerConfig;
  log: Logger;
  store: KyselyStore;
  webDir: string;
  checks?: Partial<CheckFunctions>;
  hostedPage?: HostedPageOptions;
}): ReferenceApp {
  const { config, log, store } = opts;
  const assets = new StaticFiles(opts.webDir);
  // The dashboard reaches the adapter's admin API with this token; without a configured one it is random per process,
  // so the programmatic admin API is then only usable through the dashboard.
  const adminToken = config.adminToken ?? randomBytes(32).toString('base64url');
  const adapterLog = log.child({ component: 'adapter' });
  const provefy = createProvefy({
    store,
    adminToken,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    sessionTtlMs: config.sessionTtlMinutes * 60_000,
    imageRetentionMs: config.imageRetentionHours * 3_600_000,
    trustProxy: config.trustProxy,
    workQueue: { concurrency: config.workConcurrency },
    ...(opts.checks ? { checks: opts.checks } : {}),
    ...(opts.hostedPage ? { hostedPage: opts.hostedPage } : {}),
    // Liveness uploads carry up to 40 frames (10 fps during the blink prompt); 640 px JPEGs are ~40 kB each.
    limits: { maxFiles: LIVENESS_MAX_FRAMES },
    logger: consoleShim(adapterLog),
    webhooks: {
      logger: consoleShim(adapterLog),
      onAttempt: (event, attempt) =>
        log.info('webhook attempt', {
          eventId: event.id,
          type: event.type,
          attempt: attempt.attempt,
          statusCode: attempt.statusCode,
          latencyMs: attempt.latencyMs,
          success: attempt.success,
        }),
    },
  });
  const accounts = new AdminAccounts(store);
  let stopping = false;

  const router = new Router();
  healthRoutes(router, { store: () => store, assets, hostedPageBuilt: () => provefy.hostedPage?.isBuilt() ?? Promise.resolve(false), shuttingDown: () => stopping });
  loginRoutes(router, { store: () => store, accounts: () => accounts });
  keyRoutes(router, { store: () => store, accounts: () => accounts, adapterFetch: (r) => provefy.fetch(r, { clientIp: '127.0.0.1' }), adminToken });
  sessionRoutes(router, { store: () => store, accounts: () => accounts });
  webhookAuditRoutes(router, { store: () => store, accounts: () => accounts });

  const tablesReady = ensureReferenceTables(store);
  // Sessions, images, idempotency keys and rate-limit windows: the adapter's housekeeping job (createProvefy starts
  // it). Only the dashboard's own sign-in sessions are swept here.
  const housekeeping = setInterval(() => {
    accounts.sweep().catch((e) => log.warn('dashboard session sweep failed', errorFields(e)));
  }, 60_000);
  housekeeping.unref();

  const adminPage = async (req: AppRequest): Promise<Response> => {
    const html = await assets.read('admin/index.html');
    if (!html) return errorJson(503, 'The dashboard is not built yet: run `npm run build -w apps/reference-server`');
    return new Response(req.method === 'HEAD' ? null : (html as BodyInit), {
      headers: { 'content-type': 'text/html; charset=utf-8', ...pageHeaders({ csp: adminPageCsp(), https: req.https, camera: false, framable: false }) },
    });
  };

  const own = async (req: AppRequest): Promise<Response> => {
    const routed = await router.dispatch(req);
    if (routed) return routed;
    const path = req.url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return errorJson(404, 'Not found');
    if (path === '/') return new Response(null, { status: 302, headers: { location: '/admin' } });
    if (path === '/admin' || (path.startsWith('/admin/') && !path.startsWith('/admin/api/'))) return adminPage(req);
    if (path.startsWith('/assets/')) return (await assets.serve(path.slice(1), { immutable: true })) ?? errorJson(404, 'Not found');
    if (path === '/favicon.ico') return new Response(null, { status: 204 });
    return errorJson(404, 'Not found');
  };

  async function fetch(request: Request, facts: ConnectionFacts): Promise<Response> {
    const url = new URL(request.url);
    const remote = facts.remoteAddress ?? 'unknown';
    if (provefy.prefixes.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return provefy.fetch(request, { clientIp: remote });
    await tablesReady;
    const forwarded = config.trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    const req: AppRequest = {
      request,
      url,
      method: request.method.toUpperCase(),
      params: {},
      ip: (forwarded || remote).slice(0, 64),
      https: facts.https,
      origin: url.origin,
      requestId: randomUUID(),
    };
    let res: Response;
    try {
      // The adapter's input layer: NUL bytes and invalid text in the path or query never reach a route or the database.
      assertValidRequestTarget(url);
      res = await own(req);
    } catch (e) {
      if (e instanceof HttpError) {
        res = errorResponse(e);
      } else if (e instanceof HttpFailure) {
        res = errorJson(e.status, e.message, e.headers);
      } else {
        const status = typeof (e as { status?: unknown }).status === 'number' ? (e as { status: number }).status : 500;
        if (status >= 500) log.error('request failed', { requestId: req.requestId, method: req.method, path: redactPath(url.pathname), ...errorFields(e) });
        res = errorJson(status >= 400 && status < 600 ? status : 500, status >= 500 ? 'Internal server error' : (e as Error).message);
      }
    }
    const headers = new Headers(res.headers);
    headers.set('x-request-id', req.requestId);
    if (!headers.has('x-content-type-options')) headers.set('x-content-type-options', 'nosniff');
    if (!headers.has('content-security-policy')) headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'no-referrer');
    if (facts.https && !headers.has('strict-transport-security')) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }

  return {
    fetch,
    provefy,
    store,
    accounts,
    ready: () => tablesReady,
    beginShutdown() {
      stopping = true;
    },
    async close() {
      stopping = true;
      clearInterval(housekeeping);
      await tablesReady.catch(() => undefined);
      await provefy.close();
    },
  };
}
