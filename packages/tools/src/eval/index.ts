/** `provefy eval`: accuracy of the checks on a labelled dataset. */
export { runEval } from './run-eval.js';
export type { EvalOptions, EvalReport, SectionReport, FailureRow, MachineInfo } from './types.js';
export { SECTION_NAMES, SECTION_LABELS, discoverSections, parseSectionList, type SectionName } from './datasets/layout.js';
export { writeEvalOutputs, writeCurveSvgs } from './report/write-report.js';
export { writeAccuracyDocs } from './report/accuracy-docs.js';
export { evalMarkdown } from './report/markdown.js';
export { streamProgress, silentProgress, type Progress } from './report/progress.js';
export { machineInfo, machineLine } from './report/machine-info.js';
export * from './metrics/index.js';
