import { pageHeaders } from '@provefy/server-adapter';
import { describe, expect, it } from 'vitest';
import { adminPageCsp } from './admin-page-csp.js';

describe('dashboard security headers', () => {
  it('is never framed and loads scripts only from the server', () => {
    const csp = adminPageCsp();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(pageHeaders({ csp, https: false, camera: false, framable: false })['x-frame-options']).toBe('DENY');
  });
});
