import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { Context } from './context.js';
import type { HttpError } from './http-error.js';
import { json } from './response.js';
import { defineRoute } from './route.js';
import { Router, runRoute } from './router.js';


const route = defineRoute({
  method: 'POST',
  path: '/api/v1/items/:id/rename',
  operationId: 'rename',
  summary: 'Rename',
  tags: [],
  security: 'none',
  params: { id: Type.String({ pattern: '^[a-z0-9]+$' }) },
  paramError: 'PROVEFY_ERR_SESSION_NOT_FOUND',
  body: Type.Object({ name: Type.String() }),
  responses: { 200: { description: 'ok' } },
  handler: (_ctx, { params, body }) => json({ id: params.id, name: body.name }),
});
const router = new Router([route]);

describe('Router', () => {
  it('matches raw segments, so an encoded slash never splits a parameter', () => {
    expect(router.match('POST', '/api/v1/items/abc/rename')).toMatchObject({ kind: 'found', params: { id: 'abc' } });
    expect(router.match('POST', '/api/v1/items/a%2Fb/rename')).toMatchObject({ kind: 'found', params: { id: 'a%2Fb' } });
    expect(router.match('POST', '/api/v1/items/abc/rename/')).toMatchObject({ kind: 'found' });
    expect(router.match('GET', '/api/v1/items/abc/rename')).toEqual({ kind: 'method-not-allowed', allowed: ['POST'] });
    expect(router.match('POST', '/api/v1/items//rename').kind).toBe('not-found');
    expect(router.match('POST', `/api/v1/items/${'a'.repeat(5000)}/rename`).kind).toBe('not-found');
  });

  it('decodes and validates parameters (bad ones answer the route error), then validates the body', async () => {
    const call = async (id: string, body: string) => {
      const ctx = new Context(new Request(`http://x/api/v1/items/${id}/rename`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }));
      const m = router.match('POST', ctx.url.pathname);
      if (m.kind !== 'found') throw new Error('no match');
      try {
        return await runRoute(ctx, m.route, m.params);
      } catch (e) {
        return e as HttpError;
      }
    };
    const ok = (await call('abc', '{"name":"n"}')) as Response;
    expect(await ok.json()).toEqual({ id: 'abc', name: 'n' });
    for (const bad of ['a%2Fb', '%E0%A4%A', '%00']) expect(((await call(bad, '{"name":"n"}')) as HttpError).status).toBe(404);
    const invalid = (await call('abc', '{"name":1}')) as HttpError;
    expect(invalid.status).toBe(400);
    expect(invalid.field).toBe('name');
    expect(((await call('abc', '{"name":')) as HttpError).code).toBe('PROVEFY_ERR_INVALID_JSON');
  });
});
