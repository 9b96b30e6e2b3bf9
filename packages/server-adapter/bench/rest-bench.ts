/**
 * REST benchmark: `POST /api/v1/verify` (create) and `GET /api/v1/verify/:id` (read) over real HTTP on loopback, on
 * SQLite and PostgreSQL, with the default configuration (API-key auth, per-key rate limits counted in the database,
 * PII encryption at rest, webhook worker and housekeeping running).
 *
 * Honest by construction: the server is the BUILT adapter (`dist/`, so run `npm run build` first) in its own process
 * (`rest-server.mjs`), the load generator is autocannon in another process (`rest-load.mjs`); with `taskset` and
 * 2+ CPUs the server is pinned to CPU 0 and the load generator to CPU 1. The load average is recorded beside every
 * figure (the numbers are only comparable at a similar load).
 *
 *   npx tsx packages/server-adapter/bench/rest-bench.ts [--duration 10] [--connections 20] [--db sqlite,postgres]
 *       [--no-pin] [--cpu-prof DIR] [--dist other/dist/index.js] [--endpoints create,read] [--rate] [--json]
 *
 * `--rate` adds, after each saturated run, a run capped at the endpoint's target rate (issue #17: SQLite 2,000
 * creates / 3,000 reads per second, PostgreSQL 1,000 / 1,500) reporting the rate reached and its p50/p99: with 20
 * connections in a closed loop the mean latency is 20 / req/s, so the saturated p99 says little about the latency at
 * the target rate. The cap is autocannon's `overallRate`, which is NOT an evenly paced (open-loop) load: each
 * connection sends its quota for the second back to back as soon as the second starts, then waits for the next one
 * (autocannon's `httpClient.js`: a counter reset by a 1 s interval). So the requests of each second arrive as a
 * burst at the saturated rate, and the p99 of that run is near the saturated p99, not the p99 of a steady 1,000/s.
 * So `--rate` also runs the target rate evenly paced (`paced-load.mjs`: open loop, request i due at start + i / rate,
 * latency counted from the due time, so a stall counts for every request scheduled during it). The saturated figures
 * are always measured and reported.
 *
 * `runRestBench(opts)` returns the results (and a markdown section) for `npm run bench`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export type BenchDatabase = 'sqlite' | 'postgres';

export interface RestBenchOptions {
  /** Databases to measure (default both; PostgreSQL is skipped with a note when unreachable). */
  databases?: BenchDatabase[];
  /** Seconds per endpoint (default 10), after a 2 s warm-up. */
  durationSeconds?: number;
  /** Concurrent connections (default 20). */
  connections?: number;
  /** PostgreSQL URL (default env PROVEFY_BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/test). */
  pgUrl?: string;
  /** Pin the server to CPU 0 and the load generator to CPU 1 with taskset (default true when possible). */
  pin?: boolean;
  /** Write a V8 CPU profile of the server process into this directory (`node --cpu-prof`). */
  cpuProfileDir?: string;
  /** Endpoints to measure (default both): `create` (POST) and/or `read` (GET). */
  endpoints?: Array<'create' | 'read'>;
  /** Another build of the adapter to serve (its `dist/index.js`), e.g. an earlier commit's, for an A/B comparison. */
  dist?: string;
  /** Progress lines (default: none). */
  log?: (message: string) => void;
  /** Print a table to stdout (default false). */
  print?: boolean;
  /**
   * Also measure each endpoint at its target rate, beside the saturated run (default false): once with autocannon's
   * `overallRate` (bursts) and once evenly paced (`paced-load.mjs`).
   */
  targetRate?: boolean;
}

/** One run at a fixed offered rate (the issue's target for the endpoint and database). */
export interface RestRateResult {
  /** Offered rate (requests per second over all connections). */
  offeredPerSec: number;
  /** Rate reached (lower than offered when the server cannot keep up). */
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** The same requests timed inside the server process (request event to response `finish`), and its GC pauses. */
  server: ServerSideStats | null;
  non2xx: number;
  errors: number;
  load1: number;
}

