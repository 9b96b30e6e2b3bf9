/**
 * REST benchmark: `POST /verify` and `GET /verify/:id` over real HTTP on loopback with autocannon, on SQLite and
 * PostgreSQL. The server runs in this process behind the node:http mount (the numbers include autocannon's own CPU
 * use on the same machine).
 *
 *   npx tsx packages/server-adapter/bench/rest-bench.ts [--duration 5] [--connections 20] [--db sqlite,postgres] [--json]
 *
 * `runRestBench(opts)` returns the results as JSON for `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
// The built adapter (as users import it): `npm run build -w @provefy/server-adapter` first.
import { type Provefy, createProvefy, createStore, toNodeHandler } from '@provefy/server-adapter';

export type BenchDatabase = 'sqlite' | 'postgres';

export interface RestBenchOptions {
  /** Databases to measure (default both; PostgreSQL is skipped with a note when unreachable). */
  databases?: BenchDatabase[];
  /** Seconds per endpoint (default 5). */
  durationSeconds?: number;
  /** Concurrent connections (default 20). */
  connections?: number;
  /** PostgreSQL URL (default env PROVEFY_BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/test). */
  pgUrl?: string;
  /** Print a table to stdout (default false). */
  print?: boolean;
}

export interface RestBenchResult {
  database: BenchDatabase;
  endpoint: 'POST /api/v1/verify' | 'GET /api/v1/verify/:id';
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyAvgMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  durationSeconds: number;
  connections: number;
}

export interface RestBenchReport {
  results: RestBenchResult[];
  skipped: { database: BenchDatabase; reason: string }[];
  environment: { node: string; cpus: number; cpuModel: string; mount: 'node-http'; startedAt: string };
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const BENCH_KEY = Buffer.alloc(32, 9).toString('base64');

async function probePg(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function measure(database: BenchDatabase, opts: Required<Omit<RestBenchOptions, 'databases' | 'print'>>): Promise<RestBenchResult[]> {
  let cleanup: () => Promise<void>;
  const schema = `provefy_bench_${process.pid}_${Date.now().toString(36)}`;
  let dir = '';
  const store =
    database === 'sqlite'
      ? createStore({ dialect: 'sqlite', filename: join((dir = mkdtempSync(join(tmpdir(), 'provefy-bench-'))), 'bench.db') }, { encryption: { key: BENCH_KEY } })
      : createStore({ dialect: 'postgres', connectionString: opts.pgUrl, schema, poolSize: 20 }, { encryption: { key: BENCH_KEY } });
  if (database === 'sqlite') {
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    cleanup = async () => {
      const c = new pg.Client({ connectionString: opts.pgUrl });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    };
  }
  await store.migrate();
  const provefy: Provefy = createProvefy({ store, webhooks: false, sweepIntervalMs: 0, logger: { error: console.error, warn: () => {}, info: () => {} } });
  await provefy.ready();
  const server: Server = createServer(toNodeHandler(provefy.fetch));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { key } = await store.apiKeys.create({ name: 'bench', rateLimitPerMinute: 1_000_000 });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ externalRef: 'user_12345', checks: ['liveness', 'doc_verify', 'face_match'], metadata: { plan: 'premium' } });
    const created = await fetch(`${base}/api/v1/verify`, { method: 'POST', headers, body });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const runs: Array<[RestBenchResult['endpoint'], Record<string, unknown>]> = [
      ['POST /api/v1/verify', { url: `${base}/api/v1/verify`, method: 'POST', headers, body }],
      ['GET /api/v1/verify/:id', { url: `${base}/api/v1/verify/${sessionId}`, method: 'GET', headers }],
    ];
    const out: RestBenchResult[] = [];
    for (const [endpoint, request] of runs) {
      await autocannon({ ...request, connections: opts.connections, duration: 1 }); // warm-up
      const r = await autocannon({ ...request, connections: opts.connections, duration: opts.durationSeconds });
      out.push({
        database,
        endpoint,
        requestsPerSec: Math.round(r.requests.average),
        latencyP50Ms: r.latency.p50,
        latencyP99Ms: r.latency.p99,
        latencyAvgMs: Math.round(r.latency.average * 100) / 100,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        durationSeconds: r.duration,
        connections: opts.connections,
      });
    }
    return out;
  } finally {
    await new Promise((r) => server.close(r));
    await provefy.close();
    await store.close();
    await cleanup();
  }
}

/**
 * Measures `POST /api/v1/verify` and `GET /api/v1/verify/:id` on each database and returns req/s and latency
 * percentiles.
 *
 * @example
 * ```ts
 * const report = await runRestBench({ durationSeconds: 5, connections: 20 });
 * for (const r of report.results) console.log(r.database, r.endpoint, r.requestsPerSec, r.latencyP99Ms);
 * ```
 */
export async function runRestBench(options: RestBenchOptions = {}): Promise<RestBenchReport> {
  const opts = {
    durationSeconds: options.durationSeconds ?? 5,
    connections: options.connections ?? 20,
    pgUrl: options.pgUrl ?? process.env.PROVEFY_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
  const report: RestBenchReport = {
    results: [],
    skipped: [],
    environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', mount: 'node-http', startedAt: new Date().toISOString() },
  };
  for (const database of options.databases ?? (['sqlite', 'postgres'] as const)) {
    if (database === 'postgres') {
      const problem = await probePg(opts.pgUrl);
      if (problem) {
        report.skipped.push({ database, reason: `PostgreSQL unreachable: ${problem}` });
        continue;
      }
    }
    report.results.push(...(await measure(database, opts)));
  }
  if (options.print) {
    console.log(`REST benchmark (${opts.connections} connections, ${opts.durationSeconds} s per endpoint, node:http mount, ${report.environment.cpus} CPUs)`);
    console.log('database  endpoint                  req/s    p50 ms  p99 ms  non-2xx');
    for (const r of report.results) {
      console.log(
        `${r.database.padEnd(9)} ${r.endpoint.padEnd(24)} ${String(r.requestsPerSec).padStart(6)} ${String(r.latencyP50Ms).padStart(8)} ${String(r.latencyP99Ms).padStart(7)} ${String(r.non2xx).padStart(8)}`,
      );
    }
    for (const s of report.skipped) console.log(`skipped ${s.database}: ${s.reason}`);
  }
  return report;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const asJson = process.argv.includes('--json');
  const report = await runRestBench({
    durationSeconds: Number(arg('duration') ?? 5),
    connections: Number(arg('connections') ?? 20),
    databases: (arg('db')?.split(',') as BenchDatabase[] | undefined) ?? ['sqlite', 'postgres'],
    print: !asJson,
  });
  if (asJson) console.log(JSON.stringify(report, null, 2));
}
