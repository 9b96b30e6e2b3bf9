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

/** The targets of issue 18, checked against a report: [what, target, measured, met]. */
export function benchTargets(r: BenchReport): [string, string, string, string][] {
  const rows: [string, string, string, string][] = [];
  const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? 'n/a' : `${v} ms`);
  const met = (v: number | undefined, limit: number, strict = false) => (v === undefined || !Number.isFinite(v) ? 'n/a' : (strict ? v < limit : v <= limit) ? 'yes' : 'no');
  const range = (x: { min: number; max: number; runs: number } | undefined) => (x ? ` (median of ${x.runs}: ${x.min}-${x.max})` : '');
  const doc = r.checks.find((c) => c.name === 'readDocument');
  rows.push(['readDocument warm (p50)', '< 300 ms', fmt(doc?.latencyMs?.p50), met(doc?.latencyMs?.p50, 300, true)]);
  rows.push(['readDocument cold (fresh process)', '< 800 ms', `${fmt(doc?.coldMs)}${range(doc?.coldRangeMs)}`, met(doc?.coldMs, 800, true)]);
  const fv = r.fullVerification;
  const coldFv = fv?.cold && 'coldMs' in fv.cold ? fv.cold : undefined;
  rows.push(['full verification warm (p50, sequential)', '<= 1000 ms', fmt(fv?.warm?.totalMs.p50), met(fv?.warm?.totalMs.p50, 1000)]);
  rows.push(['full verification cold (fresh process)', '<= 2000 ms', `${fmt(coldFv?.coldMs)}${range(coldFv?.rangeMs)}`, met(coldFv?.coldMs, 2000)]);
  if (r.photoSizes) rows.push(['4000x3000 photo / 640x480 photo', '<= 1.5', String(r.photoSizes.ratio), r.photoSizes.ratio <= 1.5 ? 'yes' : 'no']);
  const m = r.checks.find((c) => c.name === 'matchFaces.photos')?.latencyMs?.p50;
  const two = r.checks.find((c) => c.name === 'twoEmbeddings')?.latencyMs?.p50;
  if (m !== undefined && two !== undefined) {
    rows.push(['matchFaces on two photos / two embeddings', '<= 1', String(Math.round((m / two) * 100) / 100), m <= two * 1.05 ? 'yes' : 'no']);
    // getFaceEmbedding runs the profile's recognizer; matchFaces also runs the fusion partner on both faces. Its model
    // time is the difference of the two floors: taken out, what is left is the overhead the two calls are compared on.
    const floorM = r.checks.find((c) => c.name === 'matchFaces.photos')?.floor?.ms;
    const floorTwo = r.checks.find((c) => c.name === 'twoEmbeddings')?.floor?.ms;
    if (floorM !== undefined && floorTwo !== undefined) {
      const net = m - Math.max(0, floorM - floorTwo);
      rows.push([`the same, net of the fusion partner's model time (${Math.round((floorM - floorTwo) * 10) / 10} ms)`, '<= 1', String(Math.round((net / two) * 100) / 100), net <= two * 1.05 ? 'yes' : 'no']);
    }
  }
  if (r.server?.status === 'ok') rows.push(['server peak RSS, every model loaded', '<= 600 MB', `${r.server.peakRssMb} MB`, r.server.peakRssMb <= 600 ? 'yes' : 'no']);
  return rows;
}

