import { selectProfile, warmUpChecks, warmUpDocumentReader } from '@provefy/core';
import { warmup as warmUpModels } from '@provefy/core/models';
import { apiKeyRoutes } from './api/admin/api-key-routes.js';
import type { AppDeps } from './api/deps.js';
import { metaRoutes } from './api/meta/meta-routes.js';
import { verifyRoutes } from './api/verify/verify-routes.js';
import { type CheckFunctions, coreCheckFunctions } from './flow/check-functions.js';
import { resolveFlowSession } from './flow/flow-auth.js';
import { flowRoutes } from './flow/flow-routes.js';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './flow/upload-parser.js';
import { WorkQueue, type WorkQueueOptions } from './flow/work-queue.js';
import { type Housekeeping, createHousekeeping } from './housekeeping/housekeeping.js';
import { HostedPageFiles, type HostedPageOptions, hostedPageRoutes } from './hosted-page/hosted-page-routes.js';
import { DEFAULT_JSON_LIMIT, discardBody } from './http/body.js';
import { type ConnectionInfo, Context, compose } from './http/context.js';
import { HttpError, errorResponse, toHttpError } from './http/http-error.js';
import { inputGuard } from './http/input-guard.js';
import { type OpenApiInfo, buildOpenApi } from './http/openapi.js';
import type { Route } from './http/route.js';
import { finalizeResponse } from './http/response.js';
import { Router, runRoute } from './http/router.js';
import type { JsonSchema } from './http/schema/schema.js';
import { bearerToken, constantTimeEqual, resolveApiKey } from './middleware/auth/auth.js';
import { type CorsOptions, cors } from './middleware/cors/cors.js';
import { type RateLimitPrincipal, rateLimit } from './middleware/rate-limit/rate-limit.js';
import { type SecurityHeadersOptions, securityHeaders } from './middleware/security-headers/security-headers.js';
import { createStore } from './storage/create-store.js';
import type { EncryptionOptions, Store, StoreConnection } from './storage/types.js';
import type { FetchHandler } from './mounts/shared/node-bridge.js';
import { type HostLookup, type WebhookWorker, type WebhookWorkerOptions, createWebhookWorker, systemLookup } from './webhooks/index.js';
import { stripUndefined } from './util/strip-undefined.js';
import { validateProvefyOptions } from './options/validate-options.js';

/** Options of {@link createProvefy}. Everything is optional; the defaults follow the contract. */
export interface ProvefyOptions {
  /** A ready store (you own it: `close()` does not close it). */
  store?: Store;
  /** Where to store data when no `store` is given (default: SQLite file `provefy.db` in the working directory). */
  database?: StoreConnection;
  /** PII encryption key(s) (default: env `PROVEFY_ENCRYPTION_KEY`; required when NODE_ENV=production). */
  encryption?: EncryptionOptions;
  /**
   * With `database`: how long a verified API key is trusted from memory (default 5 000 ms; 0: read on every request).
   * A revoke on another instance applies here within this time. (With `store`, set it on `createStore`.)
   */
  apiKeyCacheTtlMs?: number;
  /** Guards `/api/v1/admin/*` (default env `PROVEFY_ADMIN_TOKEN`; without one the admin API answers 403). */
  adminToken?: string;
  /**
   * The hosted verification page at `/verify/:token` (and its assets under `/verify/assets/`), served from the
   * `@provefy/hosted-page` build in every mount (default). `false` turns it off: serve your own page at
   * `verificationUrl` (see `publicUrl` / `verificationUrl`), calling the flow endpoints.
   */
  hostedPage?: HostedPageOptions | false;
  /**
   * Base URL of the hosted verification page: `verificationUrl` is `${publicUrl}/verify/${token}`
   * (default env `PROVEFY_PUBLIC_URL`, else the origin of the request that created the session).
   */
  publicUrl?: string;
  /** Full control over `verificationUrl`. */
  verificationUrl?: (token: string, requestOrigin: string) => string;
  /** Session lifetime (default 30 minutes). */
  sessionTtlMs?: number;
  /** Body limits: JSON bodies (default 1 MiB) and uploads (default 15 MiB a request, 8 MiB an image, 30 images). */
  limits?: { jsonBytes?: number } & Partial<UploadLimits>;
  /** Rate limits besides each API key's own (per minute): per session token, per admin, per client IP when unauthenticated. */
  rateLimit?: { windowMs?: number; flowPerMinute?: number; adminPerMinute?: number; anonymousPerMinute?: number };
  /** CORS of the browser-facing endpoints (default: flow endpoints and OpenAPI from any origin), or false. */
  cors?: CorsOptions | false;
  securityHeaders?: SecurityHeadersOptions;
  /** Bounded queue of heavy check work (default concurrency 2 on two or more cores, 32 waiting). */
  workQueue?: WorkQueueOptions;
  /** Replace check implementations (default: @provefy/core). */
  checks?: Partial<CheckFunctions>;
  /**
   * Load what the checks need when `ready()` is first called, so that the first verification does not pay for it
   * (default true): the ONNX sessions of the model profile and the MRZ OCR workers (of the core checks that are
   * not replaced), then one run of those checks on synthetic inputs (`warmUpChecks`: compiled code, each OCR worker's
   * first recognition; about 0.8-1 s on two cores, once per process). A missing model is logged as a warning, not an
   * error: the check reports it when it runs.
   */
  warmup?: boolean;
  /** Keep uploaded images this long after processing (default 0: deleted when the session ends). */
  imageRetentionMs?: number;
  /** Webhook delivery worker options, or false to run delivery elsewhere (default: started in-process). */
  webhooks?: WebhookWorkerOptions | false;
  /**
   * How often the housekeeping job runs (default 30 s; 0 disables it): overdue sessions expire through the state
   * machine (with `verification.expired`), images past retention, expired idempotency keys and rate-limit windows go.
   */
  sweepIntervalMs?: number;
  /** Redact finished sessions (PII, images) this long after they ended (default: never; housekeeping does it). */
  sessionRetentionMs?: number;
  /**
   * Resolves the hosts of callback and webhook URLs and of redirect and frame origins when they are registered, for
   * the SSRF check (default: `node:dns` lookup with every address checked). Inject one for tests or split-horizon DNS.
   */
  resolveHost?: HostLookup;
  /** Use `X-Forwarded-For` (first address) as the client IP for per-IP limits (only behind a trusted proxy). */
  trustProxy?: boolean;
  openapi?: OpenApiInfo;
  logger?: Pick<Console, 'error' | 'warn' | 'info'>;
}

