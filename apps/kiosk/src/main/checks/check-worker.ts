/**
 * The check worker: a child process (forked by ChildSupervisor) that runs @provefy/core's checks, so a native crash
 * or a hang in ONNX/OCR cannot take the kiosk's main process down. Protocol: `{type:'call', id, method, args}` in,
 * `{type:'reply', id, ok, value|error}` out, `{type:'ready'}` once at start, `{type:'warm', result}` once warmed up.
 *
 * Right after `ready` it warms up in the background: the profile's models, the MRZ OCR workers, then one run of each
 * check on synthetic inputs (`warmUpChecks`). So the first customer after the kiosk starts (or after a worker restart)
 * does not wait for model loading; a call that arrives meanwhile simply runs (each model loads once).
 */
import { ProvefyError, warmUpChecks, warmUpDocumentReader } from '@provefy/core';
import { warmup } from '@provefy/core/models';
import type { WorkerMessage, WorkerRequest } from '../supervisor/child-supervisor.js';
import { createCoreChecks } from './core-checks.js';
import { CHECK_METHODS, type CheckMethod } from './kiosk-checks.js';

const checks = createCoreChecks();

function send(m: WorkerMessage): void {
  process.send?.(m);
}

function errorOf(e: unknown): { code: string; message: string; details?: Record<string, unknown> } {
  if (e instanceof ProvefyError) return { code: e.code, message: e.message, details: { ...e.details } };
  return { code: 'PROVEFY_ERR_INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

process.on('message', (m: WorkerRequest) => {
  if (m?.type !== 'call' || typeof m.id !== 'number') return;
  if (!(CHECK_METHODS as readonly string[]).includes(m.method)) {
    send({ type: 'reply', id: m.id, ok: false, error: { code: 'PROVEFY_ERR_INVALID_INPUT', message: `Unknown check method ${String(m.method).slice(0, 40)}` } });
    return;
  }
  const fn = checks[m.method as CheckMethod] as (...a: unknown[]) => Promise<unknown>;
  fn(...(Array.isArray(m.args) ? m.args : [])).then(
    (value) => send({ type: 'reply', id: m.id, ok: true, value }),
    (e) => send({ type: 'reply', id: m.id, ok: false, error: errorOf(e) }),
  );
});

process.on('disconnect', () => {
  // The kiosk went away: do not linger.
  checks.close().finally(() => process.exit(0));
});
process.once('SIGTERM', () => {
  checks.close().finally(() => process.exit(0));
});

send({ type: 'ready' });

async function warmUp(): Promise<unknown> {
  try {
    await Promise.all([warmup(), warmUpDocumentReader()]);
    return await warmUpChecks();
  } catch (e) {
    // A missing model: the check that needs it reports it when it runs.
    return { error: errorOf(e) };
  }
}
void warmUp().then((result) => send({ type: 'warm', result }));
