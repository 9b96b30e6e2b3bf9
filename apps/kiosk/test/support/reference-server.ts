import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const START = fileURLToPath(new URL('../../../reference-server/scripts/start.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

export interface RunningServer {
  url: string;
  /** Which server this is: the real reference server process, or the createProvefy stand-in. */
  kind: 'reference-server';
  pid: number;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** Output so far (for failure messages). */
  output(): string;
}

export interface ReferenceServerOptions {
  port: number;
  dataDir: string;
  adminToken: string;
  encryptionKey: string;
  timeoutMs?: number;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
    return r.ok;
  } catch {
    return false;
  }
}

/**
 * Starts apps/reference-server (`npm start`'s script, from its TypeScript sources) as a real child process on
 * 127.0.0.1:`port` with SQLite in `dataDir`, and waits until `/api/v1/health` answers.
 */
export async function startReferenceServer(o: ReferenceServerOptions): Promise<RunningServer> {
  const url = `http://127.0.0.1:${o.port}`;
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [START], {
    cwd: REPO,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(o.port),
      HOST: '127.0.0.1',
      PROVEFY_DATA_DIR: o.dataDir,
      PROVEFY_ADMIN_TOKEN: o.adminToken,
      PROVEFY_ENCRYPTION_KEY: o.encryptionKey,
      PROVEFY_PUBLIC_URL: url,
      PROVEFY_SKIP_WEB_BUILD: '1',
      PROVEFY_WORK_CONCURRENCY: '1',
      PROVEFY_IMAGE_RETENTION_HOURS: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const deadline = Date.now() + (o.timeoutMs ?? 90_000);
  while (!(await healthy(url))) {
    if (exited) throw new Error(`The reference server exited at start:\n${out.slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The reference server did not become healthy:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    kind: 'reference-server',
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    },
  };
}