/** Server-side timings of one run (`rest-server.mjs`: `/__bench/reset`): the handler's time, GC, event-loop delay and busy share. */
export interface ServerSideStats {
  requests: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  gcCount: number;
  gcMs: number;
  gcMaxMs: number;
  /** Event-loop delay (how late a 2 ms timer fired): what a request arriving meanwhile waited before it was read. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Share of the window the event loop was busy (0-1). */
  loopBusy: number;
}

export interface RestBenchResult {
  database: BenchDatabase;
  endpoint: 'POST /api/v1/verify' | 'GET /api/v1/verify/:id';
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** The same requests timed inside the server process, and its GC pauses. */
  server: ServerSideStats | null;
  non2xx: number;
  errors: number;
  durationSeconds: number;
  connections: number;
  /** 1-minute load average just before the measurement. */
  load1: number;
  /** Server process CPU time (user + system) per request, in ms: robust to other load on the machine. */
  serverCpuMsPerRequest: number | null;
  /** Requests per second of server CPU time (1000 / serverCpuMsPerRequest): the rate one free core would sustain. */
  requestsPerCpuSecond: number | null;
  /**
   * CPU time (user + system, ms) of all `postgres` processes on this machine per request (backends, WAL writer, …),
   * from /proc; null on SQLite or when PostgreSQL is on another host (no such processes visible).
   */
  databaseCpuMsPerRequest: number | null;
  /** The run at the target rate (`targetRate`), if asked for: autocannon `overallRate` (bursts, see above). */
  atTargetRate?: RestRateResult;
  /** The run at the target rate evenly paced (`targetRate`, `paced-load.mjs`). */
  atTargetRatePaced?: RestPacedResult;
}

/** One evenly paced run at the target rate (`paced-load.mjs`). */
export interface RestPacedResult extends RestRateResult {
  latencyP90Ms: number;
  latencyP999Ms: number;
  latencyMaxMs: number;
  /** How late the generator itself sent its latest request: large values mean its figures are not to be trusted. */
  senderLagMaxMs: number;
}

export interface RestBenchReport {
  results: RestBenchResult[];
  skipped: { database: BenchDatabase; reason: string }[];
  environment: { node: string; cpus: number; cpuModel: string; mount: 'node-http'; pinned: boolean; startedAt: string };
  markdown: string;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  duration: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const SERVER_SCRIPT = join(here, 'rest-server.mjs');
const LOAD_SCRIPT = join(here, 'rest-load.mjs');
const PACED_SCRIPT = join(here, 'paced-load.mjs');
const DIST = join(here, '..', 'dist', 'index.js');

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

/** CPU time (user + system, ms) a process has used, from /proc (null where there is none). */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (clock ticks; 100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** CPU time (ms) of every process named `postgres` on this machine (null when there is none: a remote server). */
function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const ms = processCpuMs(Number(entry));
      if (ms === null) continue;
      total += ms;
      found = true;
    } catch {
      /* the process ended meanwhile */
    }
  }
  return found ? total : null;
}

/** Target rates of issue #17 (requests per second). */
const TARGET_RATE: Record<BenchDatabase, { create: number; read: number }> = { sqlite: { create: 2000, read: 3000 }, postgres: { create: 1000, read: 1500 } };

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `node args…`, under `taskset -c cpu` when pinned. */
function nodeCommand(cpu: number | null, args: string[]): [string, string[]] {
  return cpu === null ? [process.execPath, args] : ['taskset', ['-c', String(cpu), process.execPath, ...args]];
}

interface ServerHandle {
  child: ChildProcess;
  port: number;
  key: string;
  sessionId: string;
  /** The sessions the read run picks from. */
  sessionIds: string[];
}

