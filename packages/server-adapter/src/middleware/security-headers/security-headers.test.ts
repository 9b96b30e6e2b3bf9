import { describe, expect, it } from 'vitest';
import { Context, compose } from '../../http/context.js';
import { securityHeaders } from './security-headers.js';

const run = async (url: string, opts = {}) => {
  const ctx = new Context(new Request(url));
  await compose([securityHeaders(opts)], ctx, async () => new Response('{}'));
  return ctx.responseHeaders;
};

describe('securityHeaders', () => {
  it('sets nosniff, no-store, no framing and a deny-all CSP on every response', async () => {
    const h = await run('http://localhost/api/v1/verify');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('cache-control')).toBe('no-store');
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('content-security-policy')).toContain("default-src 'none'");
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.has('strict-transport-security')).toBe(false);
  });

  it('adds HSTS over https (auto) or when forced', async () => {
    expect((await run('https://api.example.com/api/v1/verify')).get('strict-transport-security')).toMatch(/^max-age=31536000/);
    expect((await run('http://localhost/', { hsts: true, hstsMaxAge: 60 })).get('strict-transport-security')).toBe('max-age=60; includeSubDomains');
  });
});
