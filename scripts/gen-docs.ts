/**
 * Writes docs/accuracy.md and docs/performance.md from the JSON of `provefy eval` and `provefy bench`, so no
 * figure in the docs is typed by hand.
 *
 *   tsx scripts/gen-docs.ts accuracy r1.json [r2.json ...] [--out docs/accuracy.md]
 *   tsx scripts/gen-docs.ts accuracy --run ../shared/fixtures ../shared/fixtures/fgnet ../shared/fixtures/kyc:document
 *        [--json eval-results.json] [--out docs/accuracy.md] [--profile insightface-compact]
 *   (with --run, `dir:document` / `dir:photo` says what the second image of its face pairs is, as --faces-kind)
 *   tsx scripts/gen-docs.ts performance bench-results.json [--out docs/performance.md]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writePerformanceDocs } from '../packages/tools/src/bench/performance-docs.js';
import type { BenchReport } from '../packages/tools/src/bench/run-bench.js';
import { writeAccuracyDocs } from '../packages/tools/src/eval/report/accuracy-docs.js';
import { streamProgress } from '../packages/tools/src/eval/report/progress.js';
import { runEval } from '../packages/tools/src/eval/run-eval.js';
import type { EvalReport } from '../packages/tools/src/eval/types.js';
import { parseProfileName } from '../packages/core/src/models/manifest.js';

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, run: { type: 'boolean' }, json: { type: 'string' }, profile: { type: 'string' } },
  });
  const [what, ...inputs] = positionals;
  if (what === 'accuracy') {
    if (inputs.length === 0) throw new Error('accuracy: give eval JSON files, or --run and dataset folders');
    let reports: EvalReport[];
    if (values.run) {
      reports = [];
      for (const spec of inputs) {
        const m = /^(.*):(photo|document)$/.exec(spec);
        const dir = m ? m[1]! : spec;
        const facesKind = m ? (m[2] as 'photo' | 'document') : undefined;
        reports.push(
          await runEval(dir, {
            progress: streamProgress(process.stderr),
            ...(facesKind ? { facesKind } : {}),
            ...(parseProfileName(values.profile) ? { profile: parseProfileName(values.profile)! } : {}),
          }),
        );
      }
      const jsonOut = values.json ?? 'eval-results.json';
      writeFileSync(jsonOut, `${JSON.stringify(reports, null, 2)}\n`);
      process.stdout.write(`wrote ${jsonOut}\n`);
    } else {
      reports = inputs.flatMap((f) => {
        const j = readJson<EvalReport | EvalReport[]>(f);
        return Array.isArray(j) ? j : [j];
      });
    }
    for (const r of reports) if (r.tool !== 'provefy eval') throw new Error(`${r.dataset ?? '?'}: not a provefy eval JSON`);
    const written = writeAccuracyDocs(reports, values.out ?? 'docs/accuracy.md');
    process.stdout.write(`wrote ${written.join(', ')}\n`);
    return 0;
  }
  if (what === 'performance') {
    const file = inputs[0] ?? 'bench-results.json';
    const r = readJson<BenchReport>(file);
    if (r.tool !== 'provefy bench') throw new Error(`${file}: not a provefy bench JSON`);
    process.stdout.write(`wrote ${writePerformanceDocs(r, values.out ?? 'docs/performance.md')}\n`);
    return 0;
  }
  process.stderr.write('usage: tsx scripts/gen-docs.ts accuracy|performance <json...> [--out FILE] (see the header of this file)\n');
  return 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`gen-docs: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