/**
 * The benchmark as markdown: context, targets, per-check latency with cold figures and model floors, the photo
 * sizes, the full verification's steps, the server's memory, model load, REST.
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
    `- machine: ${machineLine(r.machine)}${r.loadAtStart !== undefined ? `; load average ${r.loadAtStart} when the run started` : ''}`,
    `- measured: ${r.build === 'source' ? 'the TypeScript sources (no build found: figures overstate what users get)' : 'the built packages (`dist`), imported as a user imports them'}`,
    `- profile: ${r.profile ? `${r.profile.name} (${r.profile.reason}), ${r.profile.threads} ONNX threads per session` : 'none complete'}`,
    `- settings: ${r.settings.warmup} warm-up calls, up to ${r.settings.iterations} measured calls or ${r.settings.maxSeconds} s per check; throughput ${r.settings.throughputSeconds} s per concurrency level${r.settings.coldRuns ? `; ${r.settings.coldRuns} fresh-process runs of each cold figure (the median is shown)` : ''}`,
    `- peak RSS of the benchmark process: ${r.peakRssMb} MB`,
    `- run time: ${r.elapsedS} s${r.cpuSeconds !== undefined ? ` (CPU time of the benchmark process ${r.cpuSeconds} s; the REST server and its load generator run in processes of their own)` : ''}`,
    '',
  ];
  const targets = benchTargets(r);
  if (targets.length) {
    out.push(`${h}# Targets`, '', 'A load average above the core count means other work competed for the CPU: ratios are then the solid figures.', '', table(['figure', 'target', 'measured', 'met'], targets), '');
  }
  out.push(
    `${h}# Checks`,
    '',
    'Latency is per call, sequential, after warm-up. *cold*: a fresh Node process from its start to the end of its first call (import of the built package, model loads, OCR start-up); the median of the fresh-process runs, their range in brackets. *floor*: the time the models alone take for one call: the ONNX runs the check made, replayed back to back with the same sessions (same thread settings) on ready tensors, plus the OCR engine time; *x floor* = p50 / floor. Throughput is completed calls per second with N calls in flight in one process.',
    '',
    table(
      ['check', 'unit', 'p50 ms', 'p95 ms', 'n', 'first call ms', 'cold ms', 'floor ms (onnx + ocr)', 'x floor', ...conc.map((c) => `calls/s at ${c}`)],
      r.checks.map((c) =>
        c.status === 'ok'
          ? [
              c.name,
              c.unit,
              c.latencyMs?.p50,
              c.latencyMs?.p95,
              c.latencyMs?.n,
              c.firstCallMs,
              c.coldMs === undefined ? '' : c.coldRangeMs && c.coldRangeMs.runs > 1 ? `${c.coldMs} (${c.coldRangeMs.min}-${c.coldRangeMs.max})` : c.coldMs,
              c.floor ? `${c.floor.ms} (${c.floor.onnxMs} + ${c.floor.ocrMs})` : '',
              c.floorRatio ?? '',
              ...conc.map((k) => c.throughput?.find((t) => t.concurrency === k)?.perSecond ?? ''),
            ]
          : [c.name, c.unit, `${c.status}: ${c.reason ?? ''}`, '', '', '', '', '', '', ...conc.map(() => '')],
      ),
    ),
    '',
    `Inputs: ${r.checks.filter((c) => c.input).map((c) => `${c.name}: \`${c.input}\``).join('; ') || 'n/a'}.`,
    '',
  );
  if (r.photoSizes) {
    const ps = r.photoSizes;
    out.push(`${h}# Photo size`, '', `\`estimateAge\` on the same photo (\`${ps.source}\`, cover-cropped and resized with sharp at bench time) at two sizes, calls alternating: 640x480 ${ps.smallP50Ms} ms, 4000x3000 ${ps.largeP50Ms} ms (p50), ratio ${ps.ratio}.`, '');
  }
  const fv = r.fullVerification;
  if (fv) {
    out.push(`${h}# Full verification`, '');
    if (fv.status !== 'ok' || !fv.warm) out.push(`Not measured: ${fv.reason ?? 'unknown'}.`, '');
    else {
      const cold = fv.cold && 'coldMs' in fv.cold ? fv.cold : null;
      const steps = Object.keys(fv.warm.steps);
      out.push(
        `Through the library, as an integrator runs it: ${fv.inputs}. Steps one after the other; *cold* is a fresh process (median of ${cold?.runs ?? 0} runs; the total includes starting Node and importing the package, ${cold?.importMs ?? 'n/a'} ms).`,
        '',
        table(['step', 'warm ms (median)', 'cold ms', 'result'], [
          ...steps.map((k) => [k, fv.warm!.steps[k], cold?.steps[k] ?? '', fv.warm!.results[k] ?? '']),
          ['total', fv.warm.totalMs.p50, cold?.coldMs ?? (fv.cold && 'error' in fv.cold ? fv.cold.error : ''), ''],
        ]),
        '',
        `Warm total p50 ${fv.warm.totalMs.p50} ms (p95 ${fv.warm.totalMs.p95} ms, n ${fv.warm.totalMs.n}); with the independent checks started together ${fv.concurrent?.totalMs.p50 ?? 'n/a'} ms. Model floor ${fv.floor?.ms ?? 'n/a'} ms (ONNX ${fv.floor?.onnxMs ?? 'n/a'} + OCR ${fv.floor?.ocrMs ?? 'n/a'}), x floor ${fv.floorRatio ?? 'n/a'}.`,
        '',
      );
    }
  }
  if (r.server) {
    out.push(`${h}# Server memory`, '');
    if (r.server.status === 'ok') {
      out.push(
        `A fresh process with the server adapter (\`createProvefy\` + \`ready()\`, which loads every model the checks of the profile run, starts the OCR workers and runs each check once on synthetic inputs; SQLite), then a full verification sequentially (${r.server.sequentialMs} ms) and with the checks together (${r.server.concurrentMs} ms): ready after ${r.server.readyMs} ms at ${r.server.rssAfterReadyMb} MB; **peak RSS ${r.server.peakRssMb} MB**.`,
        '',
      );
    } else out.push(`Not measured: ${r.server.reason}.`, '');
  }
  out.push(
    `${h}# Model load`,
    '',
    'ONNX session creation per model (sha256 verification of the file included), before any check runs.',
    '',
    r.modelLoad.length ? table(['model', 'file', 'ms'], r.modelLoad.map((m) => [m.id, m.file, m.ms])) : 'No model loaded (no complete profile).',
    '',
    `${h}# REST API`,
    '',
  );
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
    add(`${c.name} cold ms`, o?.coldMs, c.coldMs);
    add(`${c.name} x floor`, o?.floorRatio, c.floorRatio);
    for (const t of c.throughput ?? []) add(`${c.name} calls/s at ${t.concurrency}`, o?.throughput?.find((x) => x.concurrency === t.concurrency)?.perSecond, t.perSecond);
  }
  for (const m of newR.modelLoad) add(`load ${m.id} ms`, oldR.modelLoad.find((x) => x.id === m.id)?.ms, m.ms);
  add('peak RSS MB', oldR.peakRssMb, newR.peakRssMb);
  add('full verification warm p50 ms', oldR.fullVerification?.warm?.totalMs.p50, newR.fullVerification?.warm?.totalMs.p50);
  const coldOf = (r: BenchReport) => (r.fullVerification?.cold && 'coldMs' in r.fullVerification.cold ? r.fullVerification.cold.coldMs : undefined);
  add('full verification cold ms', coldOf(oldR), coldOf(newR));
  add('4000x3000 / 640x480', oldR.photoSizes?.ratio, newR.photoSizes?.ratio);
  add('server peak RSS MB', oldR.server?.status === 'ok' ? oldR.server.peakRssMb : undefined, newR.server?.status === 'ok' ? newR.server.peakRssMb : undefined);
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
