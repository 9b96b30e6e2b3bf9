/**
 * The server side of the REST benchmark: the BUILT adapter (`../dist/index.js`, run `npm run build` first) behind the
 * node:http mount, in its own process, in the default configuration (API-key auth, per-key rate limits in the
 * database, PII encryption at rest, webhook worker and housekeeping running). It prints one line
 * `READY {"port":…,"key":"kyc_test_…","sessionId":"…","sessionIds":[…201 ids]}` on stdout when it listens, and closes on SIGTERM / SIGINT
 * (so `node --cpu-prof` writes its profile).
 *
 * It also times every request inside the server (from the request event to the response's `finish`: the handler's
 * time, not the time a request waits in its socket while the event loop is busy), its garbage collections, the event
 * loop's delay (how late a timer fires: what a request arriving meanwhile waits before it is read) and the share of
 * time the loop was busy: `GET /__bench/reset` starts a new window and answers the last one. These paths never reach
 * the adapter.
 *
 *   node packages/server-adapter/bench/rest-server.mjs sqlite|postgres [pgUrl]
 *   PROVEFY_BENCH_DIST=/path/to/other/dist/index.js node …   (measure another build)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

// PROVEFY_BENCH_DIST: another build of the adapter to measure (an A/B comparison against an earlier commit's dist).
const dist = process.env.PROVEFY_BENCH_DIST ? pathToFileURL(process.env.PROVEFY_BENCH_DIST).href : new URL('../dist/index.js', import.meta.url).href;
const { createProvefy, createStore, toNodeHandler } = await import(dist);

const database = process.argv[2] ?? 'sqlite';
const pgUrl = process.argv[3] ?? 'postgres://postgres@127.0.0.1:5432/test';
const encryption = { key: Buffer.alloc(32, 9).toString('base64') };
const schema = `provefy_bench_${process.pid}_${Date.now().toString(36)}`;
let dir = '';

const store =
  database === 'sqlite'
    ? createStore({ dialect: 'sqlite', filename: join((dir = mkdtempSync(join(tmpdir(), 'provefy-bench-'))), 'bench.db') }, { encryption })
    : createStore({ dialect: 'postgres', connectionString: pgUrl, schema }, { encryption });
const provefy = createProvefy({ store, logger: { error: console.error, warn: () => {}, info: () => {} } });
await provefy.ready();
const handler = toNodeHandler(provefy.fetch);
/** Server-side durations (ms) of the requests of the current window, its GC pauses, event-loop delay and busy share. */
const loopDelay = monitorEventLoopDelay({ resolution: 2 });
loopDelay.enable();
const newWindow = () => {
  loopDelay.reset();
  return { durations: [], gcMs: 0, gcMaxMs: 0, gcCount: 0, elu: performance.eventLoopUtilization() };
};
let window = newWindow();
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.gcMs += e.duration;
    window.gcMaxMs = Math.max(window.gcMaxMs, e.duration);
    window.gcCount++;
  }
}).observe({ entryTypes: ['gc'] });
const percentile = (sorted, q) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
const round = (x) => (x === null ? null : Math.round(x * 10) / 10);
const server = createServer((req, res) => {
  if (req.url === '/__bench/reset') {
    const w = window;
    const sorted = Float64Array.from(w.durations).sort();
    const loop = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6, busy: performance.eventLoopUtilization(w.elu).utilization };
    window = newWindow();
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        requests: sorted.length,
        p50Ms: round(percentile(sorted, 0.5)),
        p99Ms: round(percentile(sorted, 0.99)),
        maxMs: round(percentile(sorted, 1)),
        gcCount: w.gcCount,
        gcMs: round(w.gcMs),
        gcMaxMs: round(w.gcMaxMs),
        loopDelayP99Ms: round(loop.p99),
        loopDelayMaxMs: round(loop.max),
        loopBusy: Math.round(loop.busy * 100) / 100,
      }),
    );
    return;
  }
  const start = performance.now();
  const durations = window.durations;
  res.once('finish', () => durations.push(performance.now() - start));
  handler(req, res);
});
server.keepAliveTimeout = 30_000;
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

// A key with a limit the benchmark cannot reach: every request is still counted against it in the database.
const { key } = await store.apiKeys.create({ name: 'bench', rateLimitPerMinute: 1_000_000 });
const created = await fetch(`http://127.0.0.1:${port}/api/v1/verify`, {
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: JSON.stringify({ externalRef: 'user_12345', checks: ['liveness', 'doc_verify', 'face_match'], metadata: { plan: 'premium' } }),
});
if (created.status !== 201) {
  console.error(`bench server: POST /api/v1/verify answered ${created.status}: ${await created.text()}`);
  process.exit(1);
}
const { sessionId } = await created.json();
// Sessions for the read run to pick from at random (real reads are of many sessions, not one).
const sessionIds = [sessionId];
for (let batch = 0; batch < 10; batch++) {
  const more = await Promise.all(
    Array.from({ length: 20 }, () =>
      fetch(`http://127.0.0.1:${port}/api/v1/verify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ externalRef: `user_${sessionIds.length}`, checks: ['liveness', 'doc_verify', 'face_match'] }),
      }).then((r) => r.json()),
    ),
  );
  sessionIds.push(...more.map((m) => m.sessionId));
}
process.stdout.write(`READY ${JSON.stringify({ port, key, sessionId, sessionIds, pid: process.pid })}\n`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  server.closeAllConnections?.();
  await new Promise((r) => server.close(r));
  await provefy.close();
  await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  else {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop schema if exists "${schema}" cascade`);
    await c.end();
  }
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
