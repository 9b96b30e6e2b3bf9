import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildSupervisor, type ChildSupervisorOptions } from '../supervisor/child-supervisor.js';
import type { KioskChecks } from './kiosk-checks.js';

/**
 * Where the check worker module is, and how to start it: the compiled `check-worker.js` next to this file, or, when
 * running from TypeScript sources (development, tests), `check-worker.ts` with the tsx loader.
 *
 * @example
 * ```ts
 * checkWorkerEntry(); // { modulePath: '/opt/kiosk/dist/main/check-worker.js', execArgv: [] }
 * ```
 */
export function checkWorkerEntry(): { modulePath: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  return {
    modulePath: join(dirname(here), fromSource ? 'check-worker.ts' : 'check-worker.js'),
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  };
}

/**
 * The kiosk's checks in a supervised child process (see ChildSupervisor): same interface as the in-process
 * checks, crash-isolated and restarted automatically.
 *
 * @example
 * ```ts
 * const checks = createWorkerChecks();
 * const doc = await checks.readDocument([scan]);
 * await checks.close();
 * ```
 */
export function createWorkerChecks(opts: Partial<ChildSupervisorOptions> = {}): KioskChecks & { supervisor: ChildSupervisor } {
  const entry = checkWorkerEntry();
  const supervisor = new ChildSupervisor({ ...entry, ...opts });
  supervisor.start();
  return {
    supervisor,
    verifyLiveness: (frames, o) => supervisor.call('verifyLiveness', [frames, o]),
    estimateAge: (image, o) => supervisor.call('estimateAge', [image, o]),
    readDocument: (images) => supervisor.call('readDocument', [images]),
    matchFaces: (selfie, document, o) => supervisor.call('matchFaces', [selfie, document, o]),
    previewFace: (frame) => supervisor.call('previewFace', [frame], { timeoutMs: 15_000 }),
    close: () => supervisor.stop(),
  };
}
