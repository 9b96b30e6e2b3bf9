/**
 * The database side of a REST request on PostgreSQL, without HTTP: per "read" a rate-limit hit then the session read
 * by id and key, per "create" a hit then a session insert, 20 at a time, on one or more builds of the adapter loaded
 * side by side (an A/B comparison in one process, rounds interleaved). Reports, per build and operation, the median
 * over rounds of this process's CPU time per request and of the CPU time of all `postgres` processes on the machine
 * per request (from /proc), which move much less with other load than req/s.
 *
 *   node packages/server-adapter/bench/pg-store-bench.mjs [--rounds 5] [--requests 2000] [--url postgres://…]
 *       [name=path/to/dist/index.js[#unnamed] …]        (default: this package's dist as "current")
 *
 * `#unnamed` opens that build's store with `namedStatements: false` (builds that know the option).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const rounds = Number(opt('rounds', 5));
const requests = Number(opt('requests', 2000));
const url = opt('url', process.env.PROVEFY_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const concurrency = 20;
const builds = argv.filter((a) => a.includes('=') && !a.startsWith('--')).map((a) => a.split('='));
if (builds.length === 0) builds.push(['current', new URL('../dist/index.js', import.meta.url).pathname]);

/** CPU ms of every process named `postgres` on this machine. */
function postgresCpuMs() {
  let total = 0;
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readFileSync(`/proc/${e}/comm`, 'utf8').trim() !== 'postgres') continue;
      const f = readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1].split(' ');
      total += ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {}
  }
  return total;
}

const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const run = `${process.pid}_${Date.now().toString(36)}`;
const encryption = { key: Buffer.alloc(32, 9).toString('base64') };
const subjects = [];
for (const [name, spec] of builds) {
  const [path, flag] = spec.split('#');
  const { createStore } = await import(pathToFileURL(path).href);
  const schema = `provefy_storebench_${name.replace(/\W/g, '_')}_${run}`;
  const store = createStore({ dialect: 'postgres', connectionString: url, schema, ...(flag === 'unnamed' ? { namedStatements: false } : {}) }, { encryption });
  await store.migrate();
  const { apiKey } = await store.apiKeys.create({ name: 'bench', rateLimitPerMinute: 1_000_000 });
  const doc = { checks: ['liveness', 'doc_verify', 'face_match'], metadata: { plan: 'premium' }, padding: 'x'.repeat(1500) };
  const expiresAt = new Date(Date.now() + 3_600_000);
  const { session } = await store.sessions.create({ apiKeyId: apiKey.id, document: doc, expiresAt, externalRef: 'user_12345' });
  const bucket = `key:${apiKey.id}`;
  const ops = {
    read: async () => {
      const d = await store.rateLimits.hit(bucket, 1_000_000);
      if (!d.allowed) throw new Error('refused');
      if (!(await store.sessions.get(session.id, { apiKeyId: apiKey.id }))) throw new Error('missing');
    },
    create: async () => {
      const d = await store.rateLimits.hit(bucket, 1_000_000);
      if (!d.allowed) throw new Error('refused');
      await store.sessions.create({ apiKeyId: apiKey.id, document: doc, expiresAt, externalRef: 'user_12345' });
    },
  };
  subjects.push({ name, store, schema, ops });
}

async function measure(op) {
  let next = 0;
  const worker = async () => {
    while (next++ < requests) await op();
  };
  const c0 = selfCpuMs();
  const p0 = postgresCpuMs();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - t0;
  return { client: (selfCpuMs() - c0) / requests, db: (postgresCpuMs() - p0) / requests, rate: (requests * 1000) / ms };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = new Map();
for (const s of subjects) for (const op of Object.keys(s.ops)) await measure(s.ops[op]); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const op of ['read', 'create']) {
    for (const s of r % 2 ? [...subjects].reverse() : subjects) {
      const m = await measure(s.ops[op]);
      const key = `${s.name} ${op}`;
      if (!results.has(key)) results.set(key, []);
      results.get(key).push(m);
    }
  }
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`| build | operation | client CPU ms/req | postgres CPU ms/req | req/s | (median of ${rounds} rounds of ${requests}, ${concurrency} concurrent; load ${load}) |`);
console.log('|---|---|---|---|---|---|');
for (const [key, ms] of results) {
  const [name, op] = key.split(' ');
  console.log(`| ${name} | ${op} | ${median(ms.map((m) => m.client)).toFixed(3)} | ${median(ms.map((m) => m.db)).toFixed(3)} | ${Math.round(median(ms.map((m) => m.rate)))} | |`);
}
for (const s of subjects) await s.store.close();
const c = new pg.Client({ connectionString: url });
await c.connect();
for (const s of subjects) await c.query(`drop schema if exists "${s.schema}" cascade`);
await c.end();
