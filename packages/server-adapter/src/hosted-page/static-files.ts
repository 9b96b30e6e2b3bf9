import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** The content types served; a file with any other extension is not served at all. */
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

/** At most this many files are kept in memory. */
const MAX_CACHED = 500;

/**
 * Serves a folder of built web files read-only. Nothing outside the folder is reachable: `..` segments, backslashes,
 * encoded slashes, NUL and dot-files are refused before the path is resolved, and the resolved path must still lie
 * inside the folder. Only known extensions are served, each with its content type and `nosniff`; files are kept in
 * memory after the first read.
 *
 * @example
 * ```ts
 * const files = new StaticFiles('/srv/app/dist/web');
 * const res = await files.serve('assets/admin-abc123.js', { immutable: true }); // Response or null
 * ```
 */
export class StaticFiles {
  readonly root: string;
  readonly #cache = new Map<string, Uint8Array>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file's bytes (a path relative to the root, possibly percent-encoded), or null when missing or refused. */
  async read(relPath: string): Promise<Uint8Array | null> {
    const full = this.#resolve(relPath);
    if (!full) return null;
    const cached = this.#cache.get(full);
    if (cached) return cached;
    try {
      const bytes = new Uint8Array(await readFile(full));
      if (this.#cache.size < MAX_CACHED) this.#cache.set(full, bytes);
      return bytes;
    } catch {
      return null;
    }
  }

  /**
   * A response for a file (a path relative to the root), or null when there is no such file or it may not be served.
   * `immutable` files (content-hashed names) are cached by browsers for a year, the others revalidated.
   */
  async serve(relPath: string, opts: { immutable?: boolean } = {}): Promise<Response | null> {
    const type = TYPES[extname(relPath).toLowerCase()];
    if (!type) return null;
    const bytes = await this.read(relPath);
    if (!bytes) return null;
    return new Response(bytes as BodyInit, {
      headers: {
        'content-type': type,
        'content-length': String(bytes.byteLength),
        'cache-control': opts.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'same-origin',
      },
    });
  }

  /** Forgets cached files (after a rebuild). */
  clear(): void {
    this.#cache.clear();
  }

  #resolve(relPath: string): string | null {
    if (relPath.length === 0 || relPath.length > 1024 || relPath.includes('\0') || /%2f|%5c|%00/i.test(relPath)) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(relPath);
    } catch {
      return null;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return null;
    const segments = decoded.split('/');
    if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
    const full = normalize(join(this.root, decoded));
    return full.startsWith(this.root + sep) ? full : null;
  }
}
