import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The tools package folder (holding package.json), from this module's location in `src/` or `dist/`. */
function toolsRoot(): string | null {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pj = join(d, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === '@provefy/tools') return d;
      } catch {
        // not ours: keep looking
      }
    }
    d = dirname(d);
  }
  return null;
}

/**
 * How to start a fresh-process measurement: the built child (`dist/bench/bench-child.js`, plain `node`), else the
 * TypeScript source through tsx (a checkout without a build). Null when neither exists.
 *
 * @example
 * ```ts
 * const cmd = benchChildCommand(); // { args: ['/repo/packages/tools/dist/bench/bench-child.js'], built: true }
 * ```
 */
export function benchChildCommand(): { args: string[]; built: boolean } | null {
  const root = toolsRoot();
  if (!root) return null;
  const built = join(root, 'dist/bench/bench-child.js');
  if (existsSync(built)) return { args: [built], built: true };
  const src = join(root, 'src/bench/bench-child.ts');
  if (existsSync(src)) return { args: ['--import', 'tsx', src], built: false };
  return null;
}

/**
 * Runs one scenario in a fresh Node process and returns the JSON line it prints (`{ error }` when it failed).
 *
 * @example
 * ```ts
 * const r = await runColdScenario('readDocument', filesJson); // { coldMs: 1234.5, importMs: 310.2, ... }
 * ```
 */
export function runColdScenario(scenario: string, filesJson: string, extra: string[] = [], timeoutMs = 180_000): Promise<Record<string, unknown>> {
  const cmd = benchChildCommand();
  if (!cmd) return Promise.resolve({ error: 'the benchmark child (dist/bench/bench-child.js) is missing: run npm run build -w @provefy/tools' });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...cmd.args, scenario, filesJson, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      err = (err + s).slice(-2000);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        resolve({ error: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ') || 'no output'}` });
      }
    });
  });
}
