/**
 * The Provefy reference server: `npm start`. Reads the config (provefy.config.json + env), opens the database
 * (SQLite in ./data, or PostgreSQL with DATABASE_URL), serves the REST API, the hosted verification page and the
 * admin dashboard, and prints a one-time admin setup link on the very first start.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapAdmin } from './admin/auth/admin-accounts.js';
import { createApp } from './app/create-app.js';
import { startServer } from './app/start-server.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger, scrubSecrets } from './log/logger.js';
import { checksEnabledByKeys, modelReadiness } from './models/model-readiness.js';
import { describeDatabase, openStore } from './store/open-store.js';

/** A start-up failure whose message is meant for a person, printed as it is. */
export class StartupError extends Error {
  override name = 'StartupError';
}

interface Args {
  config?: string;
  resetAdmin: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { resetAdmin: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') args.config = argv[++i];
    else if (a.startsWith('--config=')) args.config = a.slice('--config='.length);
    else if (a === '--reset-admin') args.resetAdmin = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else throw new ConfigError(`Unknown argument: ${a} (try --help)`);
  }
  return args;
}

const HELP = `Provefy reference server

Usage: npm start [-- --config provefy.config.json] [-- --reset-admin]

  --config FILE   JSON config file (default: ./provefy.config.json when present; env PROVEFY_CONFIG)
  --reset-admin   print a new one-time admin setup link (signs out every dashboard session)

Environment: PORT, HOST, PROVEFY_DATA_DIR, DATABASE_URL, PROVEFY_PUBLIC_URL, PROVEFY_ENCRYPTION_KEY,
PROVEFY_IMAGE_RETENTION_HOURS, PROVEFY_SESSION_TTL_MINUTES, PROVEFY_ADMIN_TOKEN, PROVEFY_ADMIN_PASSWORD,
PROVEFY_TRUST_PROXY, PROVEFY_WORK_CONCURRENCY, LOG_LEVEL, LOG_FORMAT (text, json; default: text on a terminal).
Models: PROVEFY_MODELS_DIR, PROVEFY_MODEL_MIRROR, PROVEFY_PROFILE. See docs/reference-server.md.
`;

/** The built web pages (vite output) next to the sources: apps/reference-server/dist/web. */
export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/**
 * Starts the server and installs signal handlers. Returns the running server (tests call it in-process too).
 *
 * @example
 * ```ts
 * const running = await main(['--config', 'provefy.config.json']);
 * ```
 */
export async function main(argv = process.argv.slice(2), env = process.env) {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(HELP);
    return null;
  }
  const config = loadConfig({ env, ...(args.config ? { configFile: args.config } : {}) });
  const format = config.logFormat === 'auto' ? (process.stdout.isTTY ? 'text' : 'json') : config.logFormat;
  const log = createLogger({ level: config.logLevel, format, base: { service: 'provefy-reference-server' } });
  log.info('starting', { pid: process.pid, database: describeDatabase(config), configFile: config.configFile ?? null, node: process.version });

  const store = await openStore(config, log);
  // No "listening" unless the models can serve every check an API key enables (all four before the first key).
  const models = await modelReadiness(await checksEnabledByKeys(store));
  if (!models.ok) {
    await store.close().catch(() => undefined);
    throw new StartupError(models.message);
  }
  if (models.profile) {
    const p = models.profile;
    log.info('models ready', { profile: p.name, detector: p.detector, recognizer: p.recognizer, checks: models.checks.join(',') });
  } else {
    log.warn('no API key enables a check: models were not checked; install them before enabling a check on a key');
  }
  const app = createApp({ config, log, store, webDir: process.env.PROVEFY_WEB_DIR ?? WEB_DIR });
  await app.ready();
  // The account exists before the server listens: a sign-in right after `listening` must not race its creation.
  const outcome = await bootstrapAdmin(store, { ...(config.adminPassword ? { password: config.adminPassword } : {}), reset: args.resetAdmin });
  const running = await startServer(app, { port: config.port, host: config.host, log, shutdownTimeoutMs: config.shutdownTimeoutMs });
  const base = config.publicUrl ?? running.url;
  log.info('listening', { url: running.url, port: running.port, publicUrl: base, dashboard: `${base}/admin` });

  if (outcome.kind === 'setup-token') {
    // Printed once, to stderr, never logged: the link's token is single-use and only its hash is stored.
    process.stderr.write(
      [
        '',
        '  ┌─ Provefy admin ─────────────────────────────────────────────────────────',
        '  │ Open this one-time link to set the dashboard password (user "admin"):',
        `  │ ${base}/admin/setup#${outcome.token}`,
        '  │ It is shown only now and works once. Lost it? Restart with --reset-admin.',
        '  └──────────────────────────────────────────────────────────────────────────',
        '',
      ].join('\n') + '\n',
    );
    log.info('admin setup link printed to stderr (one-time)');
  } else if (outcome.kind === 'password-from-config') {
    log.info('admin password set from configuration');
  }

  const stop = (signal: string) => {
    running.shutdown(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return running;
}

const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry || process.env.PROVEFY_REFERENCE_SERVER_MAIN === '1') {
  main().catch((e) => {
    // Read by a person: plain text, never a JSON string with escaped newlines.
    if (e instanceof ConfigError) process.stderr.write(`Configuration error: ${e.message}\n`);
    else if (e instanceof StartupError) process.stderr.write(`\n${e.message}\n\n`);
    else process.stderr.write(`Provefy failed to start: ${scrubSecrets(e instanceof Error ? `${e.name}: ${e.message}` : String(e))}\n`);
    process.exit(1);
  });
}
