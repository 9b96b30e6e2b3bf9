import { LOG_LEVELS, type LogLevel } from '../config/load-config.js';

/** Structured fields of a log line. Never put names, document data, tokens or keys here. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** A logger writing JSON lines (machines) or readable text lines (people). */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields`. */
  child(fields: LogFields): Logger;
}

/**
 * Removes secrets that library messages may quote: verification tokens in paths, API keys, webhook secrets.
 *
 * @example
 * ```ts
 * scrubSecrets('POST /api/v1/flow/aBcD1234aBcD1234aBcD/liveness failed'); // 'POST /api/v1/flow/:token/liveness failed'
 * ```
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\/api\/v1\/flow\/[A-Za-z0-9_-]{16,}/g, '/api/v1/flow/:token')
    .replace(/(?<!\/v1)\/verify\/[A-Za-z0-9_-]{16,}/g, '/verify/:token')
    .replace(/kyc_(live|test)_[A-Za-z0-9]+/g, 'kyc_$1_***')
    .replace(/whsec_[A-Za-z0-9_-]+/g, 'whsec_***');
}

/**
 * Error details safe for logs: class name, code and message, without stack or request data.
 *
 * @example
 * ```ts
 * errorFields(new ProvefyError('PROVEFY_ERR_INVALID_IMAGE')); // { error: 'ProvefyError', errorCode: 'PROVEFY_ERR_INVALID_IMAGE', errorMessage: '...' }
 * ```
 */
export function errorFields(e: unknown): LogFields {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { error: e.name, errorCode: typeof code === 'string' ? code : undefined, errorMessage: scrubSecrets(e.message.slice(0, 300)) };
  }
  return { error: String(e).slice(0, 300) };
}

/** A field value in a text line: bare when it has no space, quote or `=`, else JSON-quoted. */
function textValue(v: string | number | boolean | null): string {
  const s = String(v);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

/**
 * One entry as a readable line: `12:00:00 INFO  listening url=http://127.0.0.1:3000 port=3000`. The `service`
 * field is left out (it is the same on every line); a multi-line message follows its fields on lines of its own.
 *
 * @example
 * ```ts
 * formatText({ time: '2025-03-07T12:00:00.000Z', level: 'warn', msg: 'slow', ms: 812 }); // '12:00:00 WARN  slow ms=812'
 * ```
 */
export function formatText(entry: Record<string, unknown>): string {
  const { time, level, msg, service: _service, ...fields } = entry;
  const head = `${String(time).slice(11, 19)} ${String(level).toUpperCase().padEnd(5)}`;
  const text = String(msg).trim();
  const pairs = Object.entries(fields).map(([k, v]) => `${k}=${textValue(v as string | number | boolean | null)}`);
  // A multi-line message (a banner) goes below its fields, as it was written.
  if (text.includes('\n')) return [`${head}${pairs.length ? ` ${pairs.join(' ')}` : ''}`, text].join('\n');
  return [`${head} ${text}`, ...pairs].join(' ');
}

/**
 * Creates a logger writing to `write` (default stdout) one line per entry: a JSON object
 * (`{"time","level","msg",...fields}`, `format: 'json'`, the default) or readable text (`format: 'text'`, see
 * {@link formatText}).
 *
 * @example
 * ```ts
 * const log = createLogger({ level: 'info' });
 * log.info('listening', { port: 3000 }); // {"time":"2025-03-07T12:00:00.000Z","level":"info","msg":"listening","port":3000}
 * ```
 */
export function createLogger(opts: { level?: LogLevel; write?: (line: string) => void; base?: LogFields; format?: 'json' | 'text' } = {}): Logger {
  const min = LOG_LEVELS.indexOf(opts.level ?? 'info');
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  const format = opts.format === 'text' ? formatText : (line: Record<string, unknown>) => JSON.stringify(line);
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
      if (LOG_LEVELS.indexOf(level) < min) return;
      const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg, ...base };
      for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) line[k] = v;
      write(`${format(line)}\n`);
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(opts.base ?? {});
}

/**
 * A `console`-shaped adapter for libraries that log with `(message, error)` (the server adapter, the store): the
 * message is kept, an error argument is reduced to {@link errorFields}, other arguments are dropped (they could hold data).
 *
 * @example
 * ```ts
 * createProvefy({ logger: consoleShim(log.child({ component: 'adapter' })) });
 * ```
 */
export function consoleShim(log: Logger): Pick<Console, 'error' | 'warn' | 'info'> {
  const format = (args: unknown[]): [string, LogFields] => {
    const msg = typeof args[0] === 'string' ? scrubSecrets(args[0].slice(0, 500)) : 'message';
    const err = args.slice(1).find((a) => a instanceof Error);
    return [msg, err ? errorFields(err) : {}];
  };
  return {
    error: (...args: unknown[]) => log.error(...format(args)),
    warn: (...args: unknown[]) => log.warn(...format(args)),
    info: (...args: unknown[]) => log.info(...format(args)),
  };
}
