import { hostname } from 'node:os';
import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ProvefyError } from '../../errors/index.js';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up waiting for another holder after this long (default 1 h). */
  waitMs?: number;
  /** A lock whose holder has not refreshed it for this long is taken over (default 2 min). */
  staleMs?: number;
  /** Poll interval while waiting (default 250 ms). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  let mtime: number;
  let owner: string;
  try {
    mtime = (await stat(lockPath)).mtimeMs;
    owner = await readFile(lockPath, 'utf8');
  } catch {
    return false; // just released, or being created: try again
  }
  const [host, pidText] = owner.trim().split(' ');
  const pid = Number(pidText);
  if (host === hostname() && Number.isInteger(pid) && pid > 0 && !alive(pid)) return true;
  return Date.now() - mtime > staleMs;
}

/**
 * Runs `fn` while holding an exclusive lock file (`open(..., 'wx')`), so that two processes (server
 * workers, parallel `provefy models fetch` runs) never write the same model file at once. The holder
 * refreshes the lock's mtime; a lock left by a dead process or not refreshed for `staleMs` is taken over.
 *
 * @example
 * ```ts
 * await withFileLock('/cache/det_10g.onnx.lock', () => downloadFile(url, '/cache/det_10g.onnx'));
 * ```
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, opts: FileLockOptions = {}): Promise<T> {
  const staleMs = opts.staleMs ?? 120_000;
  const deadline = Date.now() + (opts.waitMs ?? 3_600_000);
  await mkdir(dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      const fh = await open(lockPath, 'wx');
      await fh.writeFile(`${hostname()} ${process.pid}\n`);
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (await isStale(lockPath, staleMs)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new ProvefyError('PROVEFY_ERR_TIMEOUT', `Another process has held ${lockPath} for too long; delete it if no fetch is running`, { lock: lockPath });
      }
      await sleep(opts.pollMs ?? 250);
    }
  }
  const beat = setInterval(() => {
    const now = new Date();
    utimes(lockPath, now, now).catch(() => {});
  }, Math.max(1000, Math.floor(staleMs / 4)));
  beat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(beat);
    await rm(lockPath, { force: true });
  }
}
