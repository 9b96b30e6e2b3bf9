import {
  type Context,
  type HttpMethod,
  HttpError,
  type Route,
  defineRoute,
  mediaType,
  parseJsonBytes,
} from '@provefy/server-adapter';

/** A dashboard or probe handler: the adapter's request context in, a Response out. */
export type DashboardHandler = (ctx: Context) => Promise<Response> | Response;

/**
 * A reference-server route on the adapter's HTTP layer (its `Route`, `Router`, `Context` and error shape), hidden
 * from the adapter's OpenAPI document: the dashboard API is the reference server's own, not the contract.
 *
 * @example
 * ```ts
 * const routes = [dashboardRoute('GET', '/healthz', () => json({ status: 'ok' }))];
 * ```
 */
export function dashboardRoute(method: HttpMethod, path: string, handler: DashboardHandler): Route {
  return defineRoute({
    method,
    path,
    operationId: `dashboard ${method} ${path}`,
    summary: 'Reference server dashboard',
    tags: ['dashboard'],
    security: 'none',
    hidden: true,
    responses: { 200: { description: 'OK' } },
    handler: (ctx) => handler(ctx),
  });
}

/**
 * Reads a JSON object body of at most `maxBytes` through the adapter's body reader and input layer. Only
 * `application/json` is accepted (415 otherwise: a cross-site HTML form cannot send it), 413 past the limit,
 * `PROVEFY_ERR_INVALID_JSON` / `PROVEFY_ERR_INVALID_INPUT` for malformed JSON, invalid UTF-8, NUL bytes or lone
 * surrogates, `PROVEFY_ERR_VALIDATION` when the JSON is not an object.
 *
 * @example
 * ```ts
 * const body = await readJsonObject(ctx, 64 * 1024); // Record<string, unknown>
 * ```
 */
export async function readJsonObject(ctx: Context, maxBytes = 64 * 1024): Promise<Record<string, unknown>> {
  if (mediaType(ctx.request) !== 'application/json') {
    throw new HttpError('PROVEFY_ERR_UNSUPPORTED_MEDIA_TYPE', 'Send JSON (Content-Type: application/json)');
  }
  const value = parseJsonBytes(ctx.request, await ctx.bodyBytes(maxBytes), null);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError('PROVEFY_ERR_VALIDATION', 'The body must be a JSON object', { field: 'body' });
  return value as Record<string, unknown>;
}

/**
 * A 400 `PROVEFY_ERR_VALIDATION` naming the field (body field or query parameter).
 *
 * @example
 * ```ts
 * throw invalidField('limit', "Invalid query parameter 'limit'");
 * ```
 */
export function invalidField(field: string, message = `Invalid field '${field}'`): HttpError {
  return new HttpError('PROVEFY_ERR_VALIDATION', message, { field });
}
