/** Timer functions (injectable for tests). */
export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: TimerApi = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => Date.now(),
};

export interface IdleTimeout {
  /** Activity: restarts the countdown. */
  touch(): void;
  /** Milliseconds until the timeout fires. */
  remainingMs(): number;
  stop(): void;
}

/**
 * Calls `onIdle` when nothing happened for `timeoutMs` (every IPC call and screen touch counts as activity). The
 * kiosk wipes the customer's data from memory and screen then, and signs the operator out.
 *
 * @example
 * ```ts
 * const idle = createIdleTimeout({ timeoutMs: 90_000, onIdle: () => state.wipe('idle') });
 * idle.touch(); // on every interaction
 * ```
 */
export function createIdleTimeout(opts: { timeoutMs: number; onIdle: () => void; timers?: TimerApi }): IdleTimeout {
  const timers = opts.timers ?? realTimers;
  let handle: unknown = null;
  let deadline = 0;
  let stopped = false;
  const arm = () => {
    if (handle !== null) timers.clearTimeout(handle);
    deadline = timers.now() + opts.timeoutMs;
    handle = timers.setTimeout(fire, opts.timeoutMs);
  };
  const fire = () => {
    handle = null;
    if (stopped) return;
    const left = deadline - timers.now();
    if (left > 0) {
      handle = timers.setTimeout(fire, left);
      return;
    }
    try {
      opts.onIdle();
    } finally {
      if (!stopped) arm();
    }
  };
  arm();
  return {
    touch() {
      if (stopped) return;
      // Cheap: only move the deadline; the pending timer re-arms itself when it fires early.
      deadline = timers.now() + opts.timeoutMs;
      if (handle === null) arm();
    },
    remainingMs: () => Math.max(0, deadline - timers.now()),
    stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}
