import { type FSWatcher, watch } from 'node:fs';
import { readFile, readdir, stat, unlink } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ProvefyError } from '@provefy/core';
import type { AcquireOptions, ScannedImage, ScannerDriver, ScannerStatus } from '../scanner-driver.js';
import { isCompleteImage, sniffImageType } from '../scanner-driver.js';

export interface FolderWatchOptions {
  id: string;
  label?: string;
  /** The folder the scanner saves into. */
  path: string;
  /** A file counts as written once its size and mtime stayed the same this long (default 750 ms). */
  stableMs?: number;
  /** How often candidate files are re-checked (default 150 ms). */
  pollMs?: number;
  /** A full directory listing this often, for file systems where fs.watch misses events (default 1000 ms). */
  rescanMs?: number;
  /** Give up on a file that never becomes a complete image after this long (default 60 s). */
  maxWriteMs?: number;
  /** Accepted extensions (default png, jpg, jpeg, tif, tiff, webp). */
  extensions?: string[];
  /** A scan that arrives while nobody waits is held this long for the next `acquire()`, then dropped (default 60 s). */
  holdMs?: number;
  /** Delete each file once read, so no document image stays on disk (default true). */
  deleteAfterRead?: boolean;
  /** Largest accepted file (default 40 MB). */
  maxBytes?: number;
}

/** Names of files still being written or not meant for us: hidden, editor/office locks, partial downloads. */
const TEMP_NAME = /^[.~]|^~\$|\.(part|partial|tmp|temp|crdownload|download|filepart|swp|lock)$/i;

interface Candidate {
  size: number;
  mtimeMs: number;
  stableSince: number;
  firstSeen: number;
}

interface Held {
  bytes: Uint8Array;
  mimeType: string;
  at: number;
}

/**
 * A watched folder for scanners that save files (network scanners, "scan to folder" software). New files are picked
 * up through `fs.watch` plus a periodic listing, and only taken once stable: size and mtime unchanged for `stableMs`
 * and a complete image (JPEG EOI / PNG IEND present). Partial and temporary files (`.part`, `.tmp`, `.crdownload`,
 * hidden and `~$` files) are ignored, as are files already there when the driver starts. Each file is read once and
 * (by default) deleted.
 *
 * @example
 * ```ts
 * const folder = new FolderWatchDriver({ id: 'mfp', path: '/srv/scans/branch-12' });
 * await folder.start();
 * const scan = await folder.acquire({ timeoutMs: 120_000 });
 * ```
 */
export class FolderWatchDriver implements ScannerDriver {
  readonly id: string;
  readonly kind = 'folder' as const;
  readonly label: string;
  readonly #o: Required<Omit<FolderWatchOptions, 'label'>>;
  #watcher: FSWatcher | null = null;
  #poll: NodeJS.Timeout | null = null;
  #rescan: NodeJS.Timeout | null = null;
  #candidates = new Map<string, Candidate>();
  /** Files already handled or present at start, by name -> "size:mtime". */
  #done = new Map<string, string>();
  #held: Held[] = [];
  #waiters: ((h: Held) => void)[] = [];
  #checking = false;
  #started = false;

