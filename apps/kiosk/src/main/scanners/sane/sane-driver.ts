import { spawn } from 'node:child_process';
import { ProvefyError } from '@provefy/core';
import type { AcquireOptions, ScannedImage, ScannerDriver, ScannerStatus } from '../scanner-driver.js';
import { sniffImageType } from '../scanner-driver.js';

/** One SANE device as `scanimage -f` lists it. */
export interface SaneDevice {
  name: string;
  vendor: string;
  model: string;
  type: string;
}

export interface SaneOptions {
  /** `scanimage` executable (default `scanimage` on PATH). */
  scanimagePath?: string;
  /** SANE_CONFIG_DIR for the child (e.g. a folder whose dll.conf enables only the backends in use). */
  configDir?: string;
  /** Timeout of one `scanimage` run (default 90 s). */
  timeoutMs?: number;
}

const DEVICE_NAME = /^[A-Za-z0-9_.:/@-]{1,200}$/;
const OPTION_NAME = /^--[a-z][a-z0-9-]{0,60}$/;
const OPTION_VALUE = /^[A-Za-z0-9 .,:_-]{0,60}$/;

function env(configDir?: string): NodeJS.ProcessEnv {
  return configDir ? { ...process.env, SANE_CONFIG_DIR: configDir } : process.env;
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

function run(cmd: string, args: string[], o: { env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal; maxBytes?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    let err = '';
    let killedFor: string | null = null;
    const kill = (why: string) => {
      killedFor = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), o.timeoutMs);
    const onAbort = () => kill('aborted');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (o.maxBytes && size > o.maxBytes) kill('too_large');
      else out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 4000) err += d.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      reject(new ProvefyError('PROVEFY_ERR_SCANNER', `Cannot run ${cmd}: ${(e as NodeJS.ErrnoException).code ?? e.message}`, { reason: 'spawn' }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      if (killedFor) {
        reject(new ProvefyError('PROVEFY_ERR_SCANNER', `scanimage ${killedFor === 'timeout' ? 'timed out' : killedFor}`, { reason: killedFor }));
        return;
      }
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err });
    });
  });
}

/**
 * Lists SANE devices with `scanimage -f` (machine-readable). With Debian's `sane-utils`, the `test` backend appears
 * when enabled in dll.conf (pass `configDir` for a folder whose dll.conf contains `test`).
 *
 * @example
 * ```ts
 * await listSaneDevices({ configDir: '/etc/provefy-kiosk/sane' }); // [{ name: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' }, ...]
 * ```
 */
