import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const dir = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The kiosk renderer: built into dist/renderer with relative asset paths (loaded from file:// by Electron). */
export default defineConfig({
  root: dir('./src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: dir('./dist/renderer'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome120',
  },
});
