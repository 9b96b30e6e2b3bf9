import { describe, expect, it } from 'vitest';
import { hostedPageCsp, pageHeaders } from './page-headers.js';

describe('page security headers', () => {
  it("frames the hosted page only from the key's allowed origins", () => {
    const csp = hostedPageCsp({ frameOrigins: ['https://shop.example', 'https://shop.example/', 'javascript:alert(1)', 'http://localhost:5173'], logoUrl: 'https://cdn.example/logo.png?x=1' });
    expect(csp).toContain('frame-ancestors https://shop.example http://localhost:5173');
    expect(csp).toContain("img-src 'self' data: blob: https://cdn.example;");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(hostedPageCsp({ frameOrigins: [] })).toContain("frame-ancestors 'none'");
  });

  it('adds HSTS only over TLS and X-Frame-Options only when nobody may frame', () => {
    const plain = pageHeaders({ csp: 'x', https: false, camera: true, framable: true });
    expect(plain['strict-transport-security']).toBeUndefined();
    expect(plain['x-frame-options']).toBeUndefined();
    expect(plain['permissions-policy']).toContain('camera=(self)');
    const tls = pageHeaders({ csp: 'x', https: true, camera: false, framable: false });
    expect(tls['strict-transport-security']).toMatch(/^max-age=31536000/);
    expect(tls['x-frame-options']).toBe('DENY');
    expect(tls['permissions-policy']).toContain('camera=()');
  });
});
