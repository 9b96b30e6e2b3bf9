/**
 * Pending webhooks survive a crash: a child process (tsx) completes sessions, enqueues their
 * webhooks and starts delivering; it is SIGKILLed with one delivery in flight and the others
 * never attempted. A new worker (new process state, new store) then delivers every event, each
 * acknowledged exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { createWebhookWorker } from '../../src/index.js';
import { TEST_KEY, type TestDatabase, targets } from '../storage/targets.js';
import { startReceiver, waitFor } from './receiver.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/enqueue-then-hang.ts', import.meta.url));

function runChild(args: string[]): { proc: ChildProcess; ids: Promise<string[]> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } });
  let out = '';
  let err = '';
  const ids = new Promise<string[]>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/ENQUEUED (\[.*\])\n/);
      if (m) resolve(JSON.parse(m[1]!));
    });
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    proc.on('exit', (code, signal) => reject(new Error(`child exited early (${code ?? signal}): ${err.slice(-2000)}`)));
  });
  return { proc, ids };
}

for (const target of targets) {
  target.describe(`webhook durability on ${target.name}`, () => {
    const dbs: TestDatabase[] = [];
    afterAll(async () => {
      for (const d of dbs) await d.cleanup();
    });

    it('events pending when the process is SIGKILLed are delivered after restart, each acknowledged once', async () => {
      const db = target.database();
      dbs.push(db);
      const setup = await db.open();
      const { apiKey } = await setup.apiKeys.create({ name: 'Durability', allowPrivateCallbacks: true });
      const receiver = await startReceiver(() => 'hang');
      try {
        const { proc, ids: idsPromise } = runChild([JSON.stringify(db.connection), TEST_KEY, apiKey.id, receiver.url, '3']);
        const ids = await idsPromise;
        expect(ids).toHaveLength(3);
        await receiver.waitForRequests(1, 60_000); // first delivery in flight, the receiver holds it
        proc.kill('SIGKILL');
        await new Promise((r) => proc.once('exit', r));
        expect(proc.signalCode).toBe('SIGKILL');

        // After the crash: one event leased by the dead worker, two never attempted, none delivered.
        const before = await Promise.all(ids.map((id) => setup.webhooks.get(id)));
        expect(before.map((e) => e?.status)).toEqual(['pending', 'pending', 'pending']);
        expect(before.filter((e) => e?.leaseOwner !== null)).toHaveLength(1);
        const sessions = await Promise.all(before.map((e) => setup.sessions.get(e!.sessionId!)));
        expect(sessions.map((s) => s?.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']); // committed with their outbox rows

        // "Restart": a new store and worker; the receiver is healthy again.
        receiver.setResponder(() => 200);
        const restarted = await db.open();
        const worker = createWebhookWorker(restarted, { pollIntervalMs: 50 });
        worker.start();
        await waitFor(async () => (await Promise.all(ids.map((id) => restarted.webhooks.get(id)))).every((e) => e?.status === 'delivered'), 30_000);
        await worker.stop();

        const acked = receiver.requests.filter((r) => r.status === 200).map((r) => r.headers['x-kyc-event-id']);
        expect(acked.sort()).toEqual([...ids].sort()); // each event acknowledged exactly once
        // The in-flight one was sent twice in total (at-least-once across a crash), the others once.
        const sent = receiver.requests.map((r) => r.headers['x-kyc-event-id']);
        expect(sent).toHaveLength(4);
      } finally {
        await receiver.close();
      }
    });
  });
}
