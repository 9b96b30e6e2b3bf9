/**
 * Download progress: a redrawn bar on a terminal, a few plain lines otherwise (CI logs, pipes).
 */

import type { ProgressFactory } from '@provefy/core/models';

export { silentProgress, type ProgressFactory, type ProgressReporter } from '@provefy/core/models';

/** Writable the reporters print to (process.stderr by default). */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Formats a byte count as `12.3 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

/**
 * The default progress display: on a TTY a bar redrawn at most 10 times a second
 * (`det_10g.onnx [#######.......]  48%  8.1/16.9 MB  3.2 MB/s`); otherwise plain lines: one at the start,
 * one at every quarter for files over 20 MB, one at the end.
 *
 * @example
 * ```ts
 * const p = terminalProgress(process.stderr)('buffalo_l.zip', 288621354, 0);
 * p.update(1_000_000);
 * p.finish('verified');
 * ```
 */
export function terminalProgress(stream: ProgressStream = process.stderr): ProgressFactory {
  return (label, total, resumedFrom) => {
    const started = Date.now();
    let lastDraw = 0;
    let lastQuarter = -1;
    let done = resumedFrom;
    const speed = () => {
      const s = (Date.now() - started) / 1000;
      return s > 0.2 ? `${formatBytes(Math.round((done - resumedFrom) / s))}/s` : '';
    };
    const resumeNote = resumedFrom > 0 ? ` (resuming at ${formatBytes(resumedFrom)})` : '';
    if (!stream.isTTY) stream.write(`  ${label}: downloading${total ? ` ${formatBytes(total)}` : ''}${resumeNote}\n`);
    const draw = (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastDraw < 100) return;
      lastDraw = now;
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - label.length - 45));
      const frac = total ? Math.min(1, done / total) : 0;
      const filled = Math.round(frac * width);
      const bar = total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(frac * 100)).padStart(3)}%` : '[?]';
      const amount = total ? `${formatBytes(done)}/${formatBytes(total)}` : formatBytes(done);
      stream.write(`\r  ${label} ${bar}  ${amount}  ${speed()}\u001b[K`);
    };
    return {
      update(n, t) {
        done = n;
        if (t !== undefined) total = t;
        if (stream.isTTY) draw(false);
        else if (total && total >= 20 * 1024 * 1024) {
          const q = Math.floor((done / total) * 4);
          if (q > lastQuarter && q > 0 && q < 4) {
            lastQuarter = q;
            stream.write(`  ${label}: ${q * 25}% (${formatBytes(done)}/${formatBytes(total)}) ${speed()}\n`);
          }
        }
      },
      finish(note) {
        if (stream.isTTY) {
          draw(true);
          stream.write(`  ${note}\n`);
        } else stream.write(`  ${label}: ${note} (${formatBytes(done)})\n`);
      },
    };
  };
}
