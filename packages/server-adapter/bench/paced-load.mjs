/**
 * An evenly paced (open-loop) load generator for the REST benchmark, in its own process: request i is due at
 * start + i / rate, whatever happened to the requests before it, and its latency is counted from that due time (so a
 * server stall delays every request scheduled during it, and they all count: no coordinated omission, as in wrk2).
 * autocannon's `overallRate` cannot do this: it sends each connection's quota for a second back to back at the start
 * of the second (see rest-bench.ts).
 *
 *   node packages/server-adapter/bench/paced-load.mjs '{"url":"http://127.0.0.1:3000","method":"POST","path":"/api/v1/verify",
 *     "headers":{...},"body":"...","rate":1000,"duration":5,"warmup":1,"connections":64}'
 *
 * With `"paths": [...]` each request goes to one of them, picked at random. Prints one JSON line: the rate reached,
 * latency percentiles (ms), non-2xx, errors, and how late the sender itself ran (`senderLagMaxMs`: if that is large,
 * the generator could not keep its own schedule and the figures are not to be trusted).
 *
 * Cheap by design, so it does not compete with the server and the database for CPU: raw keep-alive sockets,
 * pre-built request bytes, a response parser that only reads the status and the body length, one 1 ms timer.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

const o = JSON.parse(process.argv[2] ?? '{}');
const url = new URL(o.url);
const rate = Number(o.rate);
const durationMs = Number(o.duration ?? 5) * 1000;
const warmupMs = Number(o.warmup ?? 1) * 1000;
const maxConnections = Number(o.connections ?? 64);
if (!(rate > 0) || !(durationMs > 0)) throw new Error('rate and duration must be positive');

const paths = Array.isArray(o.paths) ? o.paths : [o.path ?? (url.pathname || '/')];
const body = o.body === undefined ? null : Buffer.from(o.body);
const headerLines = Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
/** The request bytes for each path, built once. */
const requests = paths.map((p) =>
  Buffer.concat([
    Buffer.from(`${o.method ?? 'GET'} ${p} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n${headerLines}${body ? `Content-Length: ${body.length}\r\n` : ''}\r\n`),
    ...(body ? [body] : []),
  ]),
);

const latencies = [];
let non2xx = 0;
let errors = 0;
let sent = 0;
let done = 0;
let senderLagMaxMs = 0;
/** Due times of requests waiting for a free connection (their latency counts from the due time). */
const backlog = [];
const idle = [];
const all = new Set();

function record(due, status) {
  done++;
  if (due < measureFrom || due >= measureTo) return;
  latencies.push(performance.now() - due);
  if (status < 200 || status > 299) non2xx++;
}

/** One keep-alive connection; `send(due)` writes a request, and the response is parsed as it arrives. */
function openConnection() {
  const socket = connect({ host: url.hostname, port: Number(url.port || 80), noDelay: true });
  const c = { socket, due: 0, buf: Buffer.alloc(0), busy: false, ready: false };
  all.add(c);
  socket.on('connect', () => {
    c.ready = true;
    next(c);
  });
  socket.on('data', (chunk) => {
    c.buf = c.buf.length === 0 ? chunk : Buffer.concat([c.buf, chunk]);
    for (;;) {
      const end = c.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = c.buf.subarray(0, end).toString('latin1');
      const status = Number(head.slice(9, 12));
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      let total;
      if (m) total = end + 4 + Number(m[1]);
      else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
        const z = c.buf.indexOf('\r\n0\r\n\r\n', end);
        if (z < 0) return;
        total = z + 7;
      } else total = end + 4;
      if (c.buf.length < total) return;
      c.buf = c.buf.subarray(total);
      c.busy = false;
      record(c.due, status);
      next(c);
    }
  });
  const fail = () => {
    all.delete(c);
    const i = idle.indexOf(c);
    if (i >= 0) idle.splice(i, 1);
    if (c.busy) {
      errors++;
      record(c.due, 0);
    }
    c.busy = false;
  };
  socket.on('error', fail);
  socket.on('close', fail);
  return c;
}

/** A free connection takes the oldest waiting request, or goes back to the idle queue. */
function next(c) {
  const due = backlog.shift();
  if (due === undefined) {
    idle.push(c);
    return;
  }
  c.busy = true;
  c.due = due;
  c.socket.write(requests[paths.length === 1 ? 0 : Math.floor(Math.random() * paths.length)]);
}

const start = performance.now() + 50;
const measureFrom = start + warmupMs;
const measureTo = measureFrom + durationMs;
const total = Math.floor(((warmupMs + durationMs) / 1000) * rate);

function tick() {
  const now = performance.now();
  while (sent < total && start + (sent * 1000) / rate <= now) {
    const due = start + (sent * 1000) / rate;
    senderLagMaxMs = Math.max(senderLagMaxMs, now - due);
    sent++;
    backlog.push(due);
    const c = idle.shift();
    if (c) next(c);
    else if (all.size < maxConnections) openConnection();
  }
  if (sent < total) setTimeout(tick, 1);
  else finish();
}

function finish() {
  const deadline = performance.now() + 10_000;
  const wait = () => {
    if (done >= total || performance.now() > deadline) {
      for (const c of all) c.socket.destroy();
      latencies.sort((a, b) => a - b);
      const q = (p) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 100) / 100 : null);
      process.stdout.write(
        `${JSON.stringify({
          offeredPerSec: rate,
          requests: latencies.length,
          requestsPerSec: Math.round(latencies.length / (durationMs / 1000)),
          latency: { p50: q(0.5), p90: q(0.9), p99: q(0.99), p999: q(0.999), max: q(1) },
          non2xx,
          errors: errors + (total - done),
          senderLagMaxMs: Math.round(senderLagMaxMs * 100) / 100,
          connections: all.size,
        })}\n`,
      );
      process.exit(0);
    }
    setTimeout(wait, 5);
  };
  wait();
}

setTimeout(tick, Math.max(0, start - performance.now()));
