import { describe, expect, it } from 'vitest';
import { verifyRoutes } from '../api/verify/verify-routes.js';
import type { AppDeps } from '../api/deps.js';
import { buildOpenApi } from './openapi.js';

describe('buildOpenApi', () => {
  it('documents the contract routes from their validating schemas', () => {
    const deps = { jsonLimit: 1024, sessionTtlMs: 1, adminToken: undefined, verificationUrl: () => '', logger: console } as unknown as AppDeps;
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
    const doc = buildOpenApi(verifyRoutes(deps)) as Record<string, any>;
    expect(doc.openapi).toBe('3.1.0');
    const post = doc.paths['/api/v1/verify'].post;
    expect(post.security).toEqual([{ apiKey: [] }]);
    expect(post.requestBody.content['application/json'].schema.properties.metadata.type).toBe('object');
    expect(post.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '429', '500']));
    expect(post.responses['429'].headers['Retry-After']).toBeDefined();
    expect(doc.paths['/api/v1/verify/{sessionId}'].get.parameters[0]).toMatchObject({ name: 'sessionId', in: 'path', required: true });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
