/**
 * Short storage benchmark (not a test): ops/s and p99 latency of the hot store operations on
 * SQLite and PostgreSQL, plus webhook delivery throughput to a local receiver.
 *
 *   npx tsx packages/server-adapter/test/storage/bench-store.ts [seconds-per-op=1.5] [concurrency=8]
 */
import { createWebhookWorker } from '../../src/index.js';
import { startReceiver, waitFor } from '../webhooks/receiver.js';
import { targets } from './targets.js';

const seconds = Number(process.argv[2] ?? 1.5);
const concurrency = Number(process.argv[3] ?? 8);

async function measure(name: string, op: (i: number) => Promise<unknown>): Promise<string> {
  const lat: number[] = [];
  const end = performance.now() + seconds * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await op(i++);
        lat.push(performance.now() - t);
      }
    }),
  );
  lat.sort((a, b) => a - b);
  const p = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))]!.toFixed(2);
  return `| ${name} | ${Math.round(lat.length / seconds)} | ${p(0.5)} | ${p(0.99)} |`;
}

for (const target of targets) {
  if (!target.available) continue;
  const db = target.database();
  const store = await db.open();
  const { apiKey } = await store.apiKeys.create({ name: 'bench', allowPrivateCallbacks: true });
  const doc = { status: 'PENDING', checks: ['liveness', 'doc_verify', 'face_match'], metadata: { plan: 'premium' }, fields: { firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1990-01-01', documentNumber: 'X1234567' } };
  const ids: string[] = [];
  const rows: string[] = [];
  rows.push(await measure('sessions.create', async (i) => {
    const { session } = await store.sessions.create({ apiKeyId: apiKey.id, externalRef: `ref-${i}`, expiresAt: new Date(Date.now() + 1800_000), document: doc });
    ids.push(session.id);
  }));
  rows.push(await measure('sessions.get', (i) => store.sessions.get(ids[i % ids.length]!, { apiKeyId: apiKey.id })));
  rows.push(await measure('sessions.mutate (read + CAS update)', (i) => store.sessions.mutate(ids[i % ids.length]!, (cur) => ({ document: { ...cur.document, n: i } }), { retries: 100 })));
  rows.push(await measure('sessions.list (page of 20, by status)', () => store.sessions.list({ apiKeyId: apiKey.id, status: 'PENDING', limit: 20 })));
  rows.push(await measure('apiKeys.authenticate', () => store.apiKeys.authenticate('kyc_live_0123456789abcdefghijABCDEFGHIJ0123456789')));
  rows.push(await measure('rateLimits.hit (one hot key)', () => store.rateLimits.hit('key:bench', 1_000_000)));
  rows.push(await measure('transaction(update + enqueue)', async (i) => {
    await store.transaction(async (tx) => {
      await tx.sessions.mutate(ids[i % ids.length]!, () => ({ status: 'IN_PROGRESS' }), { retries: 100 });
      await tx.webhooks.enqueue({ apiKeyId: apiKey.id, sessionId: null, type: 'verification.completed', url: 'http://127.0.0.1:9/x', payload: { i } });
    });
  }));
  // Drop the benchmark's undeliverable events before measuring delivery.
  await store.db.deleteFrom('provefy_webhook_events').execute();

  const receiver = await startReceiver(() => 200);
  const N = 500;
  for (let i = 0; i < N; i++) await store.webhooks.enqueue({ apiKeyId: apiKey.id, sessionId: null, type: 'verification.completed', url: receiver.url, payload: { i } });
  const worker = createWebhookWorker(store, { concurrency: 16, pollIntervalMs: 10 });
  const t0 = performance.now();
  worker.start();
  await waitFor(async () => (await store.webhooks.countPending()) === 0, 120_000, 10);
  const dt = (performance.now() - t0) / 1000;
  await worker.stop();
  await receiver.close();

  console.log(`\n### ${target.name} (concurrency ${concurrency}, ${seconds}s per row)\n`);
  console.log('| operation | ops/s | p50 ms | p99 ms |\n|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`\nwebhook delivery: ${N} events to a local receiver in ${dt.toFixed(2)} s = ${Math.round(N / dt)} events/s (worker concurrency 16)`);
  await db.cleanup();
}
