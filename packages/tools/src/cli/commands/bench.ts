import { PROFILE_CHOICES, parseProfileName } from '@provefy/core/models';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { benchMarkdown, compareBench, comparisonMarkdown } from '../../bench/bench-markdown.js';
import { writePerformanceDocs } from '../../bench/performance-docs.js';
import { type BenchReport, runBench } from '../../bench/run-bench.js';
import { isProvefyError } from '@provefy/core';
import { silentProgress, streamProgress } from '../../eval/report/progress.js';

const USAGE = `Usage: provefy bench [options]

Measures the built packages as a user imports them: per-check latency (p50/p95/p99 after warm-up), the first
call in a fresh process (cold), each check's model floor (its ONNX runs replayed on ready tensors, plus OCR engine
time) and the ratio, throughput at concurrency 1, 2 and 4, the same photo at 640x480 and 4000x3000, a full
verification (8-frame clip, age, passport, face match) warm and cold with its steps, the peak RSS of a server with
every model loaded, model load time, and the server adapter's REST benchmark when this checkout has it.

Options:
  --json FILE          write the figures as JSON (e.g. bench-results.json)
  --out FILE           write a markdown report
  --docs FILE          write the performance page (e.g. docs/performance.md)
  --compare OLD.json   print the ratio new/old of every figure
  --data DIR           dataset with sample images (default ../shared/fixtures)
  --profile P          default | insightface | insightface-compact
  --iterations N       measured calls per check (default 20)
  --seconds N          seconds per throughput level (default 3)
  --rest-seconds N     seconds per REST scenario (default 5)
  --cold-runs N        fresh-process runs of the full verification (default 3)
  --quick              a short run (5 calls, 1 s per level, 2 s REST, 1 cold run)
  --no-cold            skip the fresh-process measurements (cold figures, server memory)
  --no-rest            skip the REST benchmark
  --quiet              no progress output
`;

function readReport(file: string): BenchReport {
  const r = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
  if (r?.tool !== 'provefy bench') throw new Error(`${file} is not a provefy bench JSON`);
  return r;
}

/**
 * `provefy bench`: exits 0 after measuring, 2 on a usage error.
 *
 * @example
 * ```sh
 * npx provefy bench --json bench-results.json --docs docs/performance.md --compare old.json
 * ```
 */
export async function run(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(args));
  } catch (e) {
    process.stderr.write(`provefy bench: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${v}"`);
    return n;
  };
  let old: BenchReport | null = null;
  let iterations: number | undefined;
  let seconds: number | undefined;
  let restSeconds: number | undefined;
  let coldRuns: number | undefined;
  try {
    if (values.profile !== undefined && !parseProfileName(values.profile)) throw new Error(`--profile must be ${PROFILE_CHOICES}, got "${values.profile}"`);
    iterations = num('iterations', values.iterations);
    seconds = num('seconds', values.seconds);
    restSeconds = num('rest-seconds', values['rest-seconds']);
    coldRuns = num('cold-runs', values['cold-runs']);
    if (values.compare) old = readReport(values.compare);
  } catch (e) {
    process.stderr.write(`provefy bench: ${(e as Error).message}\n`);
    return 2;
  }
  const quick = Boolean(values.quick);
  let report: BenchReport;
  try {
    report = await runBench({
      ...(values.data ? { data: values.data } : {}),
      ...(values.profile ? { profile: parseProfileName(values.profile)! } : {}),
      iterations: iterations ?? (quick ? 5 : 20),
      warmup: quick ? 1 : 3,
      maxSeconds: quick ? 3 : 6,
      throughputSeconds: seconds ?? (quick ? 1 : 3),
      restSeconds: restSeconds ?? (quick ? 2 : 5),
      coldRuns: coldRuns ?? (quick ? 1 : 3),
      cold: !values['no-cold'],
      rest: !values['no-rest'],
      progress: values.quiet ? silentProgress : streamProgress(process.stderr),
    });
  } catch (e) {
    if (isProvefyError(e, 'PROVEFY_ERR_DATASET')) {
      process.stderr.write(`provefy bench: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const written: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  };
  if (values.json) write(values.json, `${JSON.stringify(report, null, 2)}\n`);
  const md = benchMarkdown(report);
  const comparison = old ? comparisonMarkdown(compareBench(old, report)) : null;
  if (values.out) write(values.out, comparison ? `${md}\n## Compared with ${values.compare}\n\n${comparison}\n` : md);
  if (values.docs) written.push(writePerformanceDocs(report, values.docs));
  process.stdout.write(`${md}\n`);
  if (comparison) process.stdout.write(`\n## Compared with ${values.compare} (new / old)\n\n${comparison}\n`);
  if (written.length) process.stdout.write(`\nwrote ${written.join(', ')}\n`);
  return 0;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: false,
    strict: true,
    options: {
      json: { type: 'string' },
      out: { type: 'string' },
      docs: { type: 'string' },
      compare: { type: 'string' },
      data: { type: 'string' },
      profile: { type: 'string' },
      iterations: { type: 'string' },
      seconds: { type: 'string' },
      'rest-seconds': { type: 'string' },
      'cold-runs': { type: 'string' },
      'no-cold': { type: 'boolean' },
      quick: { type: 'boolean' },
      'no-rest': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
