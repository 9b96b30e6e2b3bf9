import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_ROOT = resolve(APP_DIR, '../..');

/** A reference server started the way `npm start` starts it, on a random port with its own data folder. */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** The one-time setup token printed on the first start, if any. */
  setupToken(): string | null;
  /** JSON log lines so far. */
  logs(): Record<string, unknown>[];
  /** SIGTERM and wait for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `apps/reference-server/scripts/start.mjs` (the `npm start` entry) with PORT=0 and a temporary data folder,
 * and resolves once it logs `listening`.
 *
 * @example
 * ```ts
 * const server = await startServerProcess({ env: { PROVEFY_IMAGE_RETENTION_HOURS: '1' } });
 * await fetch(`${server.url}/healthz`);
 * await server.stop();
 * ```
 */
export async function startServerProcess(opts: { env?: Record<string, string>; dataDir?: string; args?: string[]; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'provefy-refserver-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', PROVEFY_DATA_DIR: dataDir, LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...opts.env };
  delete env.NODE_ENV;
  delete env.PROVEFY_REFERENCE_SERVER_MAIN;
  delete env.VITEST;
  const child = spawn(process.execPath, [join(APP_DIR, 'scripts/start.mjs'), ...(opts.args ?? [])], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const logs = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return {};
        }
      });
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  let listening: Record<string, unknown> | undefined;
  while (!listening) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}\nstdout:\n${out}\nstderr:\n${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start\nstdout:\n${out}\nstderr:\n${err}`);
    }
    listening = logs().find((l) => l.msg === 'listening');
    if (!listening) await new Promise((r) => setTimeout(r, 100));
  }
  // The setup link is printed right after "listening".
  await new Promise((r) => setTimeout(r, 300));
  const port = Number(listening.port);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    child,
    stdout: () => out,
    stderr: () => err,
    setupToken: () => /\/admin\/setup#([A-Za-z0-9_-]+)/.exec(err)?.[1] ?? null,
    logs,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
