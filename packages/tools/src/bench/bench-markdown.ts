import { machineLine } from '../eval/report/machine-info.js';
import type { BenchReport } from './run-bench.js';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  if (typeof v === 'object') return JSON.stringify(v).replace(/\|/g, '\\|');
  return String(v).replace(/\|/g, '\\|');
}

function table(head: string[], rows: unknown[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/**
 * The benchmark as markdown: context, per-check latency and throughput, model load, peak RSS, REST.
 *
 * @example
 * ```ts
 * writeFileSync('bench.md', benchMarkdown(report));
 * ```
 */
export function benchMarkdown(r: BenchReport, opts: { level?: number; title?: string } = {}): string {
  const h = '#'.repeat(opts.level ?? 1);
  const conc = r.settings.concurrency;
  const out: string[] = [
    `${h} ${opts.title ?? 'Provefy benchmark'}`,
    '',
    `- date: ${r.date}`,
    `- machine: ${machineLine(r.machine)}`,
    `- profile: ${r.profile ? `${r.profile.name} (${r.profile.reason}), ${r.profile.threads} ONNX threads per session` : 'none complete'}`,
    `- settings: ${r.settings.warmup} warm-up calls, up to ${r.settings.iterations} measured calls or ${r.settings.maxSeconds} s per check; throughput ${r.settings.throughputSeconds} s per concurrency level`,
    `- peak RSS of the benchmark process: ${r.peakRssMb} MB`,
    `- run time: ${r.elapsedS} s${r.cpuSeconds !== undefined ? ` (CPU time of the benchmark process ${r.cpuSeconds} s; the REST server and its load generator run in processes of their own)` : ''}`,
    '',
    `${h}# Checks`,
    '',
    'Latency is per unit, sequential, after warm-up; throughput is completed calls per second with N calls in flight in one process.',
    '',
    table(
      ['check', 'unit', 'p50 ms', 'p95 ms', 'p99 ms', 'n', 'first call ms', ...conc.map((c) => `calls/s at ${c}`)],
      r.checks.map((c) =>
        c.status === 'ok'
          ? [c.name, c.unit, c.latencyMs?.p50, c.latencyMs?.p95, c.latencyMs?.p99, c.latencyMs?.n, c.firstCallMs, ...conc.map((k) => c.throughput?.find((t) => t.concurrency === k)?.perSecond ?? '')]
          : [c.name, c.unit, `${c.status}: ${c.reason ?? ''}`, '', '', '', '', ...conc.map(() => '')],
      ),
    ),
    '',
    `Inputs: ${r.checks.filter((c) => c.input).map((c) => `${c.name}: \`${c.input}\``).join('; ') || 'n/a'}.`,
    '',
    `${h}# Model load`,
    '',
    'ONNX session creation per model (sha256 verification of the file included), before any check runs.',
    '',
    r.modelLoad.length ? table(['model', 'file', 'ms'], r.modelLoad.map((m) => [m.id, m.file, m.ms])) : 'No model loaded (no complete profile).',
    '',
    `${h}# REST API`,
    '',
  ];
  if (r.rest.status === 'ok') {
    if (r.rest.markdown) out.push(r.rest.markdown.trim(), '');
    else if (r.rest.rows.length) {
      const keys = [...new Set(r.rest.rows.flatMap((row) => Object.keys(row)))];
      out.push(table(keys, r.rest.rows.map((row) => keys.map((k) => row[k]))), '');
    } else out.push('The REST benchmark returned no rows.', '');
    if (r.rest.notes.length) out.push(...r.rest.notes.map((n) => `- ${n}`), '');
  } else out.push(`Not measured: ${r.rest.reason}.`, '');
  return out.join('\n');
}

/** One compared figure. */
export interface ComparisonRow {
  readonly metric: string;
  readonly old: number | null;
  readonly new: number | null;
  /** new / old (for latency, < 1 is faster; for throughput, > 1 is faster). */
  readonly ratio: number | null;
}

/**
 * Ratios new/old of every figure two benchmark reports share: latency percentiles, throughput, model load,
 * peak RSS.
 *
 * @example
 * ```ts
 * compareBench(oldReport, newReport).find((r) => r.metric === 'matchFaces p95 ms')?.ratio;
 * ```
 */
export function compareBench(oldR: BenchReport, newR: BenchReport): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const add = (metric: string, o: number | null | undefined, n: number | null | undefined) => {
    const a = typeof o === 'number' && Number.isFinite(o) ? o : null;
    const b = typeof n === 'number' && Number.isFinite(n) ? n : null;
    if (a === null && b === null) return;
    rows.push({ metric, old: a, new: b, ratio: a !== null && b !== null && a !== 0 ? Math.round((b / a) * 1000) / 1000 : null });
  };
  for (const c of newR.checks) {
    const o = oldR.checks.find((x) => x.name === c.name);
    for (const k of ['p50', 'p95', 'p99'] as const) add(`${c.name} ${k} ms`, o?.latencyMs?.[k], c.latencyMs?.[k]);
    for (const t of c.throughput ?? []) add(`${c.name} calls/s at ${t.concurrency}`, o?.throughput?.find((x) => x.concurrency === t.concurrency)?.perSecond, t.perSecond);
  }
  for (const m of newR.modelLoad) add(`load ${m.id} ms`, oldR.modelLoad.find((x) => x.id === m.id)?.ms, m.ms);
  add('peak RSS MB', oldR.peakRssMb, newR.peakRssMb);
  if (newR.rest.status === 'ok' && oldR.rest.status === 'ok') {
    const key = (row: Record<string, unknown>) => [row.database, row.endpoint].filter((x) => typeof x === 'string').join(' ');
    for (const row of newR.rest.rows) {
      const old = oldR.rest.rows.find((o) => key(o) === key(row));
      for (const [k, v] of Object.entries(row)) {
        if (typeof v === 'number' && /persec|p99|p50/i.test(k)) add(`REST ${key(row)} ${k}`, old?.[k] as number | undefined, v);
      }
    }
  }
  return rows;
}

/** The comparison as a markdown table. */
export function comparisonMarkdown(rows: readonly ComparisonRow[]): string {
  return table(['metric', 'old', 'new', 'new / old'], rows.map((r) => [r.metric, r.old ?? 'n/a', r.new ?? 'n/a', r.ratio ?? 'n/a']));
}
