/** `provefy bench`: latency, throughput, model load and memory of the checks, and the REST API. */
export { runBench, type BenchOptions, type BenchReport, type CheckBench } from './run-bench.js';
export { measureLatency, measureThroughput, peakRssMb, type LatencyMeasurement, type MeasureOptions, type ThroughputMeasurement } from './measure.js';
export { benchMarkdown, compareBench, comparisonMarkdown, type ComparisonRow } from './bench-markdown.js';
export { writePerformanceDocs } from './performance-docs.js';
export { benchDataDir, loadBenchInputs, type BenchInputs } from './bench-inputs.js';
export { runRestBenchIfPresent, restBenchPath, type RestBenchOutcome } from './rest.js';
