import { type ProfileName, env, getModelEntry, getOnnxSession, selectProfile } from '@provefy/core/models';
import { loadImage, type RgbImage } from '@provefy/core';
import type { LatencySummary } from '../eval/metrics/latency.js';
import { machineInfo } from '../eval/report/machine-info.js';
import type { Progress } from '../eval/report/progress.js';
import { findCheck, releaseCheckResources } from '../eval/sections/check-loader.js';
import type { EstimateAgeFn, MatchFacesFn, ReadDocumentFn, VerifyLivenessFn } from '../eval/sections/check-shapes.js';
import type { MachineInfo } from '../eval/types.js';
import { type BenchInputs, benchDataDir, loadBenchInputs } from './bench-inputs.js';
import { measureLatency, measureThroughput, peakRssMb, type ThroughputMeasurement } from './measure.js';
import { type RestBenchOutcome, runRestBenchIfPresent } from './rest.js';

/** One benchmarked check. */
export interface CheckBench {
  /** Stable key, e.g. `matchFaces`, `verifyLiveness.frame`. */
  readonly name: string;
  readonly status: 'ok' | 'unsupported' | 'error';
  readonly reason?: string;
  /** What one call processes. */
  readonly unit: string;
  /** The sample input. */
  readonly input?: string;
  /** The first call of the process (lazy model loads included), ms. */
  readonly firstCallMs?: number;
  /** Sequential latency after warm-up, ms per unit. */
  readonly latencyMs?: LatencySummary;
  /** Calls per second at concurrency 1, 2, 4. */
  readonly throughput?: ThroughputMeasurement[];
}

/** The JSON written by `provefy bench --json`. */
export interface BenchReport {
  readonly tool: 'provefy bench';
  readonly schemaVersion: 1;
  readonly date: string;
  readonly machine: MachineInfo;
  readonly profile: { readonly name: string; readonly reason: string; readonly threads: number } | null;
  readonly settings: { readonly warmup: number; readonly iterations: number; readonly maxSeconds: number; readonly throughputSeconds: number; readonly concurrency: readonly number[] };
  /** ONNX session creation (file verification included) per model, ms, before any check runs. */
  readonly modelLoad: { readonly id: string; readonly file: string; readonly ms: number }[];
  readonly checks: CheckBench[];
  /** Peak resident set size of the benchmark process, MB. */
  readonly peakRssMb: number;
  /** CPU time (user + system) the benchmark process used, s: far below `elapsedS` x cores means others used the CPU too. */
  readonly cpuSeconds?: number;
  readonly rest: RestBenchOutcome;
  readonly elapsedS: number;
}

/** Options of {@link runBench}. */
export interface BenchOptions {
  /** Dataset with sample images (default ../shared/fixtures). */
  readonly data?: string;
  readonly profile?: ProfileName;
  readonly warmup?: number;
  readonly iterations?: number;
  /** Max seconds of latency measurement per check. */
  readonly maxSeconds?: number;
  /** Seconds per throughput level. */
  readonly throughputSeconds?: number;
  readonly concurrency?: readonly number[];
  /** Run the REST benchmark of the server adapter when present (default true). */
  readonly rest?: boolean;
  /** Seconds per REST scenario. */
  readonly restSeconds?: number;
  readonly progress: Progress;
}

function copyImage(img: RgbImage): RgbImage {
  return { data: new Uint8Array(img.data), width: img.width, height: img.height, channels: 3 };
}

/**
 * Measures per-check latency (p50/p95/p99 after warm-up), model load time, peak RSS and throughput at
 * concurrency 1, 2, 4 on sample inputs, plus the server adapter's REST benchmark when it exists. Every call
 * gets a fresh copy of its input so no per-object cache hides work.
 *
 * @example
 * ```ts
 * const report = await runBench({ progress: silentProgress, iterations: 10 });
 * report.checks.find((c) => c.name === 'matchFaces')?.latencyMs?.p95;
 * ```
 */
