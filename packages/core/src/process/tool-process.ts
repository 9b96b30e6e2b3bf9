import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';

/**
 * A running external tool, as {@link spawnTool} gives it: the part of Node's `ChildProcess` that Provefy uses.
 * Events: `error` (the tool could not start: `code` `ENOENT` when it is missing) and `close` (exit code and signal,
 * once both streams have ended).
 */
export interface ToolProcess extends EventEmitter {
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** The tool's process id once it runs (undefined before, or when it could not start). */
  readonly pid?: number | undefined;
  kill(signal?: NodeJS.Signals): void;
}
