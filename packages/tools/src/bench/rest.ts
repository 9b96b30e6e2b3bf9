import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findRepoRoot } from '@provefy/core/models';
import type { Progress } from '../eval/report/progress.js';

/** The REST part of the benchmark: the server adapter's own run (built server and autocannon in separate processes), when this checkout has it. */
export type RestBenchOutcome =
  | { readonly status: 'ok'; readonly rows: Record<string, unknown>[]; readonly markdown: string | null; readonly notes: string[] }
  | { readonly status: 'unsupported' | 'error' | 'skipped'; readonly reason: string };

/** Where the server adapter's REST benchmark driver lives in a checkout (TypeScript, run through tsx; it serves the built `dist/`). */
export function restBenchPath(): string | null {
  const root = findRepoRoot();
  if (!root) return null;
  for (const ext of ['js', 'ts']) {
    const p = join(root, 'packages/server-adapter/bench', `rest-bench.${ext}`);
    if (existsSync(p)) return p;
  }
  return null;
}

function rowsOf(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'object' && x !== null) as Record<string, unknown>[];
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    for (const k of ['rows', 'results', 'scenarios']) if (Array.isArray(o[k])) return rowsOf(o[k]);
  }
  return [];
}

/** Runs the REST benchmark file in its own Node process (through tsx: the file is TypeScript) and returns its JSON. */
function runInChild(path: string, seconds: number, progress: Progress): Promise<unknown> {
  const code = `import { runRestBench } from ${JSON.stringify(pathToFileURL(path).href)};
const r = await runRestBench({ durationSeconds: ${Number(seconds)}, targetRate: true });
process.stdout.write('\\n' + JSON.stringify(r) + '\\n');
process.exit(0);`;
  // A file, not `-e`: tsx's loader thread refuses the --input-type flag that `-e` with ESM needs.
  const dir = mkdtempSync(join(tmpdir(), 'provefy-rest-bench-'));
  const script = join(dir, 'run.mjs');
  writeFileSync(script, code);
  return new Promise<unknown>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: findRepoRoot() ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      err = (err + s).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        const why = err.trim().split('\n').slice(-3).join(' | ') || out.trim().slice(-300) || 'no output';
        progress.info(`REST: the benchmark process exited with ${code}`);
        reject(new Error(why));
      }
    });
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * Runs `runRestBench` from `packages/server-adapter/bench/rest-bench.ts` when it exists; otherwise says why not. That
 * driver starts the BUILT adapter (`npm run build` first) in its own process and autocannon in another (pinned to one
 * CPU each when `taskset` is there), on SQLite and PostgreSQL, and reports req/s, p50/p99 and the server's CPU time
 * per request at saturation, then p50/p99 at each endpoint's target rate. Its rows (and markdown) go into the
 * benchmark report unchanged.
 *
 * @example
 * ```ts
 * const rest = await runRestBenchIfPresent({ seconds: 10, progress: silentProgress });
 * ```
 */
export async function runRestBenchIfPresent(opts: { seconds: number; progress: Progress }): Promise<RestBenchOutcome> {
  const path = restBenchPath();
  if (!path) return { status: 'unsupported', reason: 'packages/server-adapter/bench/rest-bench.ts is not in this checkout' };
  opts.progress.info('REST: running the server adapter benchmark (autocannon) in its own process');
  try {
    const out = await runInChild(path, opts.seconds, opts.progress);
    const o = (typeof out === 'object' && out !== null ? out : {}) as Record<string, unknown>;
    const markdown = typeof o.markdown === 'string' ? o.markdown : null;
    const notes = Array.isArray(o.skipped)
      ? (o.skipped as unknown[]).map((x) => {
          const v = x as Record<string, unknown>;
          return `${String(v.database ?? 'a database')} skipped: ${String(v.reason ?? 'no reason given')}`;
        })
      : [];
    return { status: 'ok', rows: rowsOf(out), markdown, notes };
  } catch (e) {
    return { status: 'error', reason: (e as Error).message ?? String(e) };
  }
}
