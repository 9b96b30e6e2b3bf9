/**
 * How a download reports progress. Core only needs the interface and a silent reporter (the runtime
 * download from an http(s) mirror prints nothing); the terminal bar lives in @provefy/tools.
 */

/** Receives progress of one transfer. */
export interface ProgressReporter {
  /** Called with the number of bytes done so far (including resumed bytes). */
  update(done: number, total?: number): void;
  /** The transfer ended (successfully or not); `note` is printed after the bar. */
  finish(note: string): void;
}

/** Creates a reporter for one labelled transfer. */
export type ProgressFactory = (label: string, total: number | undefined, resumedFrom: number) => ProgressReporter;

/**
 * A reporter that prints nothing (runtime downloads, tests, `--quiet`).
 *
 * @example
 * ```ts
 * await downloadFile(url, dest, { progress: silentProgress });
 * ```
 */
export const silentProgress: ProgressFactory = () => ({ update() {}, finish() {} });
