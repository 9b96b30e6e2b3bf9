/**
 * Progress of an evaluation: a redrawn bar on a terminal, plain lines (start, every quarter, end) otherwise,
 * so CI logs stay readable.
 */
export interface Progress {
  start(label: string, total: number): void;
  tick(note?: string): void;
  end(summary?: string): void;
  /** A plain message line. */
  info(message: string): void;
}

/** Progress that prints nothing (tests, --quiet). */
export const silentProgress: Progress = { start() {}, tick() {}, end() {}, info() {} };

/**
 * Progress on a stream: a bar when it is a TTY, plain lines otherwise.
 *
 * @example
 * ```ts
 * const p = streamProgress(process.stderr);
 * p.start('faces', 715); for (...) p.tick(); p.end('AUC 0.99');
 * ```
 */
export function streamProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let label = '';
  let total = 0;
  let done = 0;
  let t0 = 0;
  let lastQuarter = 0;
  let lastDraw = 0;
  const elapsed = () => ((performance.now() - t0) / 1000).toFixed(1);
  const draw = (note?: string) => {
    const width = 28;
    const frac = total ? done / total : 1;
    const fill = Math.round(frac * width);
    const eta = done > 0 && done < total ? ` eta ${(((performance.now() - t0) / done) * (total - done) / 1000).toFixed(0)} s` : '';
    const line = `${label.padEnd(10)} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total} ${elapsed()} s${eta}${note ? ` ${note}` : ''}`;
    const cols = stream.columns ?? 100;
    stream.write(`\r\x1b[2K${line.slice(0, cols - 1)}`);
  };
  return {
    start(l, n) {
      label = l;
      total = n;
      done = 0;
      lastQuarter = 0;
      t0 = performance.now();
      if (tty) draw();
      else stream.write(`${label}: ${total} items\n`);
    },
    tick(note) {
      done++;
      if (tty) {
        const now = performance.now();
        if (now - lastDraw > 80 || done === total) {
          lastDraw = now;
          draw(note);
        }
        return;
      }
      const quarter = total ? Math.floor((done / total) * 4) : 4;
      if (quarter > lastQuarter && done < total) {
        lastQuarter = quarter;
        stream.write(`${label}: ${done}/${total} (${elapsed()} s)\n`);
      }
    },
    end(summary) {
      if (tty) stream.write('\r\x1b[2K');
      stream.write(`${label}: done ${done}/${total} in ${elapsed()} s${summary ? ` - ${summary}` : ''}\n`);
    },
    info(message) {
      if (tty) stream.write('\r\x1b[2K');
      stream.write(`${message}\n`);
    },
  };
}
