/**
 * Resource types that never mean "the host has more work to do": message ports (worker threads, ours
 * included) and the standard streams. Anything else that keeps Node's event loop alive (a listening
 * server, a ref'd timer, a socket, a child process, a file operation) does.
 */
const PASSIVE = new Set(['MessagePort', 'PipeWrap', 'TTYWrap']);

/**
 * True when something other than worker threads and stdio keeps the process alive: a server, a timer,
 * a pending file or network operation. Used to let a script exit once its checks are done, while a
 * long-lived host (which always has a server or timer) keeps its workers warm.
 *
 * @example
 * ```ts
 * if (!hostHasOtherWork()) await terminateOcr(); // only our own workers are left
 * ```
 */
export function hostHasOtherWork(): boolean {
  const info = typeof process.getActiveResourcesInfo === 'function' ? process.getActiveResourcesInfo() : undefined;
  if (!info) return true; // cannot tell: keep everything
  return info.some((type) => !PASSIVE.has(type));
}
