import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Serves the built web assets (`dist/web`) read-only: hashed files under `/assets/` are cached for a year, nothing
 * outside the folder is reachable (`..`, encoded slashes and NUL are refused), and files are kept in memory after
 * the first read.
 *
 * @example
 * ```ts
 * const assets = new StaticFiles('/srv/app/dist/web');
 * const res = await assets.serve('/assets/hosted-abc123.js'); // Response or null
 * ```
 */
export class StaticFiles {
  readonly #cache = new Map<string, Uint8Array>();

  constructor(readonly root: string) {}

  /** The file's bytes, or null when missing or outside the root. */
  async read(relPath: string): Promise<Uint8Array | null> {
    if (relPath.includes('\0') || /%2f|%5c/i.test(relPath)) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(relPath);
    } catch {
      return null;
    }
    const full = normalize(join(this.root, decoded));
    if (!full.startsWith(this.root + sep)) return null;
    const cached = this.#cache.get(full);
    if (cached) return cached;
    try {
      const bytes = new Uint8Array(await readFile(full));
      if (this.#cache.size < 500) this.#cache.set(full, bytes);
      return bytes;
    } catch {
      return null;
    }
  }

  /** A response for `/assets/...` paths, or null when there is no such file. */
  async serve(pathname: string): Promise<Response | null> {
    const bytes = await this.read(pathname.replace(/^\/+/, ''));
    if (!bytes) return null;
    return new Response(bytes as BodyInit, {
      headers: {
        'content-type': TYPES[extname(pathname).toLowerCase()] ?? 'application/octet-stream',
        'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'same-origin',
      },
    });
  }

  /** Forgets cached files (after a rebuild). */
  clear(): void {
    this.#cache.clear();
  }
}
