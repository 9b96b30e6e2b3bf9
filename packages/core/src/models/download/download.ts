import { open, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ProvefyError, isProvefyError } from '../../errors/index.js';
import { retry } from '../../retry/retry.js';
import { sha256File } from '../sha256.js';
import { withFileLock } from './file-lock.js';
import { fileSize, partPath, verifyAndInstall } from './install-file.js';
import { type ProgressFactory, silentProgress } from './progress.js';

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  /** Expected sha256 (hex); the file is only renamed into place when it matches. */
  sha256?: string | null;
  /** Expected size in bytes (progress, and a stale `.part` larger than this is discarded). */
  bytes?: number;
  /** Further attempts after a network failure, each resuming the `.part` file (default 2). */
  retries?: number;
  /** Abort an attempt when no data arrives for this long (default 60 s). */
  idleTimeoutMs?: number;
  /** Progress display (default: none). */
  progress?: ProgressFactory;
  /** Label for progress lines (default: the URL's last path segment). */
  label?: string;
  /** Pause between attempts (default 1 s). */
  retryDelayMs?: number;
}

/** What {@link downloadFile} did. */
export interface DownloadResult {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Attempts made (1 when the first one succeeded; 0 when another process had just installed the file). */
  readonly attempts: number;
  /** True when the installed bytes continue an earlier, interrupted attempt (HTTP Range). */
  readonly resumed: boolean;
}

/** Marks a failure that another attempt may fix (network errors, truncated bodies, 5xx). */
function retryable(message: string, details: Record<string, unknown>, cause?: unknown): ProvefyError {
  return new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', message, { ...details, retryable: true }, { cause });
}

function isRetryable(e: unknown): boolean {
  return isProvefyError(e, 'PROVEFY_ERR_MODEL_DOWNLOAD') && e.details.retryable === true;
}

