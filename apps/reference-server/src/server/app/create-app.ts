import { randomBytes } from 'node:crypto';
import {
  type CheckFunctions,
  Context,
  type HostedPageOptions,
  HttpError,
  type KyselyStore,
  type Provefy,
  Router,
  StaticFiles,
  compose,
  createProvefy,
  discardBody,
  errorResponse,
  finalizeResponse,
  inputGuard,
  pageHeaders,
  runRoute,
  securityHeaders,
  toHttpError,
} from '@provefy/server-adapter';
import { AdminAccounts } from '../admin/auth/admin-accounts.js';
import { keyRoutes } from '../admin/routes/key-routes.js';
import { sweepLoginFailures } from '../admin/auth/login-throttle.js';
import { loginRoutes } from '../admin/routes/login-routes.js';
import { sessionRoutes } from '../admin/routes/session-routes.js';
import { webhookAuditRoutes } from '../admin/routes/webhook-audit-routes.js';
import type { ServerConfig } from '../config/load-config.js';
import { healthRoutes } from '../health/health-routes.js';
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

  // The dashboard API and probes run on the adapter's HTTP layer: its router, context, body reader, input layer,
  // security headers and error shape `{ error, code, docs }`.
  const router = new Router([
    ...healthRoutes({ store: () => store, assets, hostedPageBuilt: () => provefy.hostedPage?.isBuilt() ?? Promise.resolve(false), shuttingDown: () => stopping }),
    ...loginRoutes({
      store: () => store,
      accounts: () => accounts,
      signer: { sign: (v) => store.keyring.blindIndex(v, 'admin-device'), signAll: (v) => store.keyring.blindIndex(v, 'admin-device', true) },
    }),
    ...keyRoutes({ store: () => store, accounts: () => accounts, adapterFetch: (r) => provefy.fetch(r, { clientIp: '127.0.0.1' }), adminToken }),
    ...sessionRoutes({ store: () => store, accounts: () => accounts }),
    ...webhookAuditRoutes({ store: () => store, accounts: () => accounts }),
  ]);
  const middleware = [securityHeaders(), inputGuard()];

  const tablesReady = ensureReferenceTables(store);
  // Sessions, images, idempotency keys and rate-limit windows: the adapter's housekeeping job (createProvefy starts
  // it). Only the dashboard's own sign-in sessions are swept here.
  const housekeeping = setInterval(() => {
    accounts.sweep().catch((e) => log.warn('dashboard session sweep failed', errorFields(e)));
    sweepLoginFailures(store).catch((e) => log.warn('login failure sweep failed', errorFields(e)));
  }, 60_000);
  housekeeping.unref();

  const adminPage = async (ctx: Context): Promise<Response> => {
    const html = await assets.read('admin/index.html');
    if (!html) throw new HttpError('PROVEFY_ERR_DASHBOARD_NOT_BUILT', 'The dashboard is not built yet: run `npm run build -w apps/reference-server`');
    return new Response(ctx.method === 'HEAD' ? null : (html as BodyInit), {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...pageHeaders({ csp: adminPageCsp(), https: ctx.https, camera: false, framable: false }),
      },
    });
  };

  /** Routes first; then the dashboard page, its assets and the root redirect (GET/HEAD only). */
  const dispatch = async (ctx: Context): Promise<Response> => {
    const match = router.match(ctx.method, ctx.url.pathname);
    if (match.kind === 'found') return runRoute(ctx, match.route, match.params);
    if (match.kind === 'method-not-allowed') {
      throw new HttpError('PROVEFY_ERR_METHOD_NOT_ALLOWED', `Method ${ctx.method.slice(0, 16)} is not allowed here`, { headers: { allow: match.allowed.join(', ') } });
    }
    const path = ctx.url.pathname;
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      if (path === '/') return new Response(null, { status: 302, headers: { location: '/admin' } });
      if (path === '/admin' || (path.startsWith('/admin/') && !path.startsWith('/admin/api/'))) return adminPage(ctx);
      if (path.startsWith('/assets/')) {
        const asset = await assets.serve(path.slice(1), { immutable: true });
        if (asset) return asset;
      }
      if (path === '/favicon.ico') return new Response(null, { status: 204 });
    }
    throw new HttpError('PROVEFY_ERR_NOT_FOUND', 'Not found');
  };

  async function fetch(request: Request, facts: ConnectionFacts): Promise<Response> {
    const url = new URL(request.url);
    const remote = facts.remoteAddress ?? 'unknown';
    if (provefy.prefixes.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return provefy.fetch(request, { clientIp: remote });
    await tablesReady;
    const forwarded = config.trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    const ctx = new Context(request, { clientIp: (forwarded || remote).slice(0, 64), https: facts.https });
    let res: Response;
    try {
      res = await compose(middleware, ctx, () => dispatch(ctx));
    } catch (e) {
      const err = toHttpError(e);
      if (err.status >= 500) log.error('request failed', { requestId: ctx.requestId, method: ctx.method, path: redactPath(url.pathname), ...errorFields(e) });
      res = errorResponse(err);
    }
    discardBody(request);
    return finalizeResponse(ctx, res);
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