/** A Provefy server: a WHATWG fetch handler plus lifecycle. */
export interface Provefy {
  /**
   * Handles one request. Mounts call this; so can Bun, Deno, Cloudflare-style runtimes and tests. It carries the
   * path prefixes it answers (`fetch.prefixes`), so the Fastify and Hono mounts register exactly those.
   */
  readonly fetch: FetchHandler;
  /** The path prefixes this instance answers: `/api/v1`, plus `/verify` while the hosted page is on. */
  readonly prefixes: readonly string[];
  /** The hosted page's files (undefined with `hostedPage: false`): `await provefy.hostedPage?.isBuilt()`. */
  readonly hostedPage: HostedPageFiles | undefined;
  /** Resolves once the store is migrated and the checks' models and OCR workers are loaded (see `warmup`). */
  ready(): Promise<Store>;
  /** The store (after `ready()`). */
  readonly store: Store | undefined;
  /** All routes (method, path, schemas). */
  readonly routes: readonly Route[];
  /** The OpenAPI 3.1 document (also served at `/api/v1/openapi.json`). */
  openapi(): JsonSchema;
  /** The webhook worker, when started in-process. */
  readonly webhookWorker: WebhookWorker | undefined;
  /** The housekeeping job (after `ready()`, unless `sweepIntervalMs: 0`): `await provefy.housekeeping?.runOnce()`. */
  readonly housekeeping: Housekeeping | undefined;
  /** Waits for requests in flight (up to 10 s), stops housekeeping, the webhook worker and queued work; closes the store it created. */
  close(): Promise<void>;
  /** Same as `close()`, for hosts that dispose resources by that name. */
  dispose(): Promise<void>;
}

/**
 * Builds the Provefy REST API (the contract under `/api/v1`, the verification flow, the admin API and the OpenAPI
 * document) and the hosted verification page (`/verify/:token`, unless `hostedPage: false`) as one fetch handler.
 * Mount it with `toNodeHandler`, `toExpressMiddleware`, `provefyFastifyPlugin` or `provefyHonoHandler`, or call
 * `fetch` directly.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createProvefy, toNodeHandler } from '@provefy/server-adapter';
 * const provefy = createProvefy({ database: { dialect: 'sqlite', filename: 'provefy.db' }, adminToken: process.env.ADMIN_TOKEN });
 * createServer(toNodeHandler(provefy.fetch)).listen(3000);
 * ```
 */