/** Parses `Content-Range: bytes 100-199/200` into its start and total. */
function parseContentRange(v: string | null): { start: number; total: number | undefined } | undefined {
  const m = v ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(v.trim()) : null;
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

/**
 * One attempt: appends to `part` from its current size (HTTP Range) or rewrites it when the server
 * ignores the range. Resolves when the body is complete; the caller verifies and installs.
 */
async function attempt(url: string, dest: string, opts: DownloadOptions, label: string): Promise<{ resumed: boolean }> {
  const part = partPath(dest);
  let offset = Math.max(0, await fileSize(part));
  if (opts.bytes && offset > opts.bytes) {
    await rm(part, { force: true });
    offset = 0;
  }
  if (opts.bytes && offset === opts.bytes) return { resumed: true }; // complete from an earlier run: verify it
  const ctrl = new AbortController();
  const idleMs = opts.idleTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(new Error(`no data for ${Math.round(idleMs / 1000)} s`)), idleMs);
  };
  arm();
  let res: Response;
  try {
    res = await fetch(url, { headers: offset > 0 ? { range: `bytes=${offset}-` } : {}, signal: ctrl.signal, redirect: 'follow' });
  } catch (cause) {
    clearTimeout(timer);
    const why = ctrl.signal.aborted ? String(ctrl.signal.reason) : ((cause as Error).cause as Error | undefined)?.message ?? (cause as Error).message;
    throw retryable(`Could not connect to ${url}: ${why}`, { url }, cause);
  }
  try {
    if (res.status === 416 && offset > 0) {
      // The part file is at least as long as the resource: let verification decide, restart on mismatch.
      await res.body?.cancel();
      return { resumed: true };
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      const details = { url, status: res.status };
      if (res.status >= 500 || res.status === 429 || res.status === 408) throw retryable(`${url} answered HTTP ${res.status}`, details);
      throw new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', `${url} answered HTTP ${res.status}`, details);
    }
    let total = opts.bytes;
    if (res.status === 206) {
      const range = parseContentRange(res.headers.get('content-range'));
      if (!range || range.start !== offset) {
        await res.body?.cancel();
        await rm(part, { force: true });
        throw retryable(`${url} answered a range that does not continue the partial file; restarting`, { url });
      }
      total = total ?? range.total;
    } else {
      offset = 0; // the server ignored the Range header: start over
      const len = Number(res.headers.get('content-length'));
      if (!total && len > 0) total = len;
    }
    const resumed = offset > 0;
    const progress = (opts.progress ?? silentProgress)(label, total, offset);
    const fh = await open(part, offset > 0 ? 'a' : 'w');
    let done = offset;
    let ok = false;
    try {
      if (!res.body) throw retryable(`${url} sent no body`, { url });
      const reader = res.body.getReader();
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (cause) {
          const why = ctrl.signal.aborted ? String(ctrl.signal.reason) : (cause as Error).message;
          throw retryable(`Download of ${url} was interrupted after ${done} bytes: ${why}`, { url, bytes: done }, cause);
        }
        if (chunk.done) break;
        arm();
        await fh.write(chunk.value);
        done += chunk.value.length;
        if (opts.bytes && done > opts.bytes) throw new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', `${url} sent more than the expected ${opts.bytes} bytes`, { url, bytes: done });
        progress.update(done, total);
      }
      await fh.sync();
      ok = true;
    } finally {
      await fh.close();
      progress.finish(ok ? 'downloaded' : 'interrupted');
    }
    if (opts.bytes && done < opts.bytes) throw retryable(`Download of ${url} ended after ${done} of ${opts.bytes} bytes`, { url, bytes: done });
    return { resumed };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Downloads `url` to `dest` safely: bytes go to `dest.part`, an interrupted transfer is resumed with
 * an HTTP Range request (or restarted when the server ignores ranges), and the file is renamed into
 * place only after its sha256 matches. A mismatch deletes the part file (a part resumed from an
 * earlier run gets one clean restart first). Nothing at `dest` is ever partial.
 *
 * @example
 * ```ts
 * await downloadFile('https://example.org/m.onnx', '/cache/m.onnx', { sha256: 'ab12...', bytes: 232589 });
 * ```
 */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  await mkdir(dirname(dest), { recursive: true });
  return withFileLock(`${partPath(dest)}.lock`, async () => {
    // another process may have completed the same download while we waited for the lock
    if (opts.sha256 && (await fileSize(dest)) >= 0 && (await sha256File(dest)) === opts.sha256) {
      return { path: dest, sha256: opts.sha256, bytes: await fileSize(dest), attempts: 0, resumed: false };
    }
    return downloadLocked(url, dest, opts);
  });
}

async function downloadLocked(url: string, dest: string, opts: DownloadOptions): Promise<DownloadResult> {
  const label = opts.label ?? (decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || url);
  let restartedAfterMismatch = false;
  /** One attempt; a resumed part file whose bytes do not verify is restarted from zero once, in the same attempt. */
  const once = async (n: number): Promise<DownloadResult> => {
    for (;;) {
      const { resumed } = await attempt(url, dest, opts, label);
      try {
        const sha256 = await verifyAndInstall(partPath(dest), dest, opts.sha256, url);
        return { path: dest, sha256, bytes: await fileSize(dest), attempts: n, resumed };
      } catch (e) {
        // A part file carried over from an earlier run may hold other bytes: restart once from zero.
        if (resumed && !restartedAfterMismatch && isProvefyError(e, 'PROVEFY_ERR_MODEL_CHECKSUM')) {
          restartedAfterMismatch = true;
          continue;
        }
        throw e;
      }
    }
  };
  try {
    const delay = opts.retryDelayMs ?? 1000;
    return await retry(once, { retries: Math.max(0, opts.retries ?? 2), shouldRetry: isRetryable, ...(delay > 0 ? { backoff: { baseMs: delay, factor: 1 } } : {}) });
  } catch (e) {
    const kept = await fileSize(partPath(dest));
    if (isRetryable(e) && kept > 0) {
      const err = e as ProvefyError;
      throw new ProvefyError(err.code, `${err.message} (${kept} bytes kept in ${partPath(dest)}; run again to resume)`, { ...err.details, part: partPath(dest) }, { cause: err });
    }
    if (isProvefyError(e)) throw e;
    throw new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', `Download of ${url} failed: ${(e as Error).message}`, { url }, { cause: e });
  }
}
