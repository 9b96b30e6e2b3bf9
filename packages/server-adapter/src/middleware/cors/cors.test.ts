import { describe, expect, it } from 'vitest';
import { Context, compose } from '../../http/context.js';
import { type CorsOptions, cors } from './cors.js';

async function run(path: string, init: RequestInit, opts?: CorsOptions) {
  const ctx = new Context(new Request(`http://localhost${path}`, init));
  let reachedHandler = false;
  const res = await compose([cors(opts)], ctx, async () => {
    reachedHandler = true;
    return new Response(ctx.method === 'OPTIONS' ? null : '{}', { status: ctx.method === 'OPTIONS' ? 204 : 200 });
  });
  return { res, headers: ctx.responseHeaders, reachedHandler };
}

describe('cors', () => {
  it('adds preflight headers for flow endpoints (the router answers 204), never credentials', async () => {
    const { res, headers, reachedHandler } = await run('/api/v1/flow/tok/selfie', {
      method: 'OPTIONS',
      headers: { origin: 'https://verify.example.com', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(reachedHandler).toBe(true);
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('access-control-allow-methods')).toContain('POST');
    expect(headers.has('access-control-allow-credentials')).toBe(false);
  });

  it('does not open the API-key endpoints to browsers', async () => {
    const { headers, reachedHandler } = await run('/api/v1/verify', { headers: { origin: 'https://evil.example' } });
    expect(reachedHandler).toBe(true);
    expect(headers.has('access-control-allow-origin')).toBe(false);
  });

  it('with an origin list reflects allowed origins only', async () => {
    const opts = { origins: ['https://verify.example.com'] };
    const ok = await run('/api/v1/flow/tok', { headers: { origin: 'https://verify.example.com' } }, opts);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://verify.example.com');
    expect(ok.headers.get('vary')).toContain('Origin');
    const bad = await run('/api/v1/flow/tok', { headers: { origin: 'https://evil.example' } }, opts);
    expect(bad.headers.has('access-control-allow-origin')).toBe(false);
  });
});
