import { spawn } from 'node:child_process';
import { ToolBroker } from './tool-broker.js';
import type { ToolProcess } from './tool-process.js';

export type { ToolProcess } from './tool-process.js';

let broker: ToolBroker | null = null;
// Linux only: there Node forks (copy-on-write); elsewhere it spawns without copying the process (posix_spawn,
// CreateProcess) and the broker would only add a process. Not under Electron: its binary runs as Node only where the
// app keeps the RunAsNode fuse, and otherwise it would start a second copy of the app.
let brokerDisabled = process.platform !== 'linux' || process.versions.electron !== undefined || process.env.PROVEFY_SPAWN_BROKER === '0';

/**
 * Starts an external tool (ffmpeg, ffprobe) with stdin ignored and stdout and stderr piped, through the spawn broker
 * on Linux (a small helper process that forks instead of this one; see {@link ToolBroker}). Elsewhere, where the
 * broker cannot start, or with PROVEFY_SPAWN_BROKER=0, the tool is spawned directly.
 *
 * @example
 * ```ts
 * const p = spawnTool('/usr/bin/ffmpeg', ['-version']);
 * p.stdout.on('data', (b) => process.stdout.write(b));
 * p.on('close', (code) => console.log('exit', code));
 * ```
 */
export function spawnTool(command: string, args: readonly string[]): ToolProcess {
  if (!brokerDisabled) {
    try {
      broker ??= new ToolBroker();
      // Null while the broker boots: this call forks directly rather than wait for it.
      const viaBroker = broker.trySpawn(command, args);
      if (viaBroker) return viaBroker;
    } catch {
      // No broker here (a sandbox that forbids it, a missing Node binary): fork directly from now on.
      brokerDisabled = true;
    }
  }
  return spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
}

/** What {@link execTool} collected. */
export interface ToolOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** A tool that failed: `code` is `ENOENT` when it is missing, else its exit code; `killed` after a timeout. */
export interface ToolError extends Error {
  code?: string | number | null;
  signal?: NodeJS.Signals | null;
  killed?: boolean;
  stderr?: string;
}

/**
 * Runs a tool to the end through {@link spawnTool} and collects its output as text (like `execFile`): rejects when it
 * cannot start, exits non-zero, outlives `timeoutMs` (it is killed) or prints more than `maxBuffer` bytes.
 *
 * @example
 * ```ts
 * const { stdout } = await execTool('/usr/bin/ffprobe', ['-v', 'error', '-of', 'json', '-show_streams', 'clip.mp4']);
 * ```
 */
export function execTool(command: string, args: readonly string[], opts: { timeoutMs?: number; maxBuffer?: number } = {}): Promise<ToolOutput> {
  const maxBuffer = opts.maxBuffer ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const p = spawnTool(command, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: ToolError | null = null;
    const stop = (e: ToolError) => {
      failure ??= e;
      p.kill('SIGKILL');
    };
    const timer = opts.timeoutMs
      ? setTimeout(() => stop(Object.assign(new Error(`${command} took longer than ${opts.timeoutMs} ms`), { killed: true })), opts.timeoutMs)
      : null;
    const collect = (into: Buffer[]) => (b: Buffer) => {
      size += b.length;
      if (size > maxBuffer) return stop(new Error(`${command} printed more than ${maxBuffer} bytes`));
      into.push(b);
    };
    p.stdout.on('data', collect(out));
    p.stderr.on('data', collect(err));
    p.on('error', (e: ToolError) => {
      failure ??= e;
    });
    p.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (timer) clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (!failure && code !== 0) failure = Object.assign(new Error(`${command} exited with ${code ?? signal}`), { code, signal });
      if (failure) reject(Object.assign(failure, { stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

/**
 * Starts the spawn broker now (otherwise the first {@link spawnTool} call does, and that call forks directly) and
 * resolves once it takes requests: for a host that will decode videos (a kiosk at start-up). Never rejects: where
 * the broker is not used or cannot start, tools are spawned directly.
 *
 * @example
 * ```ts
 * await startSpawnBroker();
 * ```
 */
export async function startSpawnBroker(): Promise<void> {
  if (brokerDisabled) return;
  try {
    broker ??= new ToolBroker();
    await broker.start();
  } catch {
    // It could not start (see spawnTool): tools are spawned directly, which works, only slower for what follows.
    brokerDisabled = true;
  }
}

/** Stops the spawn broker if one runs (tests; otherwise it ends with this process). */
export function stopSpawnBroker(): void {
  broker?.stop();
  broker = null;
}