function startServer(database: BenchDatabase, pgUrl: string, cpu: number | null, cpuProfileDir: string | undefined, dist: string | undefined): Promise<ServerHandle> {
  const flags = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  const [cmd, args] = nodeCommand(cpu, [...flags, SERVER_SCRIPT, database, pgUrl]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production', ...(dist ? { PROVEFY_BENCH_DIST: dist } : {}) } });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${database} bench server did not start within 60 s`));
    }, 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^READY (.+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        const info = JSON.parse(m[1]!) as { port: number; key: string; sessionId: string; sessionIds: string[] };
        resolve({ child, ...info });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${database} bench server exited with ${code} before it was ready`));
    });
  });
}

function stopServer(s: ServerHandle): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    const timer = setTimeout(() => s.child.kill('SIGKILL'), 20_000);
    s.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    s.child.kill('SIGTERM');
  });
}

interface PacedLoadResult {
  offeredPerSec: number;
  requests: number;
  requestsPerSec: number;
  latency: { p50: number; p90: number; p99: number; p999: number; max: number };
  non2xx: number;
  errors: number;
  senderLagMaxMs: number;
}

function runLoad(request: Record<string, unknown>, cpu: number | null): Promise<AutocannonResult>;
function runLoad(request: Record<string, unknown>, cpu: number | null, script: typeof PACED_SCRIPT): Promise<PacedLoadResult>;
function runLoad(request: Record<string, unknown>, cpu: number | null, script = LOAD_SCRIPT): Promise<AutocannonResult | PacedLoadResult> {
  const [cmd, args] = nodeCommand(cpu, [script, JSON.stringify(request)]);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as AutocannonResult);
      } catch (e) {
        reject(new Error(`the load generator printed no result: ${(e as Error).message}`));
      }
    });
  });
}

/** Reads the server's timing window and starts a new one (`rest-server.mjs`: `/__bench/reset`); null if that fails. */
async function serverStats(base: string): Promise<ServerSideStats | null> {
  try {
    const res = await fetch(`${base}/__bench/reset`);
    if (!res.ok) return null;
    const stats = (await res.json()) as Partial<ServerSideStats>;
    return typeof stats.requests === 'number' ? (stats as ServerSideStats) : null;
  } catch {
    return null;
  }
}

async function measure(database: BenchDatabase, opts: Required<Pick<RestBenchOptions, 'durationSeconds' | 'connections' | 'pgUrl'>> & { pinned: boolean; cpuProfileDir?: string; dist?: string; endpoints?: Array<'create' | 'read'>; targetRate?: boolean; log: (m: string) => void }): Promise<RestBenchResult[]> {
  const server = await startServer(database, opts.pgUrl, opts.pinned ? 0 : null, opts.cpuProfileDir, opts.dist);
  const loadCpu = opts.pinned ? 1 : null;
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const headers = { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ externalRef: 'user_12345', checks: ['liveness', 'doc_verify', 'face_match'], metadata: { plan: 'premium' } });
    const runs: Array<[RestBenchResult['endpoint'], Record<string, unknown>]> = [
      ['POST /api/v1/verify', { url: `${base}/api/v1/verify`, method: 'POST', headers, body }],
      // Reads pick one of the server's 201 sessions at random (a single id would let concurrent reads share its row).
      ['GET /api/v1/verify/:id', { url: base, paths: server.sessionIds.map((id) => `/api/v1/verify/${id}`), method: 'GET', headers: { authorization: headers.authorization } }],
    ];
    const out: RestBenchResult[] = [];
    const wanted = opts.endpoints ?? ['create', 'read'];
    for (const [endpoint, request] of runs.filter(([e]) => wanted.includes(e.startsWith('POST') ? 'create' : 'read'))) {
      await runLoad({ ...request, connections: opts.connections, duration: 2 }, loadCpu); // warm-up (JIT, caches, pool)
      const load1 = Math.round(loadavg()[0]! * 100) / 100;
      const db0 = database === 'postgres' ? postgresCpuMs() : null;
      const cpu0 = processCpuMs(server.child.pid);
      await serverStats(base);
      const r = await runLoad({ ...request, connections: opts.connections, duration: opts.durationSeconds }, loadCpu);
      const cpu1 = processCpuMs(server.child.pid);
      const serverSide = await serverStats(base);
      const db1 = database === 'postgres' ? postgresCpuMs() : null;
      const cpuPerReq = cpu0 !== null && cpu1 !== null && r.requests.total > 0 ? (cpu1 - cpu0) / r.requests.total : null;
      const dbPerReq = db0 !== null && db1 !== null && r.requests.total > 0 ? (db1 - db0) / r.requests.total : null;
      const row: RestBenchResult = {
        database,
        endpoint,
        requestsPerSec: Math.round(r.requests.average),
        latencyP50Ms: r.latency.p50,
        latencyP99Ms: r.latency.p99,
        server: serverSide,
        non2xx: r.non2xx,
        errors: r.errors,
        durationSeconds: r.duration,
        connections: opts.connections,
        load1,
        serverCpuMsPerRequest: cpuPerReq === null ? null : Math.round(cpuPerReq * 1000) / 1000,
        requestsPerCpuSecond: cpuPerReq ? Math.round(1000 / cpuPerReq) : null,
        databaseCpuMsPerRequest: dbPerReq === null ? null : Math.round(dbPerReq * 1000) / 1000,
      };
      opts.log(
        `${database} ${endpoint}: ${row.requestsPerSec} req/s, p50 ${row.latencyP50Ms} ms, p99 ${row.latencyP99Ms} ms (handler ${serverSide?.p99Ms ?? 'n/a'} ms), server CPU ${row.serverCpuMsPerRequest} ms/req = ${row.requestsPerCpuSecond} req per CPU-s${dbPerReq === null ? '' : `, PostgreSQL CPU ${row.databaseCpuMsPerRequest} ms/req`} (load ${load1})`,
      );
      if (opts.targetRate) {
        const offered = TARGET_RATE[database][endpoint.startsWith('POST') ? 'create' : 'read'];
        const rateLoad1 = Math.round(loadavg()[0]! * 100) / 100;
        await serverStats(base);
        const t = await runLoad({ ...request, connections: opts.connections, duration: opts.durationSeconds, overallRate: offered }, loadCpu);
        const rateServerSide = await serverStats(base);
        row.atTargetRate = {
          offeredPerSec: offered,
          requestsPerSec: Math.round(t.requests.average),
          latencyP50Ms: t.latency.p50,
          latencyP99Ms: t.latency.p99,
          server: rateServerSide,
          non2xx: t.non2xx,
          errors: t.errors,
          load1: rateLoad1,
        };
        const pacedLoad1 = Math.round(loadavg()[0]! * 100) / 100;
        await serverStats(base);
        const pr = await runLoad({ ...request, rate: offered, duration: opts.durationSeconds, warmup: 1, connections: 64 }, loadCpu, PACED_SCRIPT);
        const pacedServerSide = await serverStats(base);
        row.atTargetRatePaced = {
          offeredPerSec: offered,
          requestsPerSec: pr.requestsPerSec,
          latencyP50Ms: pr.latency.p50,
          latencyP90Ms: pr.latency.p90,
          latencyP99Ms: pr.latency.p99,
          latencyP999Ms: pr.latency.p999,
          latencyMaxMs: pr.latency.max,
          senderLagMaxMs: pr.senderLagMaxMs,
          server: pacedServerSide,
          non2xx: pr.non2xx,
          errors: pr.errors,
          load1: pacedLoad1,
        };
        opts.log(
          `${database} ${endpoint} at ${offered} req/s offered: ${row.atTargetRate.requestsPerSec} req/s, p50 ${t.latency.p50} ms, p99 ${t.latency.p99} ms; handler p50 ${rateServerSide?.p50Ms ?? 'n/a'} ms, p99 ${rateServerSide?.p99Ms ?? 'n/a'} ms, GC ${rateServerSide?.gcMs ?? 'n/a'} ms (longest ${rateServerSide?.gcMaxMs ?? 'n/a'}), loop delay p99 ${rateServerSide?.loopDelayP99Ms ?? 'n/a'} / max ${rateServerSide?.loopDelayMaxMs ?? 'n/a'} ms, loop busy ${rateServerSide?.loopBusy ?? 'n/a'} (load ${rateLoad1})`,
        );
        opts.log(
          `${database} ${endpoint} at ${offered} req/s evenly paced: ${pr.requestsPerSec} req/s, p50 ${pr.latency.p50} ms, p90 ${pr.latency.p90} ms, p99 ${pr.latency.p99} ms, p99.9 ${pr.latency.p999} ms, max ${pr.latency.max} ms (sender lag max ${pr.senderLagMaxMs} ms); handler p50 ${pacedServerSide?.p50Ms ?? 'n/a'} ms, p99 ${pacedServerSide?.p99Ms ?? 'n/a'} ms, GC ${pacedServerSide?.gcMs ?? 'n/a'} ms (longest ${pacedServerSide?.gcMaxMs ?? 'n/a'}), loop delay p99 ${pacedServerSide?.loopDelayP99Ms ?? 'n/a'} / max ${pacedServerSide?.loopDelayMaxMs ?? 'n/a'} ms, loop busy ${pacedServerSide?.loopBusy ?? 'n/a'} (load ${pacedLoad1})`,
        );
      }
      out.push(row);
    }
    return out;
  } finally {
    await stopServer(server);
  }
}

function markdownOf(report: RestBenchReport, seconds: number, connections: number): string {
  const e = report.environment;
  const lines = [
    `Server: the built \`@provefy/server-adapter\` (dist) behind the node:http mount in its own Node process, default configuration: API-key auth, per-key rate limit counted in the database on every request, PII encryption at rest, webhook worker and housekeeping running. Load: autocannon in another process, ${connections} connections, ${seconds} s per endpoint after a 2 s warm-up; each read is of one of 201 sessions, picked at random${e.pinned ? '; server pinned to CPU 0, load generator to CPU 1 (taskset)' : '; not pinned'}. ${e.cpus} CPUs (${e.cpuModel}), Node ${e.node}.`,
    '',
    '`load1` is the 1-minute load average just before each measurement: other work on the machine lowers req/s and raises p99. *handler* times the same requests inside the server process, from the request event to the response\'s `finish`; the client\'s latency adds the time a request waits in its socket before the server\'s event loop reads it (behind other requests, or a GC pause: *event-loop delay*), and the time the load generator waits for its own core (shared with PostgreSQL on this machine). `CPU ms/req` is the server process\'s CPU time (user + system, from /proc) over the requests it served, and `req per CPU-s` its inverse; on a busy machine it rises too (cold caches, fewer requests per wake-up), so compare figures taken at a similar load.',
    '',
    '| database | endpoint | req/s | p50 ms | p99 ms | handler p99 ms | non-2xx | errors | server CPU ms/req | req per CPU-s | PostgreSQL CPU ms/req | load1 |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.results.map(
      (r) =>
        `| ${r.database} | ${r.endpoint} | ${r.requestsPerSec} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.server?.p99Ms ?? 'n/a'} | ${r.non2xx} | ${r.errors} | ${r.serverCpuMsPerRequest ?? 'n/a'} | ${r.requestsPerCpuSecond ?? 'n/a'} | ${r.databaseCpuMsPerRequest ?? 'n/a'} | ${r.load1} |`,
    ),
  ];
  const rated = report.results.filter((r) => r.atTargetRate);
  if (rated.length > 0) {
    lines.push(
      '',
      `At the target rate (autocannon \`overallRate\`, the same ${connections} connections, ${seconds} s; each connection sends its share of each second back to back at the start of the second, so the requests come as bursts at the saturated rate, not evenly paced; a connection still waits for each answer, so the rate reached is lower when the server cannot keep up):`,
      '',
      '| database | endpoint | offered req/s | reached req/s | p50 ms | p99 ms | handler p50 / p99 ms | server GC ms (longest) | event-loop delay p99 / max ms | loop busy | non-2xx | errors | load1 |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rated.map((r) => {
        const t = r.atTargetRate!;
        const s = t.server;
        return `| ${r.database} | ${r.endpoint} | ${t.offeredPerSec} | ${t.requestsPerSec} | ${t.latencyP50Ms} | ${t.latencyP99Ms} | ${s ? `${s.p50Ms} / ${s.p99Ms}` : 'n/a'} | ${s ? `${s.gcMs} (${s.gcMaxMs})` : 'n/a'} | ${s ? `${s.loopDelayP99Ms} / ${s.loopDelayMaxMs}` : 'n/a'} | ${s ? s.loopBusy : 'n/a'} | ${t.non2xx} | ${t.errors} | ${t.load1} |`;
      }),
    );
  }
  const paced = report.results.filter((r) => r.atTargetRatePaced);
  if (paced.length > 0) {
    lines.push(
      '',
      `At the target rate, evenly paced (\`paced-load.mjs\`, open loop: request i is due at start + i / rate and its latency counts from that time, so a stall counts for every request scheduled during it; up to 64 connections, ${seconds} s after a 1 s warm-up; *sender lag* is how late the generator itself sent a request, on its core shared with PostgreSQL):`,
      '',
      '| database | endpoint | offered req/s | reached req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | sender lag max ms | handler p50 / p99 ms | server GC ms (longest) | event-loop delay p99 / max ms | loop busy | non-2xx | errors | load1 |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...paced.map((r) => {
        const t = r.atTargetRatePaced!;
        const s = t.server;
        return `| ${r.database} | ${r.endpoint} | ${t.offeredPerSec} | ${t.requestsPerSec} | ${t.latencyP50Ms} | ${t.latencyP90Ms} | ${t.latencyP99Ms} | ${t.latencyP999Ms} | ${t.latencyMaxMs} | ${t.senderLagMaxMs} | ${s ? `${s.p50Ms} / ${s.p99Ms}` : 'n/a'} | ${s ? `${s.gcMs} (${s.gcMaxMs})` : 'n/a'} | ${s ? `${s.loopDelayP99Ms} / ${s.loopDelayMaxMs}` : 'n/a'} | ${s ? s.loopBusy : 'n/a'} | ${t.non2xx} | ${t.errors} | ${t.load1} |`;
      }),
    );
  }
  for (const s of report.skipped) lines.push('', `- ${s.database} skipped: ${s.reason}`);
  lines.push(
    '',
    'Targets (issue #17): SQLite 3,000 reads / 2,000 creates per second, PostgreSQL 1,500 / 1,000, p99 under 20 ms. Where a request spends its time (CPU profile of the server process) and what was changed for it: [rest-profile.md](rest-profile.md).',
  );
  return lines.join('\n');
}

