import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT } from '../../../../test/helpers/paths.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const BUILT = join(REPO_ROOT, 'packages/core/dist/index.js');
/** From the script's last line to the process's end: the idle OCR workers are released after about 1 s. */
const EXIT_BOUND_MS = 5000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  exitedAt: number;
}

function runScript(script: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(HERE, script), FIXTURES], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, exitedAt: Date.now() });
    });
  });
}

describe.skipIf(!existsSync(BUILT))('a process that used the library (built package; `npm run build` first)', () => {
  it('exits by itself after calling verifyLiveness, estimateAge, readDocument and matchFaces once', async () => {
    const run = await runScript('four-checks.mjs', 150_000);
    expect(run.signal, `killed: the process did not exit by itself\n${run.stderr}`).toBeNull();
    expect(run.code, run.stderr).toBe(0);
    const line = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown> & { done: number };
    for (const check of ['liveness', 'age', 'document', 'match']) expect(['PASS', 'FAIL', 'REVIEW']).toContain(line[check]);
    expect(run.exitedAt - line.done).toBeLessThan(EXIT_BOUND_MS);
  });
});
