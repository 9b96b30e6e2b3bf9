import { existsSync } from 'node:fs';
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

/**
 * Runs `runRestBench` from `packages/server-adapter/bench/rest-bench.ts` when it exists; otherwise says why not. That
 * driver starts the BUILT adapter (`npm run build` first) in its own process and autocannon in another (pinned to one
 * CPU each when `taskset` is there), on SQLite and PostgreSQL, and reports req/s, p50/p99 and the server's CPU time
 * per request. Its rows (and markdown) go into the benchmark report unchanged.
 *
 * @example
 * ```ts
 * const rest = await runRestBenchIfPresent({ seconds: 10, progress: silentProgress });
 * ```
 */
export async function runRestBenchIfPresent(opts: { seconds: number; progress: Progress }): Promise<RestBenchOutcome> {
  const path = restBenchPath();
  if (!path) return { status: 'unsupported', reason: 'packages/server-adapter/bench/rest-bench.ts is not in this checkout' };
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    const hint = path.endsWith('.ts') && /Unknown file extension/.test(msg) ? ' (run the benchmark through tsx: npm run bench)' : '';
    return { status: 'unsupported', reason: `the REST benchmark could not be loaded: ${msg.split('\n')[0]}${hint}` };
  }
  const run = mod.runRestBench;
  if (typeof run !== 'function') return { status: 'unsupported', reason: `${path} does not export runRestBench` };
  opts.progress.info('REST: running the server adapter benchmark (built server and autocannon in separate processes)');
  try {
    const out = await (run as (o: Record<string, unknown>) => Promise<unknown>)({
      durationSeconds: opts.seconds,
      log: (m: string) => opts.progress.info(`REST: ${m}`),
    });
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
