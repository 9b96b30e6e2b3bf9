/**
 * @provefy/server-adapter: the Provefy REST contract mountable in any Node server, with storage
 * (SQLite/PostgreSQL), PII encryption at rest, rate limits and signed webhooks.
 */
// Data layer: storage, crypto, rate limits, webhooks
export * from './storage/index.js';
export * from './crypto/index.js';
export * from './rate-limit/index.js';
export * from './webhooks/index.js';
export {
  createHousekeeping,
  createSweeper,
  type Housekeeping,
  type HousekeepingOptions,
  type HousekeepingReport,
  type Sweeper,
  type SweeperOptions,
  type SweepReport,
} from './housekeeping/housekeeping.js';

// HTTP layer: createProvefy (one fetch handler), mounts, errors, schemas, OpenAPI
export { createProvefy, type Provefy, type ProvefyOptions } from './create-provefy.js';
export { createNodeServer, handleClientError, toNodeHandler, type NodeHandlerOptions } from './mounts/node-http/node-http.js';
export { toExpressMiddleware } from './mounts/express/express.js';
export { provefyFastifyPlugin, type FastifyPluginOptions } from './mounts/fastify/fastify.js';
export { provefyHonoHandler, mountProvefyOnHono } from './mounts/hono/hono.js';
export { type FetchHandler, handlerPrefixes } from './mounts/shared/node-bridge.js';
export { HostedPageFiles, type HostedPageOptions } from './hosted-page/hosted-page-routes.js';
export { StaticFiles } from './hosted-page/static-files.js';
export { HSTS_MAX_AGE, hostedPageCsp, normaliseOrigin, pageHeaders } from './hosted-page/page-headers.js';
export type { FacePreview } from './hosted-page/face-preview.js';
export { HttpError, toHttpError, errorResponse } from './http/http-error.js';
export { inputGuard } from './http/input-guard.js';
export { assertValidJsonText, assertValidRequestTarget, isInvalidText } from './http/valid-text.js';
export { HTTP_ERROR_CODES, httpErrorDocsAnchor, type HttpErrorCode } from './http/http-error.js';
export { buildOpenApi, type OpenApiInfo } from './http/openapi.js';
export { Context, compose, type ConnectionInfo, type ContextVars, type Middleware, type Next } from './http/context.js';
export { defineRoute, type HttpMethod, type Route, type RouteInput, type RouteSecurity } from './http/route.js';
export { Router, runRoute, queryObject, type RouteMatch } from './http/router.js';
export { DEFAULT_JSON_LIMIT, assertJsonContentType, discardBody, mediaType, parseJsonBytes, readBody, readJson } from './http/body.js';
export { finalizeResponse, json, withHeaders } from './http/response.js';
export { securityHeaders, type SecurityHeadersOptions } from './middleware/security-headers/security-headers.js';
export { WorkQueue, defaultWorkConcurrency, type WorkQueueOptions } from './flow/work-queue.js';
export type { CheckFunctions } from './flow/check-functions.js';

// Session persistence helpers, for servers that add their own session transitions (e.g. an admin review queue).
export {
  enqueueWebhookFor,
  sessionPatch,
  transitionSession,
  type TransitionOptions,
  type TransitionResult,
} from './api/verify/session-service.js';
export { resolveSessionReview, type ReviewDecisionInput, type ReviewOutcome } from './api/review/review-service.js';
export type { CheckSummary, FlowRetake, FlowStateJson, FlowStep } from './flow/flow-types.js';
