/**
 * @provefy/tools: what Provefy needs around the runtime library but not inside it. The `provefy` command,
 * model download from official URLs and mirrors (`fetchModel`), the conversion of face-api's weights to
 * ONNX, the accuracy evaluation (`runEval`) and the benchmarks (`runBench`). `@provefy/core` imports none
 * of it.
 *
 * @example
 * ```ts
 * import { fetchModels } from '@provefy/tools';
 * const report = await fetchModels(['scrfd_500m', 'mobilefacenet_128'], { dir: '/srv/provefy/models' });
 * ```
 */
export * from './models/fetch/index.js';
export * from './models/convert/index.js';
export {
  runEval,
  writeEvalOutputs,
  writeAccuracyDocs,
  evalMarkdown,
  streamProgress,
  SECTION_NAMES,
  discoverSections,
  parseSectionList,
  type EvalOptions,
  type EvalReport,
  type SectionName,
} from './eval/index.js';
export { runBench, benchMarkdown, compareBench, writePerformanceDocs, type BenchOptions, type BenchReport } from './bench/index.js';