export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const t0 = performance.now();
  const settings = {
    warmup: opts.warmup ?? 3,
    iterations: opts.iterations ?? 30,
    maxSeconds: opts.maxSeconds ?? 12,
    throughputSeconds: opts.throughputSeconds ?? 5,
    concurrency: opts.concurrency ?? [1, 2, 4],
  };
  const p = opts.progress;
  const inputs = loadBenchInputs(benchDataDir(opts.data));
  if (opts.profile) env.profile = opts.profile;
  let profile: BenchReport['profile'] = null;
  const modelLoad: BenchReport['modelLoad'] = [];
  try {
    const prof = selectProfile(opts.profile);
    profile = { name: prof.name, reason: prof.reason, threads: env.threads };
    for (const id of [prof.detector, prof.recognizer, ...prof.age, ...prof.liveness]) {
      const s = performance.now();
      await getOnnxSession(id);
      modelLoad.push({ id, file: getModelEntry(id).file, ms: Math.round((performance.now() - s) * 10) / 10 });
    }
    p.info(`models loaded: ${modelLoad.map((m) => `${m.id} ${m.ms} ms`).join(', ')}`);
  } catch (e) {
    p.info(`provefy bench: ${(e as Error).message}`);
  }

  const checks: CheckBench[] = [];
  const runCheck = async (name: string, unit: string, input: string | undefined, fn: ((i: number) => Promise<unknown>) | string, perUnit = 1, throughput = true) => {
    if (typeof fn === 'string') {
      checks.push({ name, status: 'unsupported', reason: fn, unit });
      p.info(`${name}: not supported by this build (${fn})`);
      return;
    }
    p.info(`${name}: measuring latency`);
    try {
      const lat = await measureLatency(fn, settings);
      const scale = (x: number) => Math.round((x / perUnit) * 10) / 10;
      const latencyMs = perUnit === 1 ? lat.latencyMs : { n: lat.latencyMs.n, p50: scale(lat.latencyMs.p50), p95: scale(lat.latencyMs.p95), p99: scale(lat.latencyMs.p99), mean: scale(lat.latencyMs.mean), max: scale(lat.latencyMs.max) };
      const tp: ThroughputMeasurement[] = [];
      if (throughput) {
        for (const c of settings.concurrency) {
          p.info(`${name}: throughput at concurrency ${c}`);
          tp.push(await measureThroughput(fn, c, settings.throughputSeconds));
        }
      }
      checks.push({ name, status: 'ok', unit, ...(input ? { input } : {}), firstCallMs: lat.firstCallMs, latencyMs, ...(throughput ? { throughput: tp } : {}) });
      p.info(`${name}: p50 ${latencyMs.p50} ms, p95 ${latencyMs.p95} ms, p99 ${latencyMs.p99} ms${tp.length ? `; ${tp.map((t) => `${t.perSecond}/s at ${t.concurrency}`).join(', ')}` : ''}`);
    } catch (e) {
      checks.push({ name, status: 'error', reason: (e as Error).message, unit });
      p.info(`${name}: error ${(e as Error).message}`);
    }
  };

  try {
    await benchChecks(inputs, runCheck, opts);
  } finally {
    await releaseCheckResources();
  }
  const rest = opts.rest === false ? { status: 'skipped' as const, reason: 'disabled (--no-rest)' } : await runRestBenchIfPresent({ seconds: opts.restSeconds ?? 10, progress: p });

  return {
    tool: 'provefy bench',
    schemaVersion: 1,
    date: new Date().toISOString(),
    machine: machineInfo(),
    profile,
    settings,
    modelLoad,
    checks,
    peakRssMb: peakRssMb(),
    cpuSeconds: Math.round(((process.cpuUsage().user + process.cpuUsage().system) / 1e6) * 10) / 10,
    rest,
    elapsedS: Math.round((performance.now() - t0) / 100) / 10,
  };
}

type RunCheck = (name: string, unit: string, input: string | undefined, fn: ((i: number) => Promise<unknown>) | string, perUnit?: number, throughput?: boolean) => Promise<void>;

async function benchChecks(inputs: BenchInputs, runCheck: RunCheck, opts: BenchOptions): Promise<void> {
  const profile = opts.profile ? { profile: opts.profile } : {};
  const missing = (what: string) => `no sample ${what} in ${inputs.dir}`;

  const match = await findCheck<MatchFacesFn>('face', ['matchFaces']);
  await runCheck(
    'matchFaces',
    'pair of encoded images',
    inputs.pair?.names,
    !match.fn ? match.reason : !inputs.pair ? missing('face pair') : (() => {
      const { a, b } = inputs.pair!;
      return () => match.fn!(Buffer.from(a), Buffer.from(b), profile);
    })(),
  );

  const age = await findCheck<EstimateAgeFn>('age', ['estimateAge']);
  await runCheck(
    'estimateAge',
    'encoded image',
    inputs.ageImage?.name,
    !age.fn ? age.reason : !inputs.ageImage ? missing('age image') : () => age.fn!(Buffer.from(inputs.ageImage!.bytes), { minAge: 18, ...profile }),
  );

  const live = await findCheck<VerifyLivenessFn>('liveness', ['verifyLiveness']);
  let frame: RgbImage | null = null;
  if (live.fn && inputs.livenessImage) frame = await loadImage(inputs.livenessImage.bytes);
  await runCheck(
    'verifyLiveness.frame',
    'decoded frame (passive)',
    inputs.livenessImage?.name,
    !live.fn ? live.reason : !frame ? missing('live image') : () => live.fn!(copyImage(frame!), profile),
  );

  // A clip with the blink challenge: latency per frame.
  const reader = await findCheck<(path: string, o?: { fps?: number; maxWidth?: number }) => Promise<{ frames: RgbImage[]; timestamps: number[] }>>('video', ['readVideoFrames']);
  if (live.fn && reader.fn && inputs.clip) {
    const clip = await reader.fn(inputs.clip.path, { fps: 15, maxWidth: 640 });
    await runCheck(
      'verifyLiveness.video',
      'frame of a clip with the blink challenge (15 fps, 640 px)',
      `${inputs.clip.file} (${clip.frames.length} frames)`,
      () => live.fn!(clip.frames.map(copyImage), { challenges: ['blink'], timestamps: clip.timestamps, ...profile }),
      clip.frames.length,
      false,
    );
  } else {
    await runCheck('verifyLiveness.video', 'frame of a clip with the blink challenge', undefined, !live.fn ? live.reason : !reader.fn ? reader.reason : missing('clip with a blink'));
  }

  const doc = await findCheck<ReadDocumentFn>('document', ['readDocument']);
  await runCheck(
    'readDocument',
    'encoded document image',
    inputs.document?.name,
    !doc.fn ? doc.reason : !inputs.document ? missing('document') : () => doc.fn!(Buffer.from(inputs.document!.bytes), profile),
  );
}
