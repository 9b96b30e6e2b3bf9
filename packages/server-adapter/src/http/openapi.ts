import { ERROR_CODES, type ProvefyErrorCode } from '@provefy/core';
import type { Route, RouteSecurity } from './route.js';
import type { JsonSchema } from './schema/schema.js';

export interface OpenApiInfo {
  title?: string;
  version?: string;
  description?: string;
  /** Server URLs, e.g. `https://api.example.com`. The paths already include `/api/v1`. */
  servers?: string[];
}

const SECURITY_SCHEMES: Record<'apiKey' | 'adminToken', JsonSchema> = {
  apiKey: { type: 'http', scheme: 'bearer', description: 'API key: `Authorization: Bearer kyc_live_...` (or `kyc_test_...`).' },
  adminToken: { type: 'http', scheme: 'bearer', description: 'Admin token configured on the server (`adminToken` option).' },
};

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', description: 'Human-readable message.' },
    code: { type: 'string', description: 'Stable machine-readable code.', examples: ['PROVEFY_ERR_VALIDATION'] },
    docs: { type: 'string', description: 'Where the code is documented.' },
    field: { type: 'string', description: 'The request field at fault (validation errors).' },
    details: { type: 'object', additionalProperties: true },
  },
};

const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': { description: 'Requests allowed per minute.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Epoch seconds when the window resets.', schema: { type: 'integer' } },
};

const DEFAULT_ERRORS: Record<RouteSecurity, number[]> = {
  apiKey: [400, 401, 429, 500],
  adminToken: [400, 401, 403, 429, 500],
  sessionToken: [400, 401, 429, 500],
  none: [429, 500],
};

/** The contract's wording of each default error status (its "Error Codes" table). */
const DEFAULT_ERROR_CODE: Record<number, ProvefyErrorCode> = {
  400: 'PROVEFY_ERR_VALIDATION',
  401: 'PROVEFY_ERR_UNAUTHORIZED',
  403: 'PROVEFY_ERR_CHECK_NOT_ENABLED',
  404: 'PROVEFY_ERR_SESSION_NOT_FOUND',
  429: 'PROVEFY_ERR_RATE_LIMITED',
  500: 'PROVEFY_ERR_INTERNAL_SERVER',
};

function statusText(status: number): string {
  const code = DEFAULT_ERROR_CODE[status];
  return code ? ERROR_CODES[code].message : 'Error';
}

/**
 * Builds the OpenAPI 3.1 document from the routes: the same TypeBox schemas (JSON Schema 2020-12, OpenAPI 3.1's
 * dialect) that validate requests describe them here, as they are.
 *
 * @example
 * ```ts
 * const doc = buildOpenApi(routes, { title: 'Provefy API', version: '1.0.0' });
 * doc.paths['/api/v1/verify'].post.requestBody; // generated from the POST /verify body schema
 * ```
 */
export function buildOpenApi(routes: readonly Route[], info: OpenApiInfo = {}): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const usedSchemes = new Set<string>();
  for (const route of routes) {
    if (route.hidden) continue;
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
    };
    if (route.description) op.description = route.description;
    const parameters: JsonSchema[] = [];
    for (const m of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
      const name = m[1]!;
      const schema = route.params?.[name] ?? { type: 'string' };
      parameters.push({ name, in: 'path', required: true, schema });
    }
    if (route.query) {
      const q = route.query as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        const { description, ...rest } = schema as JsonSchema & { description?: string };
        const p: JsonSchema = { name, in: 'query', required: q.required?.includes(name) ?? false, schema: rest };
        if (description) p.description = description;
        parameters.push(p);
      }
    }
    if (route.method === 'POST' && route.security === 'apiKey') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Retries with the same key return the first response again (kept 24 hours).',
        schema: { type: 'string', maxLength: 255 },
      });
    }
    if (parameters.length > 0) op.parameters = parameters;
    if (route.body) {
      op.requestBody = { required: false, content: { 'application/json': { schema: route.body } } };
    } else if (route.rawBody) {
      const content: Record<string, unknown> = {};
      for (const [type, schema] of Object.entries(route.rawBody.mediaTypes)) content[type] = { schema };
      op.requestBody = { required: true, content, ...(route.rawBody.description ? { description: route.rawBody.description } : {}) };
    }
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(route.responses)) {
      const resp: Record<string, unknown> = { description: r.description };
      if (r.schema) resp.content = { [r.mediaType ?? 'application/json']: { schema: r.schema } };
      const headers = { ...(route.security !== 'none' ? RATE_LIMIT_HEADERS : {}), ...(r.headers ?? {}) };
      if (Object.keys(headers).length > 0) resp.headers = headers;
      responses[status] = resp;
    }
    for (const status of DEFAULT_ERRORS[route.security]) {
      if (responses[status]) continue;
      const resp: Record<string, unknown> = { description: statusText(status), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      if (status === 429) resp.headers = { ...RATE_LIMIT_HEADERS, 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } };
      responses[status] = resp;
    }
    op.responses = responses;
    if (route.security === 'apiKey' || route.security === 'adminToken') {
      op.security = [{ [route.security]: [] }];
      usedSchemes.add(route.security);
    } else {
      // Flow routes authenticate with the session token in their path (`{token}`), not with a header.
      op.security = [];
    }
    paths[path] ??= {};
    paths[path]![route.method.toLowerCase()] = op;
  }
  const securitySchemes: Record<string, JsonSchema> = {};
  for (const name of usedSchemes) securitySchemes[name] = SECURITY_SCHEMES[name as 'apiKey' | 'adminToken'];
  const doc: JsonSchema = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: info.title ?? 'Provefy API',
      version: info.version ?? '1.0.0',
      description: info.description ?? 'Identity verification: liveness, age estimation, document OCR and face matching.',
    },
    paths,
    components: { schemas: { Error: ERROR_SCHEMA }, securitySchemes },
  };
  if (info.servers?.length) doc.servers = info.servers.map((url) => ({ url }));
  // plain JSON: TypeBox's symbol keys dropped, shared sub-schemas copied
  return JSON.parse(JSON.stringify(doc)) as JsonSchema;
}