export async function listSaneDevices(opts: SaneOptions = {}): Promise<SaneDevice[]> {
  const r = await run(opts.scanimagePath ?? 'scanimage', ['-f', '%d\t%v\t%m\t%t%n'], { env: env(opts.configDir), timeoutMs: opts.timeoutMs ?? 30_000 });
  if (r.code !== 0) throw new ProvefyError('PROVEFY_ERR_SCANNER', 'scanimage could not list devices', { exitCode: r.code, stderr: r.stderr.slice(0, 500) });
  return r.stdout
    .toString('utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((p) => p.length === 4 && p[0])
    .map(([name, vendor, model, type]) => ({ name: name!, vendor: vendor!, model: model!, type: type! }));
}

export interface SaneDriverOptions extends SaneOptions {
  id: string;
  label?: string;
  /** SANE device name, e.g. `fujitsu:fi-7160:1234` or `test:0`. */
  device: string;
  /** Dots per inch (default 300: MRZ and small print need it). */
  resolution?: number;
  /** `Color` or `Gray` (default `Color`). */
  mode?: string;
  /** Scan area in millimetres from the top-left corner (default: the device's default area). */
  area?: { left?: number; top?: number; width?: number; height?: number };
  /** Extra device options, e.g. `{ '--source': 'ADF Front' }` (names and values are validated; no shell involved). */
  extraOptions?: Record<string, string>;
  /** Largest accepted output (default 60 MB). */
  maxBytes?: number;
}

/**
 * A SANE scanner driven by `scanimage` (child_process, no shell): one PNG per `acquire()`. Errors (device busy,
 * jammed, missing) become `PROVEFY_ERR_SCANNER` with scanimage's message in `details.stderr`.
 *
 * @example
 * ```ts
 * const scanner = new SaneDriver({ id: 'flatbed', device: 'test:0', resolution: 150 });
 * const scan = await scanner.acquire();
 * const doc = await readDocument(scan.bytes);
 * ```
 */
export class SaneDriver implements ScannerDriver {
  readonly id: string;
  readonly kind = 'sane' as const;
  readonly label: string;
  readonly #o: SaneDriverOptions;

  constructor(opts: SaneDriverOptions) {
    if (!DEVICE_NAME.test(opts.device)) throw new ProvefyError('PROVEFY_ERR_CONFIG', `Invalid SANE device name: ${JSON.stringify(opts.device).slice(0, 80)}`);
    for (const [k, v] of Object.entries(opts.extraOptions ?? {})) {
      if (!OPTION_NAME.test(k) || !OPTION_VALUE.test(v)) throw new ProvefyError('PROVEFY_ERR_CONFIG', `Invalid scanimage option ${k.slice(0, 40)}`);
    }
    const res = opts.resolution ?? 300;
    if (!Number.isInteger(res) || res < 50 || res > 1200) throw new ProvefyError('PROVEFY_ERR_CONFIG', 'SANE resolution must be 50-1200 dpi');
    this.id = opts.id;
    this.label = opts.label ?? `Scanner ${opts.device}`;
    this.#o = opts;
  }

  /** The scanimage arguments of one scan. */
  args(): string[] {
    const o = this.#o;
    const a = ['-d', o.device, '--format=png', '--resolution', String(o.resolution ?? 300), '--mode', o.mode ?? 'Color'];
    const area = o.area ?? {};
    if (area.left !== undefined) a.push('-l', String(area.left));
    if (area.top !== undefined) a.push('-t', String(area.top));
    if (area.width !== undefined) a.push('-x', String(area.width));
    if (area.height !== undefined) a.push('-y', String(area.height));
    for (const [k, v] of Object.entries(o.extraOptions ?? {})) a.push(k, v);
    return a;
  }

  async status(): Promise<ScannerStatus> {
    try {
      const devices = await listSaneDevices(this.#o);
      const found = devices.find((d) => d.name === this.#o.device);
      return found ? { ready: true, detail: `${found.vendor} ${found.model}` } : { ready: false, detail: `SANE device ${this.#o.device} not found` };
    } catch (e) {
      return { ready: false, detail: e instanceof Error ? e.message : String(e) };
    }
  }

  async acquire(opts: AcquireOptions = {}): Promise<ScannedImage> {
    const r = await run(this.#o.scanimagePath ?? 'scanimage', this.args(), {
      env: env(this.#o.configDir),
      timeoutMs: opts.timeoutMs ?? this.#o.timeoutMs ?? 90_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
      maxBytes: this.#o.maxBytes ?? 60 * 1024 * 1024,
    });
    if (r.code !== 0) {
      throw new ProvefyError('PROVEFY_ERR_SCANNER', `scanimage failed (exit ${r.code ?? r.signal})`, {
        exitCode: r.code,
        signal: r.signal,
        stderr: r.stderr.trim().slice(0, 500),
      });
    }
    const bytes = new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength);
    const mimeType = sniffImageType(bytes);
    if (mimeType !== 'image/png') throw new ProvefyError('PROVEFY_ERR_SCANNER', 'scanimage did not produce a PNG image', { bytes: bytes.length });
    return { bytes, mimeType, source: this.id, acquiredAt: Date.now() };
  }

  async clear(): Promise<void> {}

  async close(): Promise<void> {}
}
