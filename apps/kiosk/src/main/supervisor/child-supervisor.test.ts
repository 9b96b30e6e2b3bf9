import { fileURLToPath } from 'node:url';
import { isProvefyError } from '@provefy/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ChildSupervisor } from './child-supervisor.js';
import { RestartPolicy } from './restart-policy.js';

const WORKER = fileURLToPath(new URL('../../../test/fixtures/crashy-worker.mjs', import.meta.url));
let sup: ChildSupervisor | null = null;
afterEach(async () => {
  await sup?.stop();
  sup = null;
});

describe('child process supervisor', () => {
  it('answers calls, passes binary data and typed errors', async () => {
    sup = new ChildSupervisor({ modulePath: WORKER });
    sup.start();
    const r = await sup.call<{ args: unknown[] }>('echo', [new Uint8Array([1, 2, 3]), { a: 1 }]);
    expect(r.args[0]).toEqual(new Uint8Array([1, 2, 3]));
    const err = await sup.call('fail', []).catch((e: unknown) => e);
    expect(isProvefyError(err, 'PROVEFY_ERR_INVALID_IMAGE')).toBe(true);
  });

  it('rejects the calls in flight when the worker crashes and restarts it', async () => {
    const crashes: number[] = [];
    sup = new ChildSupervisor({ modulePath: WORKER, restart: { baseDelayMs: 50 }, onCrash: (c) => crashes.push(c.code ?? -1) });
    sup.start();
    const first = await sup.call<{ pid: number }>('echo', []);
    const pending = sup.call('hang', []).catch((e: unknown) => e);
    const crash = await sup.call('crash', []).catch((e: unknown) => e);
    expect(isProvefyError(crash, 'PROVEFY_ERR_WORKER_CRASHED')).toBe(true);
    expect((crash as { details: { exitCode: number } }).details.exitCode).toBe(3);
    expect(isProvefyError(await pending, 'PROVEFY_ERR_WORKER_CRASHED')).toBe(true);
    const again = await sup.call<{ pid: number }>('echo', []);
    expect(again.pid).not.toBe(first.pid);
    expect(sup.crashes).toBe(1);
    expect(sup.starts).toBe(2);
    expect(crashes).toEqual([3]);
  });

  it('kills and restarts a worker that hangs past the call timeout', async () => {
    sup = new ChildSupervisor({ modulePath: WORKER, restart: { baseDelayMs: 20 }, callTimeoutMs: 300 });
    sup.start();
    const before = await sup.call<{ pid: number }>('echo', []);
    const err = await sup.call('hang', []).catch((e: unknown) => e);
    expect(isProvefyError(err, 'PROVEFY_ERR_TIMEOUT')).toBe(true);
    const after = await sup.call<{ pid: number }>('echo', []);
    expect(after.pid).not.toBe(before.pid);
  });

  it('a stopped supervisor does not restart', async () => {
    sup = new ChildSupervisor({ modulePath: WORKER });
    sup.start();
    await sup.call('echo', []);
    await sup.stop();
    expect(sup.pid).toBeNull();
    await expect(sup.call('echo', [])).rejects.toMatchObject({ code: 'PROVEFY_ERR_WORKER_CRASHED' });
    expect(sup.crashes).toBe(0);
  });
});

describe('restart policy', () => {
  it('backs off exponentially within the window and resets after a quiet period', () => {
    const p = new RestartPolicy({ baseDelayMs: 100, maxDelayMs: 1000, windowMs: 10_000 });
    expect([0, 1, 2, 3, 4, 5].map((i) => p.recordCrash(i * 100))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(p.recordCrash(100_000)).toBe(100);
  });
});
