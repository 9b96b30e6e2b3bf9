import { json } from '../../http/response.js';
import { type Route, defineRoute } from '../../http/route.js';
import type { JsonSchema } from '../../http/schema/schema.js';

/**
 * Unauthenticated meta endpoints: the OpenAPI 3.1 document (generated from the route schemas) and a health check.
 *
 * @example
 * ```ts
 * const routes = metaRoutes(() => openapiDocument);
 * ```
 */
export function metaRoutes(openapi: () => JsonSchema): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/openapi.json',
      operationId: 'getOpenApi',
      summary: 'OpenAPI 3.1 document of this API',
      tags: ['Meta'],
      security: 'none',
      responses: { 200: { description: 'The OpenAPI document', schema: { type: 'object' } } },
      handler: () => json(openapi()),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/health',
      operationId: 'getHealth',
      summary: 'Health check',
      tags: ['Meta'],
      security: 'none',
      responses: { 200: { description: 'Healthy', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } } },
      handler: () => json({ status: 'ok' }),
    }),
  ];
}
