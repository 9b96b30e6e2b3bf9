import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Builds the admin dashboard into dist/web (dist/web/admin/index.html, served at /admin). Assets go to
 * dist/web/assets with content hashes (served from /assets/ with long caching). No inline scripts or styles, so
 * the page runs under a strict CSP (script-src 'self'; style-src 'self'). The hosted verification page is its own
 * package (@provefy/hosted-page), served by the server adapter.
 */
export default defineConfig({
  root: here('./src/web'),
  base: '/',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
    // Keep every asset a file: inlined data: URLs for scripts or styles would need a looser CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        admin: here('./src/web/admin/index.html'),
      },
    },
  },
  logLevel: 'warn',
});
