import type { ProfileName } from '@provefy/core/models';
import type { SectionName } from './datasets/layout.js';
import type { LatencySummary } from './metrics/latency.js';
import type { RocPoint } from './metrics/roc.js';
import type { Progress } from './report/progress.js';

/** One row of "what went wrong": the item, the truth and what the check said. */
export interface FailureRow {
  readonly file: string;
  readonly truth: string;
  readonly prediction: string;
  /** How bad (sorts the rows; larger = worse). */
  readonly severity: number;
}

/** Score curves of a two-class section, for the SVG plots. */
export interface SectionCurves {
  /** ROC points (threshold, far, tar, frr) from strictest to loosest. */
  readonly roc: RocPoint[];
  /** Which scores were compared, e.g. "genuine vs impostor pairs". */
  readonly classes: { readonly positive: string; readonly negative: string };
  /** The configured threshold, marked on the curves. */
  readonly threshold: number | null;
}

/** The outcome of one evaluation section. */
export interface SectionReport {
  readonly name: SectionName;
  /** `ok`: ran; `unsupported`: this build has no such check; `error`: the check could not run (e.g. a model is missing). */
  readonly status: 'ok' | 'unsupported' | 'error';
  /** Why the section did not run. */
  readonly reason?: string;
  readonly labelsFile: string;
  /** Labelled items (pairs, images, clips, cases). */
  readonly items: number;
  /** The figures (names as in docs/accuracy.md). */
  readonly metrics: Record<string, unknown>;
  /** Per-item latency of the check in ms. */
  readonly latencyMs: LatencySummary | null;
  /** Worst failures first (at most `maxFailures`). */
  readonly failures: FailureRow[];
  /** Notes on how the figures were computed (caveats). */
  readonly notes: string[];
  readonly curves?: SectionCurves;
  readonly elapsedS: number;
}

/** The machine a run happened on. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGb: number;
  readonly node: string;
  readonly platform: string;
  /** System load averages over 1, 5 and 15 minutes when the run ended (the run itself included): above `cores` means other work competed for the CPU. */
  readonly loadAverage?: readonly number[];
}

/** The JSON written by `provefy eval --json`. */
export interface EvalReport {
  readonly tool: 'provefy eval';
  readonly schemaVersion: 1;
  readonly date: string;
  /** The dataset folder as given on the command line. */
  readonly dataset: string;
  /** Its absolute path. */
  readonly datasetPath: string;
  readonly machine: MachineInfo;
  readonly profile: { readonly name: string; readonly detector: string; readonly recognizer: string; readonly age: readonly string[]; readonly liveness: readonly string[]; readonly reason: string } | null;
  readonly sections: Partial<Record<SectionName, SectionReport>>;
  readonly elapsedS: number;
}

/** Options of a run. */
export interface EvalOptions {
  /** Model profile (default: the best complete one). */
  readonly profile?: ProfileName;
  /** Run only these sections (default: every section whose labels file exists). */
  readonly sections?: readonly SectionName[];
  /**
   * What the second image of each face pair is, overriding the labels: `photo` (largest face) or `document`
   * (the printed portrait is searched). Default: the labels' `kind`, else `photo`.
   */
  readonly facesKind?: 'photo' | 'document';
  /** Face detector model id for the faces section (default: the profile's). */
  readonly detector?: string;
  /** Face recognizer model id for the faces section (default: the profile's). */
  readonly recognizer?: string;
  /** Score fusion with the recognizer's calibrated partner (default: on when its weights are installed). */
  readonly fusion?: boolean;
  /** Frames per second sampled from clips (default 15). */
  readonly videoFps?: number;
  /** Clips are scaled down to this width (default 640). */
  readonly videoMaxWidth?: number;
  /** Failure rows kept per section (default 10). */
  readonly maxFailures?: number;
  /** Progress output (default: a bar on a TTY, plain lines otherwise, on stderr). */
  readonly progress?: Progress;
}

/** What every section runner gets. */
export interface SectionContext {
  readonly labelsFile: string;
  readonly options: EvalOptions;
  readonly progress: Progress;
  readonly maxFailures: number;
}
