import { type ChildProcess, fork } from 'node:child_process';
import { ERROR_CODES, ProvefyError, type ProvefyErrorCode } from '@provefy/core';
import { RestartPolicy, type RestartPolicyOptions } from './restart-policy.js';

/** Messages from the worker: `ready` once, then one reply per request. */
export type WorkerMessage =
  | { type: 'ready' }
  /** The worker finished warming up after `ready` (models, OCR workers, one run of each check): what it ran. */
  | { type: 'warm'; result: unknown }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

/** A request to the worker. */
export interface WorkerRequest {
  type: 'call';
  id: number;
  method: string;
  args: unknown[];
}

export interface ChildSupervisorOptions {
  /** The worker module (a .js file, or .ts with a loader in `execArgv`). */
  modulePath: string;
  /** Node-compatible executable (default `process.execPath`; Electron sets ELECTRON_RUN_AS_NODE in `env`). */
  execPath?: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  restart?: RestartPolicyOptions;
  /** A call that takes longer is rejected with PROVEFY_ERR_TIMEOUT and the worker is restarted (default 120 s). */
  callTimeoutMs?: number;
  /** Waiting for the worker's `ready` longer than this fails calls (default 60 s). */
  startTimeoutMs?: number;
  logger?: Pick<Console, 'warn' | 'error'>;
  /** Called after each unexpected exit, with the delay before the restart. */
  onCrash?: (info: { code: number | null; signal: NodeJS.Signals | null; restartInMs: number }) => void;
  /** Called when a (re)started worker reports that it has warmed up, with what it reported. */
  onWarm?: (result: unknown) => void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs a worker module in a child process and keeps it running: requests are correlated by id, a crash rejects the
 * requests in flight with `PROVEFY_ERR_WORKER_CRASHED` and restarts the child after a backoff
 * ({@link RestartPolicy}); a request that hangs past `callTimeoutMs` kills and restarts it. The kiosk runs its checks
 * (ONNX, OCR) this way, so a native crash cannot take the Electron main process down.
 *
 * @example
 * ```ts
 * const sup = new ChildSupervisor({ modulePath: '/opt/kiosk/dist/main/check-worker.js' });
 * sup.start();
 * const age = await sup.call('estimateAge', [selfie, { minAge: 18 }]);
 * await sup.stop();
 * ```
 */
export class ChildSupervisor {
  readonly #opts: ChildSupervisorOptions;
  readonly #policy: RestartPolicy;
  #child: ChildProcess | null = null;
  #ready: Promise<void> | null = null;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #stopped = true;
  #restartTimer: NodeJS.Timeout | null = null;
  /** Unexpected exits so far. */
  crashes = 0;
  /** Child processes started so far. */
  starts = 0;

  constructor(opts: ChildSupervisorOptions) {
    this.#opts = opts;
    this.#policy = new RestartPolicy(opts.restart);
  }

  /** The running child's pid, or null. */
  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  start(): void {
    this.#stopped = false;
    if (!this.#child && !this.#restartTimer) this.#spawn();
  }

  #spawn(): void {
    this.starts++;
    const child = fork(this.#opts.modulePath, [], {
      execPath: this.#opts.execPath ?? process.execPath,
      execArgv: this.#opts.execArgv ?? [],
      env: this.#opts.env ?? process.env,
      ...(this.#opts.cwd ? { cwd: this.#opts.cwd } : {}),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child = child;
    let markReady!: () => void;
    let failStart!: (e: unknown) => void;
    this.#ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    this.#ready.catch(() => undefined);
    const startTimer = setTimeout(() => {
      failStart(new ProvefyError('PROVEFY_ERR_TIMEOUT', 'The check worker did not start in time'));
      this.#abandon(child);
    }, this.#opts.startTimeoutMs ?? 60_000);
    child.on('message', (m: WorkerMessage) => {
      if (m?.type === 'ready') {
        clearTimeout(startTimer);
        markReady();
        return;
      }
      if (m?.type === 'warm') {
        this.#opts.onWarm?.(m.result);
        return;
      }
      if (m?.type !== 'reply') return;
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.value);
      else p.reject(new ProvefyError(isKnownCode(m.error.code) ? m.error.code : 'PROVEFY_ERR_INTERNAL', m.error.message, m.error.details));
    });
    child.on('error', (e) => this.#opts.logger?.error?.('[kiosk] check worker error', e));
    child.once('exit', (code, signal) => {
      clearTimeout(startTimer);
      if (this.#child === child) this.#child = null;
      const expected = this.#stopped;
      const restartInMs = expected ? 0 : this.#policy.recordCrash(Date.now());
      const err = new ProvefyError('PROVEFY_ERR_WORKER_CRASHED', undefined, { exitCode: code, signal, restartInMs });
      failStart(err);
      for (const [id, p] of this.#pending) {
        clearTimeout(p.timer);
        p.reject(err);
        this.#pending.delete(id);
      }
      if (expected) return;
      this.crashes++;
      this.#opts.logger?.warn?.(`[kiosk] check worker exited (code ${code}, signal ${signal}); restarting in ${restartInMs} ms`);
      this.#opts.onCrash?.({ code, signal, restartInMs });
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = null;
        if (!this.#stopped) this.#spawn();
      }, restartInMs);
      this.#restartTimer.unref();
    });
  }

  /** Kills a child and stops using it at once (calls wait for the restart instead of writing to the dying process). */
  #abandon(child: ChildProcess): void {
    if (this.#child === child) {
      this.#child = null;
      this.#ready = null;
    }
    child.kill('SIGKILL');
  }

  /** Waits until a worker is up (starting one if needed). */
  async whenReady(): Promise<void> {
    if (this.#stopped) throw new ProvefyError('PROVEFY_ERR_WORKER_CRASHED', 'The check worker is stopped');
    while (!this.#child || !this.#ready) {
      if (this.#stopped) throw new ProvefyError('PROVEFY_ERR_WORKER_CRASHED', 'The check worker is stopped');
      await new Promise((r) => setTimeout(r, 25));
    }
    await this.#ready;
  }

  /** Calls `method(...args)` in the worker. */
  async call<T>(method: string, args: unknown[], opts: { timeoutMs?: number } = {}): Promise<T> {
    await this.whenReady();
    const child = this.#child;
    if (!child?.connected) throw new ProvefyError('PROVEFY_ERR_WORKER_CRASHED', 'The check worker is restarting');
    const id = this.#nextId++;
    const timeoutMs = opts.timeoutMs ?? this.#opts.callTimeoutMs ?? 120_000;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ProvefyError('PROVEFY_ERR_TIMEOUT', `The check worker did not answer ${method} in ${timeoutMs} ms`, { method, timeoutMs }));
        this.#abandon(child); // a hung native call: kill the worker, the exit handler restarts it
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const req: WorkerRequest = { type: 'call', id, method, args };
      child.send(req, (err) => {
        if (!err) return;
        const p = this.#pending.get(id);
        if (!p) return;
        this.#pending.delete(id);
        clearTimeout(p.timer);
        p.reject(new ProvefyError('PROVEFY_ERR_WORKER_CRASHED', 'Could not send to the check worker', { cause: err.message }));
      });
    });
  }

  /** Stops the worker (no restart). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
    const child = this.#child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}

function isKnownCode(code: string): code is ProvefyErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
