import { resolve } from 'node:path';
import { env, selectProfile } from '@provefy/core/models';
import { loadAgeItems } from './datasets/ages.js';
import { loadDocumentItems } from './datasets/documents.js';
import { loadFacePairs } from './datasets/faces.js';
import { discoverSections, type SectionName } from './datasets/layout.js';
import { loadLivenessItems } from './datasets/liveness.js';
import { loadMrzCases } from './datasets/mrz-cases.js';
import { loadVideoItems } from './datasets/videos.js';
import { machineInfo } from './report/machine-info.js';
import { streamProgress } from './report/progress.js';
import { runAgesSection } from './sections/ages.js';
import { releaseCheckResources } from './sections/check-loader.js';
import { runDocumentsSection } from './sections/documents.js';
import { runFacesSection } from './sections/faces.js';
import { runLivenessSection } from './sections/liveness.js';
import { runMrzSection } from './sections/mrz.js';
import { runVideosSection } from './sections/videos.js';
import type { EvalOptions, EvalReport, SectionContext, SectionReport } from './types.js';

const RUNNERS: Record<SectionName, (ctx: SectionContext) => Promise<SectionReport>> = {
  faces: runFacesSection,
  ages: runAgesSection,
  liveness: runLivenessSection,
  videos: runVideosSection,
  documents: runDocumentsSection,
  mrz: runMrzSection,
};

/**
 * Runs every section whose labels file exists under `dir` (or the requested subset) and returns the figures.
 * Dataset problems (missing folder, invalid labels file, missing image) throw `PROVEFY_ERR_DATASET`; a check
 * that this build lacks gives a section with status `unsupported`; a failed check on an item is data.
 *
 * @example
 * ```ts
 * const report = await runEval('../shared/fixtures/fgnet');
 * report.sections.ages?.metrics.mae;
 * ```
 */
export async function runEval(dir: string, options: EvalOptions = {}): Promise<EvalReport> {
  const root = resolve(dir);
  const found = discoverSections(root);
  const wanted = options.sections ? found.filter((s) => options.sections!.includes(s.name)) : found;
  const progress = options.progress ?? streamProgress(process.stderr);
  if (options.profile) env.profile = options.profile;
  let profile: EvalReport['profile'] = null;
  try {
    const p = selectProfile(options.profile);
    profile = { name: p.name, detector: p.detector, recognizer: p.recognizer, age: p.age, liveness: p.liveness, reason: p.reason };
  } catch (e) {
    // No complete profile: sections that need models report the error themselves.
    progress.info(`provefy eval: ${(e as Error).message}`);
  }
  const t0 = performance.now();
  const sections: EvalReport['sections'] = {};
  // Validate every labels file before spending time on models: a broken dataset fails fast.
  for (const s of wanted) preload(s.name, s.labelsFile);
  try {
    for (const s of wanted) {
      const ctx: SectionContext = { labelsFile: s.labelsFile, options, progress, maxFailures: options.maxFailures ?? 10 };
      const report = await RUNNERS[s.name](ctx);
      if (report.status !== 'ok') progress.info(`${s.name}: ${report.reason}`);
      sections[s.name] = report;
    }
  } finally {
    await releaseCheckResources();
  }
  return {
    tool: 'provefy eval',
    schemaVersion: 1,
    date: new Date().toISOString(),
    dataset: dir,
    datasetPath: root,
    machine: machineInfo(),
    profile,
    sections,
    elapsedS: Math.round((performance.now() - t0) / 100) / 10,
  };
}

function preload(name: SectionName, file: string): void {
  const loaders: Record<SectionName, (f: string) => unknown> = {
    faces: loadFacePairs,
    ages: loadAgeItems,
    liveness: loadLivenessItems,
    videos: loadVideoItems,
    documents: loadDocumentItems,
    mrz: loadMrzCases,
  };
  loaders[name](file);
}