/**
 * Measures `POST /api/v1/verify` and `GET /api/v1/verify/:id` on each database against the built server in its own
 * process and returns req/s and latency percentiles (plus a markdown section for docs/performance.md).
 *
 * @example
 * ```ts
 * const report = await runRestBench({ durationSeconds: 10, connections: 20 });
 * for (const r of report.results) console.log(r.database, r.endpoint, r.requestsPerSec, r.latencyP99Ms);
 * ```
 */
export async function runRestBench(options: RestBenchOptions = {}): Promise<RestBenchReport> {
  if (!options.dist && !existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first (the benchmark measures the built packages)`);
  const durationSeconds = options.durationSeconds ?? 10;
  const connections = options.connections ?? 20;
  const pgUrl = options.pgUrl ?? process.env.PROVEFY_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pinned = (options.pin ?? true) && cpus().length >= 2 && hasTaskset();
  const log = options.log ?? (() => {});
  const report: RestBenchReport = {
    results: [],
    skipped: [],
    environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', mount: 'node-http', pinned, startedAt: new Date().toISOString() },
    markdown: '',
  };
  for (const database of options.databases ?? (['sqlite', 'postgres'] as const)) {
    if (database === 'postgres') {
      const problem = await probePg(pgUrl);
      if (problem) {
        report.skipped.push({ database, reason: `PostgreSQL unreachable: ${problem}` });
        continue;
      }
    }
    report.results.push(...(await measure(database, { durationSeconds, connections, pgUrl, pinned, log, targetRate: options.targetRate ?? false, ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}), ...(options.dist ? { dist: options.dist } : {}), ...(options.endpoints ? { endpoints: options.endpoints } : {}) })));
  }
  report.markdown = markdownOf(report, durationSeconds, connections);
  if (options.print) console.log(report.markdown);
  return report;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const asJson = process.argv.includes('--json');
  const profileDir = arg('cpu-prof');
  const report = await runRestBench({
    durationSeconds: Number(arg('duration') ?? 10),
    connections: Number(arg('connections') ?? 20),
    databases: (arg('db')?.split(',') as BenchDatabase[] | undefined) ?? ['sqlite', 'postgres'],
    pin: !process.argv.includes('--no-pin'),
    ...(profileDir ? { cpuProfileDir: profileDir } : {}),
    ...(arg('dist') ? { dist: arg('dist') } : {}),
    ...(arg('endpoints') ? { endpoints: arg('endpoints')!.split(',') as Array<'create' | 'read'> } : {}),
    targetRate: process.argv.includes('--rate'),
    log: (m) => console.error(m),
    print: !asJson,
  });
  if (asJson) console.log(JSON.stringify(report, null, 2));
}