export function createProvefy(options: ProvefyOptions = {}): Provefy {
  validateProvefyOptions(options);
  const logger = options.logger ?? console;
  const adminToken = options.adminToken ?? process.env.PROVEFY_ADMIN_TOKEN ?? undefined;
  const publicUrl = (options.publicUrl ?? process.env.PROVEFY_PUBLIC_URL)?.replace(/\/+$/, '');
  const jsonLimit = options.limits?.jsonBytes ?? DEFAULT_JSON_LIMIT;
  const uploadLimits: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...stripUndefined(options.limits ?? {}) };
  const windowMs = options.rateLimit?.windowMs ?? 60_000;
  const flowPerMinute = options.rateLimit?.flowPerMinute ?? 300;
  const adminPerMinute = options.rateLimit?.adminPerMinute ?? 600;
  const anonymousPerMinute = options.rateLimit?.anonymousPerMinute ?? 300;
  const queue = new WorkQueue(options.workQueue);
  const checks = coreCheckFunctions(options.checks);
  const pageOptions = options.hostedPage === false ? undefined : (options.hostedPage ?? {});
  const hostedPage = pageOptions ? new HostedPageFiles(pageOptions.dir) : undefined;
  const prefixes: readonly string[] = hostedPage ? ['/api/v1', '/verify'] : ['/api/v1'];

  let store: Store | undefined = options.store;
  let worker: WebhookWorker | undefined;
  let housekeeping: Housekeeping | undefined;
  let closed = false;
  let inflight = 0;
  const getStore = (): Store => {
    if (!store) throw new HttpError('PROVEFY_ERR_INTERNAL_SERVER');
    return store;
  };

  const deps: AppDeps = {
    get store() {
      return getStore();
    },
    adminToken,
    sessionTtlMs: options.sessionTtlMs ?? 30 * 60_000,
    verificationUrl: options.verificationUrl ?? ((token, origin) => `${publicUrl ?? origin}/verify/${token}`),
    jsonLimit,
    resolveHost: options.resolveHost ?? systemLookup,
    logger,
  };

  let openapiDoc: JsonSchema | undefined;
  const routes: Route[] = [];
  const openapi = () => {
    openapiDoc ??= buildOpenApi(routes, options.openapi);
    return openapiDoc;
  };
  routes.push(
    ...verifyRoutes(deps),
    ...flowRoutes({
      store: getStore,
      queue,
      checks,
      retentionMs: options.imageRetentionMs ?? 0,
      faceModel: () => {
        try {
          return selectProfile().recognizer;
        } catch {
          return undefined;
        }
      },
      uploadLimits,
    }),
    ...apiKeyRoutes(deps),
    ...metaRoutes(openapi),
    ...(hostedPage ? hostedPageRoutes({ store: getStore, page: hostedPage, preview: pageOptions?.preview, logger }) : []),
  );
  const router = new Router(routes);

  const readyPromise = (async () => {
    if (!store) store = createStore(options.database ?? { dialect: 'sqlite', filename: 'provefy.db' }, {
        ...(options.encryption ? { encryption: options.encryption } : {}),
        ...(options.apiKeyCacheTtlMs !== undefined ? { apiKeyCacheTtlMs: options.apiKeyCacheTtlMs } : {}),
        logger,
      });
    await store.migrate();
    if (closed) return store;
    if (options.webhooks !== false) {
      worker = createWebhookWorker(store, { logger, ...(options.webhooks ?? {}) });
      worker.start();
    }
    const sweepMs = options.sweepIntervalMs ?? 30_000;
    if (sweepMs > 0) {
      housekeeping = createHousekeeping(store, {
        intervalMs: sweepMs,
        logger,
        ...(options.sessionRetentionMs !== undefined ? { sessionRetentionMs: options.sessionRetentionMs } : {}),
      });
      housekeeping.start();
    }
    return store;
  })();
  readyPromise.catch(() => undefined);

  // Started by the first ready() call (a server's start-up), not by requests: they only need the store.
  let warmPromise: Promise<void> | undefined;
  const warmChecks = (): Promise<void> => {
    warmPromise ??= (async () => {
      if (options.warmup === false) return;
      const own = options.checks ?? {};
      const faces = !own.verifyLiveness || !own.estimateAge || !own.matchFaces;
      const started = performance.now();
      const jobs: Promise<unknown>[] = [];
      if (faces) jobs.push(warmUpModels());
      if (!own.readDocument) jobs.push(warmUpDocumentReader());
      const results = await Promise.allSettled(jobs);
      for (const r of results) {
        if (r.status === 'rejected') logger.warn(`[provefy] warm-up: ${(r.reason as Error)?.message ?? String(r.reason)} (the check loads it when it runs)`);
      }
      // Then one run of each built-in check on synthetic inputs (JIT, each OCR worker's first recognition), so the
      // first real verification is not slower than the next ones.
      if (results.every((r) => r.status === 'fulfilled')) {
        const ran = await warmUpChecks({ faces, document: !own.readDocument });
        for (const part of [ran.faces, ran.document]) if (part.error) logger.warn(`[provefy] warm-up run: ${part.error} (the first verification pays for it)`);
      }
      if (jobs.length) logger.info?.(`[provefy] checks warmed up in ${Math.round(performance.now() - started)} ms`);
    })();
    return warmPromise;
  };

  const clientIp = (ctx: Context): string => {
    if (options.trustProxy) {
      const forwarded = ctx.request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded.slice(0, 64);
    }
    return ctx.clientIp;
  };

  /** Who a request counts against: its API key, its session, the admin, or else its client IP. */
  const identify = async (ctx: Context): Promise<RateLimitPrincipal> => {
    const anonymous = { bucket: `ip:${clientIp(ctx)}`, limit: anonymousPerMinute };
    const match = router.match(ctx.method, ctx.url.pathname);
    if (match.kind !== 'found') return anonymous;
    const { route, params } = match;
    const s = getStore();
    if (route.security === 'apiKey') {
      const key = await resolveApiKey(ctx, s.apiKeys);
      return key ? { bucket: `key:${key.id}`, limit: key.rateLimitPerMinute } : anonymous;
    }
    if (route.security === 'sessionToken') {
      let token = '';
      try {
        token = decodeURIComponent(params.token ?? '');
      } catch {}
      const flow = await resolveFlowSession(ctx, s, token);
      return flow ? { bucket: `flow:${flow.record.id}`, limit: flowPerMinute } : anonymous;
    }
    if (route.security === 'adminToken') {
      const token = bearerToken(ctx.request);
      return adminToken && token !== null && constantTimeEqual(token, adminToken) ? { bucket: 'admin', limit: adminPerMinute } : anonymous;
    }
    return anonymous;
  };

  const globalMiddleware = [
    securityHeaders(options.securityHeaders),
    ...(options.cors === false ? [] : [cors(options.cors)]),
    inputGuard(),
    rateLimit({ limiter: { hit: (bucket, limit, o) => getStore().rateLimits.hit(bucket, limit, o) }, identify, windowMs }),
  ];

  const dispatch = async (ctx: Context): Promise<Response> => {
    const match = router.match(ctx.method, ctx.url.pathname);
    if (match.kind === 'found') return runRoute(ctx, match.route, match.params);
    if (match.kind === 'method-not-allowed') {
      if (ctx.method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow: [...match.allowed, 'OPTIONS'].join(', ') } });
      throw new HttpError('PROVEFY_ERR_METHOD_NOT_ALLOWED', `Method ${ctx.method.slice(0, 16)} is not allowed here`, {
        headers: { allow: match.allowed.join(', ') },
      });
    }
    throw new HttpError('PROVEFY_ERR_NOT_FOUND', 'Not found');
  };

  async function handle(request: Request, info?: ConnectionInfo): Promise<Response> {
    let ctx: Context;
    try {
      ctx = new Context(request, info);
    } catch {
      return errorResponse(new HttpError('PROVEFY_ERR_VALIDATION', 'The request URL is not valid'));
    }
    let res: Response;
    inflight++;
    try {
      await readyPromise;
      res = await compose(globalMiddleware, ctx, () => dispatch(ctx));
    } catch (e) {
      const err = toHttpError(e);
      if (err.status >= 500) logger.error(`[provefy] ${ctx.method} ${ctx.url.pathname} failed (request ${ctx.requestId})`, e);
      res = errorResponse(err);
    } finally {
      inflight--;
    }
    discardBody(request);
    return finalizeResponse(ctx, res);
  }

  // Bodies are read only through ctx.readBody (readBody), and request.signal is never used: a mount may pass small
  // bodies already in memory and skip the client-abort signal.
  const fetch: FetchHandler = Object.assign(handle, { prefixes, readsBufferedBodies: true, usesRequestSignal: false });
  return {
    fetch,
    prefixes,
    hostedPage,
    ready: async () => {
      const [s] = await Promise.all([readyPromise, warmChecks()]);
      return s;
    },
    get store() {
      return store;
    },
    routes,
    openapi,
    get webhookWorker() {
      return worker;
    },
    get housekeeping() {
      return housekeeping;
    },
    close,
    dispose: close,
  };

  async function close(): Promise<void> {
    closed = true;
    await readyPromise.catch(() => undefined);
    await warmPromise?.catch(() => undefined);
    await housekeeping?.stop();
    const deadline = Date.now() + 10_000;
    while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await worker?.stop();
    await queue.drain();
    if (!options.store && store) await store.close();
  }
}

