import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { BROKER_SOURCE } from './broker-source.js';
import type { ToolProcess } from './tool-process.js';

type BrokerMessage =
  | { type: 'ready'; id?: undefined }
  | { type: 'stdio'; id: number; stream: 'stdout' | 'stderr'; pid?: number }
  | { type: 'error'; id: number; error: { code?: string; errno?: number; syscall?: string; path?: string; message: string } }
  | { type: 'exit'; id: number; code: number | null; signal: NodeJS.Signals | null };

/** One tool started through the broker, as its caller sees it. */
class BrokeredTool extends EventEmitter implements ToolProcess {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private open = 2;
  private closed = false;
  private readonly pipes: Socket[] = [];
  /** The tool's process id, once the broker has started it. */
  pid: number | undefined;

  constructor(
    private readonly onKill: (signal: NodeJS.Signals) => void,
    private readonly onPipes: () => void,
  ) {
    super();
    for (const s of [this.stdout, this.stderr]) s.once('end', () => this.streamDone());
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.exited) this.onKill(signal);
  }

  /** The tool's pipe arrived: read it into the stream the caller already holds (back-pressure passes through). */
  attach(stream: 'stdout' | 'stderr', pipe: Socket): void {
    this.pipes.push(pipe);
    const out = stream === 'stdout' ? this.stdout : this.stderr;
    // A read error ends the stream as the tool's end would (the exit code tells what happened); callers of a
    // ChildProcess do not listen for errors on its streams either.
    pipe.on('error', () => out.end());
    pipe.pipe(out);
    if (this.pipes.length === 2) this.onPipes();
  }

  fail(error: Error): void {
    this.emit('error', error);
  }

  exit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = { code, signal };
    // A tool that never started has no pipes: end the caller's streams so 'close' follows.
    if (this.pipes.length === 0) {
      this.stdout.end();
      this.stderr.end();
    }
    this.maybeClose();
  }

  /** The broker died: whatever the tool was doing is lost, and the tool (orphaned) is stopped here. */
  abandon(error: Error): void {
    for (const p of this.pipes) p.destroy();
    if (!this.exited && this.pid !== undefined) {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (!this.exited) {
      this.fail(error);
      this.exit(null, 'SIGKILL');
    }
    this.stdout.end();
    this.stderr.end();
  }

  private streamDone(): void {
    this.open--;
    this.maybeClose();
  }

  private maybeClose(): void {
    if (this.closed || !this.exited || this.open > 0) return;
    this.closed = true;
    this.emit('close', this.exited.code, this.exited.signal);
  }
}

/**
 * The spawn broker: one small Node process per Provefy process, started on first use, that forks the tools instead of
 * this process. A fork of a process holding the models (hundreds of MB) write-protects all its memory, and every page
 * the models write afterwards takes a copy-on-write fault: measured here, one `spawn` made the next `estimateAge` 4x
 * slower (52 → 206 ms, 12,000 more page faults). The broker is unref'd while no tool runs, so it never keeps a script
 * alive, and it exits with this process.
 */
export class ToolBroker {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private isReady = false;
  /** The broker exited before it was ready (a Node binary that cannot run it): not tried again. */
  private failed = false;
  private nextId = 1;
  private readonly tools = new Map<number, BrokeredTool>();

  /**
   * Starts `command` through the broker, or returns null while the broker is still starting (it is started here if
   * none runs) or has just died: the caller then spawns directly, so a first call does not wait for a Node process to
   * boot. Throws if the broker cannot start at all.
   */
  trySpawn(command: string, args: readonly string[]): ToolProcess | null {
    if (this.failed) throw new Error('the spawn broker could not start');
    void this.start();
    if (!this.isReady) return null;
    const id = this.nextId++;
    const tool = new BrokeredTool(
      (signal) => this.send({ type: 'kill', id, signal }),
      () => this.send({ type: 'go', id }),
    );
    this.tools.set(id, tool);
    tool.once('close', () => {
      this.tools.delete(id);
      this.updateRef();
    });
    this.updateRef();
    if (!this.send({ type: 'spawn', id, command, args: [...args] })) {
      // The broker died a moment ago ('exit' not handled yet): this call forks directly, the next one restarts it.
      this.tools.delete(id);
      this.updateRef();
      return null;
    }
    return tool;
  }

  /** Starts the broker if none runs; resolves once it takes requests. Throws if it cannot start. */
  start(): Promise<void> {
    if (this.child?.connected && this.ready) return this.ready;
    const child = spawn(process.execPath, ['-e', BROKER_SOURCE], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json',
      // NODE_OPTIONS is the host's (a debugger port, a preloaded agent): not for this helper.
      env: { ...process.env, NODE_OPTIONS: '' },
      windowsHide: true,
    });
    if (child.pid === undefined) {
      child.on('error', () => undefined);
      this.failed = true;
      throw new Error('the spawn broker could not start');
    }
    this.child = child;
    this.isReady = false;
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (m: BrokerMessage, handle?: Socket) => {
        if (m.type === 'ready') {
          if (this.child === child) this.isReady = true;
          this.updateRef();
          resolve();
        } else this.receive(m, handle);
      });
      const gone = () => {
        const error = new Error('the spawn broker exited');
        reject(error);
        if (this.child !== child) return;
        if (!this.isReady) this.failed = true;
        this.child = null;
        this.ready = null;
        this.isReady = false;
        for (const tool of [...this.tools.values()]) tool.abandon(error);
        this.tools.clear();
      };
      child.on('exit', gone);
      child.on('error', gone);
    });
    ready.catch(() => undefined);
    this.ready = ready;
    this.updateRef();
    return ready;
  }

  /** Stops the broker (tests; it also stops by itself with this process). */
  stop(): void {
    this.child?.kill('SIGKILL');
  }

  private send(message: object): boolean {
    const child = this.child;
    if (!child?.connected) return false;
    try {
      // false only asks the sender to slow down: the message is queued all the same.
      child.send(message);
      return true;
    } catch {
      return false;
    }
  }

  private receive(m: Exclude<BrokerMessage, { type: 'ready' }>, handle?: Socket): void {
    const tool = this.tools.get(m.id);
    if (!tool) {
      handle?.destroy();
      return;
    }
    if (m.type === 'stdio' && handle) {
      tool.pid ??= m.pid;
      tool.attach(m.stream, handle);
    } else if (m.type === 'error') tool.fail(Object.assign(new Error(m.error.message), m.error));
    else if (m.type === 'exit') tool.exit(m.code, m.signal);
  }

  /** Keeps this process alive only while a tool runs or the broker is starting. */
  private updateRef(): void {
    const child = this.child;
    if (!child) return;
    const channel = (child as ChildProcess & { channel?: { ref(): void; unref(): void } }).channel;
    if (this.tools.size > 0 || !this.isReady) {
      child.ref();
      channel?.ref();
    } else {
      child.unref();
      channel?.unref();
    }
  }
}
