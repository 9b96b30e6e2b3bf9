import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Builds the hosted verification page into dist/: dist/index.html (served at /verify/:token) and content-hashed files
 * in dist/assets (served from /verify/assets/ with long caching). No inline scripts or styles, so the page runs under
 * a strict CSP (script-src 'self'; style-src 'self').
 */
export default defineConfig({
  root: here('./src'),
  base: '/verify/',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
    // Keep every asset a file: inlined data: URLs for scripts or styles would need a looser CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: { input: { hosted: here('./src/index.html') } },
  },
  logLevel: 'warn',
});