  constructor(opts: FolderWatchOptions) {
    this.id = opts.id;
    this.label = opts.label ?? `Scan folder ${opts.path}`;
    this.#o = {
      id: opts.id,
      path: opts.path,
      stableMs: opts.stableMs ?? 750,
      pollMs: opts.pollMs ?? 150,
      rescanMs: opts.rescanMs ?? 1000,
      maxWriteMs: opts.maxWriteMs ?? 60_000,
      extensions: (opts.extensions ?? ['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.webp']).map((e) => e.toLowerCase()),
      holdMs: opts.holdMs ?? 60_000,
      deleteAfterRead: opts.deleteAfterRead ?? true,
      maxBytes: opts.maxBytes ?? 40 * 1024 * 1024,
    };
  }

  /** True for names the driver never takes (temporary, hidden, other extensions). */
  ignores(name: string): boolean {
    return TEMP_NAME.test(name) || !this.#o.extensions.includes(extname(name).toLowerCase());
  }

  /** Starts watching. Files already in the folder are ignored (they belong to nobody waiting now). */
  async start(): Promise<void> {
    if (this.#started) return;
    const existing = await readdir(this.#o.path).catch((e: NodeJS.ErrnoException) => {
      throw new ProvefyError('PROVEFY_ERR_SCANNER', `The scan folder cannot be read: ${e.code ?? e.message}`, { reason: 'folder', path: this.#o.path });
    });
    for (const name of existing) {
      const st = await stat(join(this.#o.path, name)).catch(() => null);
      if (st?.isFile()) this.#done.set(name, `${st.size}:${st.mtimeMs}`);
    }
    this.#started = true;
    try {
      this.#watcher = watch(this.#o.path, { persistent: false }, (_event, name) => {
        if (typeof name === 'string' && name) this.#consider(name);
      });
      this.#watcher.on('error', () => {
        // The periodic listing keeps working without the watcher.
        this.#watcher?.close();
        this.#watcher = null;
      });
    } catch {
      this.#watcher = null;
    }
    this.#rescan = setInterval(() => void this.#list(), this.#o.rescanMs);
    this.#rescan.unref();
    this.#poll = setInterval(() => void this.#check(), this.#o.pollMs);
    this.#poll.unref();
  }

  async #list(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.#o.path);
    } catch {
      return;
    }
    const present = new Set(names);
    for (const name of [...this.#done.keys()]) if (!present.has(name)) this.#done.delete(name);
    for (const name of names) this.#consider(name);
  }

  #consider(name: string): void {
    if (this.ignores(name) || this.#candidates.has(name)) return;
    this.#candidates.set(name, { size: -1, mtimeMs: -1, stableSince: Date.now(), firstSeen: Date.now() });
  }

  async #check(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    try {
      const now = Date.now();
      this.#held = this.#held.filter((h) => {
        if (now - h.at <= this.#o.holdMs) return true;
        h.bytes.fill(0);
        return false;
      });
      for (const [name, c] of [...this.#candidates]) {
        const path = join(this.#o.path, name);
        const st = await stat(path).catch(() => null);
        if (!st?.isFile()) {
          this.#candidates.delete(name);
          continue;
        }
        const sig = `${st.size}:${st.mtimeMs}`;
        if (this.#done.get(name) === sig) {
          this.#candidates.delete(name);
          continue;
        }
        if (st.size !== c.size || st.mtimeMs !== c.mtimeMs) {
          c.size = st.size;
          c.mtimeMs = st.mtimeMs;
          c.stableSince = now;
          continue;
        }
        if (st.size === 0 || now - c.stableSince < this.#o.stableMs) continue;
        if (st.size > this.#o.maxBytes) {
          this.#finish(name, sig);
          continue;
        }
        const bytes = new Uint8Array(await readFile(path).catch(() => Buffer.alloc(0)));
        if (!isCompleteImage(bytes)) {
          // Stable but not a whole image yet (a slow writer that pauses): wait, but not forever.
          if (now - c.firstSeen > this.#o.maxWriteMs) this.#finish(name, sig);
          else c.stableSince = now;
          bytes.fill(0);
          continue;
        }
        this.#finish(name, sig);
        if (this.#o.deleteAfterRead) await unlink(path).catch(() => undefined);
        this.#deliver({ bytes, mimeType: sniffImageType(bytes) ?? 'application/octet-stream', at: now });
      }
    } finally {
      this.#checking = false;
    }
  }

  #finish(name: string, sig: string): void {
    this.#candidates.delete(name);
    this.#done.set(name, sig);
  }

  #deliver(h: Held): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(h);
    else this.#held.push(h);
  }

  async status(): Promise<ScannerStatus> {
    try {
      const st = await stat(this.#o.path);
      if (!st.isDirectory()) return { ready: false, detail: `${this.#o.path} is not a folder` };
      return { ready: this.#started, detail: this.#started ? this.#o.path : 'not started' };
    } catch (e) {
      return { ready: false, detail: `${this.#o.path}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}` };
    }
  }

  /** The next complete scan: one held already, or the next to arrive. */
  async acquire(opts: AcquireOptions = {}): Promise<ScannedImage> {
    if (!this.#started) await this.start();
    const ready = this.#held.shift();
    const held =
      ready ??
      (await new Promise<Held>((resolve, reject) => {
        const timeoutMs = opts.timeoutMs ?? 120_000;
        const done = (h: Held) => {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(h);
        };
        const fail = (reason: string) => {
          this.#waiters = this.#waiters.filter((w) => w !== done);
          opts.signal?.removeEventListener('abort', onAbort);
          reject(new ProvefyError('PROVEFY_ERR_SCANNER', reason === 'timeout' ? 'No scan arrived in the folder in time' : 'The scan was cancelled', { reason }));
        };
        const timer = setTimeout(() => fail('timeout'), timeoutMs);
        const onAbort = () => {
          clearTimeout(timer);
          fail('aborted');
        };
        if (opts.signal?.aborted) return onAbort();
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        this.#waiters.push(done);
      }));
    return { bytes: held.bytes, mimeType: held.mimeType, source: this.id, acquiredAt: held.at };
  }

  async clear(): Promise<void> {
    for (const h of this.#held) h.bytes.fill(0);
    this.#held = [];
  }

  async close(): Promise<void> {
    this.#watcher?.close();
    this.#watcher = null;
    if (this.#poll) clearInterval(this.#poll);
    if (this.#rescan) clearInterval(this.#rescan);
    this.#poll = this.#rescan = null;
    await this.clear();
    this.#started = false;
  }
}
