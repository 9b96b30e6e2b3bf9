import { LOG_LEVELS, type LogLevel } from '../config/load-config.js';

/** Structured fields of a log line. Never put names, document data, tokens or keys here. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** A JSON-lines logger. */
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

/**
 * Creates a logger writing one JSON object per line (`{"time","level","msg",...fields}`) to `write` (default stdout).
 *
 * @example
 * ```ts
 * const log = createLogger({ level: 'info' });
 * log.info('listening', { port: 3000 }); // {"time":"2025-03-07T12:00:00.000Z","level":"info","msg":"listening","port":3000}
 * ```
 */
export function createLogger(opts: { level?: LogLevel; write?: (line: string) => void; base?: LogFields } = {}): Logger {
  const min = LOG_LEVELS.indexOf(opts.level ?? 'info');
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
      if (LOG_LEVELS.indexOf(level) < min) return;
      const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg, ...base };
      for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) line[k] = v;
      write(`${JSON.stringify(line)}\n`);
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
