import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/support/fixtures.js';
import { createWorkerChecks } from './worker-checks.js';

describe('the check worker process', () => {
  let warm: (r: unknown) => void;
  const warmed = new Promise<unknown>((resolve) => (warm = resolve));
  const checks = createWorkerChecks({ onWarm: (r) => warm(r) });
  afterAll(() => checks.close());

  it('warms up by itself after it starts (models, OCR workers, one run of each check) and then serves checks', async () => {
    const result = (await warmed) as { faces?: { ran: boolean; error?: string }; document?: { ran: boolean; ocrWorkers: number; error?: string } };
    expect(result.faces).toEqual({ ran: true });
    expect(result.document?.ran).toBe(true);
    expect(result.document?.error).toBeUndefined();
    expect(result.document?.ocrWorkers).toBeGreaterThanOrEqual(1);
    const face = readFileSync(join(FIXTURES, 'faces/images/faceapi/amy/amy1.png'));
    const age = await checks.estimateAge(face, { minAge: 18 });
    expect(age.framesUsed).toBe(1);
    expect(age.estimatedAge).toBeGreaterThan(15);
  }, 120_000);
});
