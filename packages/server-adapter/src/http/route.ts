import type { Context, Middleware } from './context.js';
import type { HttpErrorCode } from './http-error.js';
import type { Static, TSchema } from '@sinclair/typebox';
import type { JsonSchema } from './schema/schema.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How a route authenticates (documented in OpenAPI as a security scheme). */
export type RouteSecurity = 'apiKey' | 'adminToken' | 'sessionToken' | 'none';

/** One documented response of a route. */
export interface RouteResponse {
  description: string;
  /** Documents the body only (responses are not validated). */
  schema?: JsonSchema | TSchema;
  /** Response body media type (default application/json). */
  mediaType?: string;
  headers?: Record<string, { description: string; schema: Record<string, unknown> }>;
}

/** A request body that is not JSON (documented only; the handler reads it). */
export interface RawRequestBody {
  mediaTypes: Record<string, JsonSchema>;
  description?: string;
}

/** The validated input a handler receives. */
export interface RouteInput<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
}

/**
 * A route: method, path, the schemas that validate its input (and generate its OpenAPI operation), middleware and handler.
 */
export interface Route<B = unknown, Q = unknown> {
  method: HttpMethod;
  /** Path with `:param` segments, e.g. `/api/v1/verify/:sessionId`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: RouteSecurity;
  /** JSON body schema (TypeBox); the body is read and validated after the middleware ran. */
  body?: TSchema;
  /** JSON body limit in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** A non-JSON body, documented only. */
  rawBody?: RawRequestBody;
  /** Query schema (TypeBox; values arrive as strings and are coerced). */
  query?: TSchema;
  /** Path parameter schemas; a mismatch answers `paramError`. */
  params?: Record<string, TSchema>;
  paramError?: HttpErrorCode;
  responses: Record<number, RouteResponse>;
  middleware?: Middleware[];
  /** Hidden from the OpenAPI document. */
  hidden?: boolean;
  handler: (ctx: Context, input: RouteInput<B, Q>) => Promise<Response> | Response;
}

/** The validated type of an optional schema. */
type Infer<S> = S extends TSchema ? Static<S> : undefined;

/**
 * Declares a route with full type inference of its body and query.
 *
 * @example
 * ```ts
 * const ping = defineRoute({ method: 'GET', path: '/api/v1/ping', operationId: 'ping', summary: 'Ping', tags: ['meta'],
 *   security: 'none', responses: { 200: { description: 'OK' } }, handler: () => json({ ok: true }) });
 * ```
 */
export function defineRoute<BS extends TSchema | undefined = undefined, QS extends TSchema | undefined = undefined>(
  route: Omit<Route<Infer<BS>, Infer<QS>>, 'body' | 'query'> & { body?: BS; query?: QS },
): Route {
  return route as unknown as Route;
}
