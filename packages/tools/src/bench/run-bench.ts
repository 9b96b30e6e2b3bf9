import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@provefy/core';
import { type ProfileName, env, findRepoRoot, getModelEntry, getOnnxSession, profileSessionIds, selectProfile } from '@provefy/core/models';
import { existsSync } from 'node:fs';
import { type LatencySummary, summariseLatency } from '../eval/metrics/latency.js';
import { machineInfo } from '../eval/report/machine-info.js';
import type { Progress } from '../eval/report/progress.js';
import { releaseCheckResources } from '../eval/sections/check-loader.js';
import type { MachineInfo } from '../eval/types.js';
import { benchDataDir, benchFiles } from './bench-inputs.js';
import { benchChildCommand, runColdScenario } from './cold.js';
import { measureLatency, measureThroughput, peakRssMb, type ThroughputMeasurement } from './measure.js';
import { type ModelFloor, modelFloor } from './model-floor.js';
import { type RestBenchOutcome, runRestBenchIfPresent } from './rest.js';
import { type BenchFiles, CLIP_FRAMES, checkCalls, clipOptions, type CoreModule, fullVerification, type VerificationTiming, verificationInputs } from './scenarios.js';

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
  /** The first call in the benchmark process, models already loaded, ms. */
  readonly firstCallMs?: number;
  /** A fresh Node process: from its start to the end of its first call (import of the built package, model loads, OCR start-up), ms; the median of {@link coldRangeMs}'s runs. */
  readonly coldMs?: number;
  /** The fastest and slowest of the fresh-process runs, and how many there were. */
  readonly coldRangeMs?: { readonly min: number; readonly max: number; readonly runs: number };
  /** Sequential latency after warm-up, ms per unit. */
  readonly latencyMs?: LatencySummary;
  /** Calls per second at concurrency 1, 2, 4. */
  readonly throughput?: ThroughputMeasurement[];
  /** The time the models alone take for one call (raw onnxruntime runs on ready tensors, same sessions; OCR engine time). */
  readonly floor?: ModelFloor;
  /** p50 / floor: how far the check is from its models' own time. */
  readonly floorRatio?: number;
}

/** The full verification (8-frame clip, age, passport, face match) through the library. */
export interface FullVerificationBench {
  readonly status: 'ok' | 'error';
  readonly reason?: string;
  readonly inputs?: string;
  /** Warm, steps one after the other: total and the median of each step, ms. */
  readonly warm?: { readonly totalMs: LatencySummary; readonly steps: Record<string, number>; readonly results: Record<string, string> };
  /** Warm, the independent checks started together: total, ms. */
  readonly concurrent?: { readonly totalMs: LatencySummary };
  /** Fresh processes (median of the runs): process start to the end of the last step, and its steps, ms. */
  readonly cold?: { readonly runs: number; readonly coldMs: number; readonly importMs: number; readonly steps: Record<string, number>; readonly rangeMs?: { readonly min: number; readonly max: number; readonly runs: number } } | { readonly error: string };
  readonly floor?: ModelFloor;
  readonly floorRatio?: number;
}

/** The same photo at 640x480 and 4000x3000 (estimateAge, calls interleaved). */
export interface PhotoSizeBench {
  readonly source: string;
  readonly smallP50Ms: number;
  readonly largeP50Ms: number;
  /** large / small. */
  readonly ratio: number;
}

/** A server with every model loaded (the server adapter's `createProvefy` and `ready()`, then a full verification). */
export type ServerMemoryBench =
  | {
      readonly status: 'ok';
      readonly readyMs: number;
      readonly rssAfterReadyMb: number;
      readonly peakRssMb: number;
      readonly sequentialMs: number;
      readonly concurrentMs: number;
    }
  | { readonly status: 'error' | 'unsupported'; readonly reason: string };

/** The JSON written by `provefy bench --json`. */
export interface BenchReport {
  readonly tool: 'provefy bench';
  readonly schemaVersion: 1 | 2;
  readonly date: string;
  readonly machine: MachineInfo;
  /** Load average (1 min) when the benchmark started. */
  readonly loadAtStart?: number;
  /** What ran: the built packages (`dist`, as users import them) or the TypeScript sources. */
  readonly build?: 'dist' | 'source';
  readonly profile: { readonly name: string; readonly reason: string; readonly threads: number } | null;
  readonly settings: { readonly warmup: number; readonly iterations: number; readonly maxSeconds: number; readonly throughputSeconds: number; readonly concurrency: readonly number[]; readonly coldRuns?: number };
  /** ONNX session creation (file verification included) per model, ms, before any check runs. */
  readonly modelLoad: { readonly id: string; readonly file: string; readonly ms: number }[];
  readonly checks: CheckBench[];
  readonly photoSizes?: PhotoSizeBench | null;
  readonly fullVerification?: FullVerificationBench;
  readonly server?: ServerMemoryBench;
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
  /** Fresh-process runs of the full verification (default 3; the median is reported). */
  readonly coldRuns?: number;
  /** Run the fresh-process measurements (default true). */
  readonly cold?: boolean;
  /** Run the REST benchmark of the server adapter when present (default true). */
  readonly rest?: boolean;
  /** Seconds per REST scenario. */
  readonly restSeconds?: number;
  readonly progress: Progress;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : Number.NaN;
}

/** Checks measured in the benchmark process, in order: [name, unit, throughput measured]. */
const CHECKS: readonly [string, string, boolean][] = [
  ['matchFaces', 'pair of encoded photos (second searched as a document, the default)', true],
  ['matchFaces.photos', "pair of encoded photos (documentKind: 'photo')", false],
  ['twoEmbeddings', 'two getFaceEmbedding calls on the same pair', false],
  ['estimateAge', 'encoded face crop', true],
  ['verifyLiveness.frame', 'encoded still (passive)', true],
  ['decodeClip.8frames', `readVideoFrames: ${CLIP_FRAMES} frames spread over the clip, at most 640 px wide`, false],
  ['verifyLiveness.8frames', `verifyLiveness on the ${CLIP_FRAMES} decoded frames`, false],
  ['readDocument', 'encoded passport page', true],
];

/** Checks measured in a fresh process. */
const COLD_CHECKS = ['matchFaces', 'estimateAge', 'verifyLiveness.frame', 'readDocument'];

function copyFrame(img: core.RgbImage): core.RgbImage {
  return { data: new Uint8Array(img.data), width: img.width, height: img.height, channels: 3 };
}

/** Whether `@provefy/core` resolved to its build (`dist`) or to its TypeScript sources (a tsx run). */
function coreBuild(): 'dist' | 'source' {
  try {
    return /\/dist\//.test(import.meta.resolve('@provefy/core')) ? 'dist' : 'source';
  } catch {
    return 'source';
  }
}

/**
 * Measures what users get from the built packages: per-check latency after warm-up (p50/p95/p99), the first call
 * in a fresh process (cold), the model floor beside each check (its ONNX runs replayed on ready tensors with the
 * same sessions, plus the OCR engine time) and the ratio, throughput at concurrency 1, 2, 4, the same photo at
 * 640x480 and 4000x3000, a full verification (8-frame clip, age, passport, face match) warm, concurrent and cold
 * with its per-step breakdown, the peak RSS of a server with every model loaded, and the server adapter's REST
 * benchmark. Every call gets fresh input bytes so no per-object cache hides work.
 *
 * @example
 * ```ts
 * const report = await runBench({ progress: silentProgress, iterations: 10 });
 * report.checks.find((c) => c.name === 'matchFaces')?.floorRatio;
 * ```
 */
export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const t0 = performance.now();
  const loadAtStart = r2(loadavg()[0] ?? 0);
  const settings = {
    warmup: opts.warmup ?? 3,
    iterations: opts.iterations ?? 20,
    maxSeconds: opts.maxSeconds ?? 6,
    throughputSeconds: opts.throughputSeconds ?? 3,
    concurrency: opts.concurrency ?? [1, 2, 4],
    coldRuns: opts.coldRuns ?? 3,
  };
  const p = opts.progress;
  const dir = benchDataDir(opts.data);
  const tmp = mkdtempSync(join(tmpdir(), 'provefy-bench-'));
  try {
    const found = await benchFiles(dir, tmp);
    const files = 'missing' in found ? null : found;
    if (!files) p.info(`provefy bench: ${(found as { missing: string }).missing}`);
    const filesJson = join(tmp, 'files.json');
    if (files) writeFileSync(filesJson, JSON.stringify(files));

    // Fresh processes first, while nothing of this process competes with them.
    const coldResults = new Map<string, Record<string, unknown>>();
    let coldVerification: FullVerificationBench['cold'];
    let server: ServerMemoryBench = { status: 'unsupported', reason: 'not measured' };
    if (files && opts.cold !== false) {
      const child = benchChildCommand();
      p.info(`cold: fresh processes through ${child?.built ? 'the built packages' : 'tsx (no build of @provefy/tools found)'}`);
      // Each check's fresh processes interleaved with the others' (a drift of the machine's speed spreads over all).
      const perCheck = new Map<string, Record<string, unknown>[]>(COLD_CHECKS.map((n) => [n, []]));
      for (let i = 0; i < settings.coldRuns; i++) {
        for (const name of COLD_CHECKS) {
          p.info(`cold: ${name} ${i + 1}/${settings.coldRuns}`);
          perCheck.get(name)!.push(await runColdScenario(name, filesJson));
        }
      }
      for (const [name, runs] of perCheck) coldResults.set(name, medianColdRun(runs));
      const runs: Record<string, unknown>[] = [];
      for (let i = 0; i < settings.coldRuns; i++) {
        p.info(`cold: full verification ${i + 1}/${settings.coldRuns}`);
        runs.push(await runColdScenario('fullVerification', filesJson));
      }
      const mid = medianColdRun(runs) as Partial<VerificationTiming> & { coldMs?: number; importMs?: number; coldRangeMs?: { min: number; max: number; runs: number }; error?: unknown };
      coldVerification =
        typeof mid.coldMs === 'number' && mid.coldRangeMs
          ? { runs: mid.coldRangeMs.runs, coldMs: mid.coldMs, importMs: mid.importMs ?? 0, steps: mid.steps ?? {}, rangeMs: mid.coldRangeMs }
          : { error: String(mid.error ?? 'no run') };
      server = await measureServer(filesJson, p);
    }

    if (opts.profile) env.profile = opts.profile;
    let profile: BenchReport['profile'] = null;
    const modelLoad: BenchReport['modelLoad'] = [];
    try {
      const prof = selectProfile(opts.profile);
      profile = { name: prof.name, reason: prof.reason, threads: env.threads };
      // What ready() loads: the profile's models and those its checks run beside them (the fusion partner, the age head's features).
      for (const id of profileSessionIds(prof)) {
        const s = performance.now();
        await getOnnxSession(id);
        modelLoad.push({ id, file: getModelEntry(id).file, ms: r1(performance.now() - s) });
      }
      p.info(`models loaded: ${modelLoad.map((m) => `${m.id} ${m.ms} ms`).join(', ')}`);
    } catch (e) {
      p.info(`provefy bench: ${(e as Error).message}`);
    }

    const checks: CheckBench[] = [];
    let photoSizes: PhotoSizeBench | null = null;
    let fullV: FullVerificationBench = { status: 'error', reason: 'no sample files' };
    try {
      if (files) {
        await benchChecks(core, files, settings, coldResults, checks, p);
        photoSizes = await benchPhotoSizes(core, files, settings, p);
        fullV = await benchFullVerification(core, files, settings, p);
        if (coldVerification) fullV = { ...fullV, cold: coldVerification };
      } else {
        for (const [name, unit] of CHECKS) checks.push({ name, status: 'unsupported', reason: (found as { missing: string }).missing, unit });
      }
    } finally {
      await releaseCheckResources();
    }
    const rest = opts.rest === false ? { status: 'skipped' as const, reason: 'disabled (--no-rest)' } : await runRestBenchIfPresent({ seconds: opts.restSeconds ?? 5, progress: p });

    return {
      tool: 'provefy bench',
      schemaVersion: 2,
      date: new Date().toISOString(),
      machine: machineInfo(),
      loadAtStart,
      build: coreBuild(),
      profile,
      settings,
      modelLoad,
      checks,
      photoSizes,
      fullVerification: fullV,
      server,
      peakRssMb: peakRssMb(),
      cpuSeconds: r1((process.cpuUsage().user + process.cpuUsage().system) / 1e6),
      rest,
      elapsedS: r1((performance.now() - t0) / 1000),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

type Settings = { warmup: number; iterations: number; maxSeconds: number; throughputSeconds: number; concurrency: readonly number[] };

/**
 * The median of one check's fresh-process runs (by `coldMs`), with the range of the runs that worked; the first
 * error when none did.
 *
 * @example
 * ```ts
 * medianColdRun([{ coldMs: 700 }, { coldMs: 650 }, { coldMs: 900 }]); // { coldMs: 700, coldRangeMs: { min: 650, max: 900, runs: 3 } }
 * ```
 */
export function medianColdRun(runs: readonly Record<string, unknown>[]): Record<string, unknown> {
  const ok = runs.filter((r) => typeof r.coldMs === 'number').sort((a, b) => (a.coldMs as number) - (b.coldMs as number));
  if (ok.length === 0) return runs[0] ?? { error: 'no run' };
  const mid = ok[Math.floor((ok.length - 1) / 2)]!;
  return { ...mid, coldRangeMs: { min: ok[0]!.coldMs, max: ok[ok.length - 1]!.coldMs, runs: ok.length } };
}

async function benchChecks(c: CoreModule, files: BenchFiles, settings: Settings, cold: Map<string, Record<string, unknown>>, checks: CheckBench[], p: Progress): Promise<void> {
  const calls = checkCalls(c, files);
  const clip = await c.readVideoFrames(files.clip, clipOptions(files));
  calls['verifyLiveness.8frames'] = () => c.verifyLiveness(clip.frames.map(copyFrame), { timestamps: clip.timestamps });
  const inputs: Record<string, string> = {
    matchFaces: files.pairNames,
    'matchFaces.photos': files.pairNames,
    twoEmbeddings: files.pairNames,
    estimateAge: rel(files, files.ageImage),
    'verifyLiveness.frame': rel(files, files.liveImage),
    'decodeClip.8frames': rel(files, files.clip),
    'verifyLiveness.8frames': rel(files, files.clip),
    readDocument: rel(files, files.document),
  };
  for (const [name, unit, throughput] of CHECKS) {
    const fn = calls[name]!;
    p.info(`${name}: measuring latency`);
    try {
      const lat = await measureLatency(fn, settings);
      const floor = await modelFloor(fn);
      const tp: ThroughputMeasurement[] = [];
      if (throughput) {
        for (const k of settings.concurrency) {
          p.info(`${name}: throughput at concurrency ${k}`);
          tp.push(await measureThroughput(fn, k, settings.throughputSeconds));
        }
      }
      const coldRun = cold.get(name);
      const coldMs = typeof coldRun?.coldMs === 'number' ? coldRun.coldMs : undefined;
      const coldRangeMs = coldRun?.coldRangeMs as CheckBench['coldRangeMs'];
      checks.push({
        name,
        status: 'ok',
        unit,
        input: inputs[name] ?? '',
        firstCallMs: lat.firstCallMs,
        ...(coldMs !== undefined ? { coldMs } : {}),
        ...(coldRangeMs ? { coldRangeMs } : {}),
        latencyMs: lat.latencyMs,
        ...(throughput ? { throughput: tp } : {}),
        floor,
        ...(floor.ms > 0 ? { floorRatio: r2(lat.latencyMs.p50 / floor.ms) } : {}),
      });
      p.info(`${name}: p50 ${lat.latencyMs.p50} ms, floor ${floor.ms} ms${coldMs !== undefined ? `, cold ${coldMs} ms` : ''}`);
    } catch (e) {
      checks.push({ name, status: 'error', reason: (e as Error).message, unit });
      p.info(`${name}: error ${(e as Error).message}`);
    }
  }
}

function rel(files: BenchFiles, path: string): string {
  return path.startsWith(files.dir) ? path.slice(files.dir.length + 1) : path;
}

/** estimateAge on the same photo at 640x480 and 4000x3000, calls alternating so both see the same machine load. */
async function benchPhotoSizes(c: CoreModule, files: BenchFiles, settings: Settings, p: Progress): Promise<PhotoSizeBench> {
  p.info('photo sizes: 640x480 vs 4000x3000');
  const calls = checkCalls(c, files);
  const small = calls['estimateAge.640x480']!;
  const large = calls['estimateAge.4000x3000']!;
  for (let i = 0; i < settings.warmup + 1; i++) {
    await small();
    await large();
  }
  const a: number[] = [];
  const b: number[] = [];
  const start = performance.now();
  while (a.length < settings.iterations && (a.length < 5 || performance.now() - start < settings.maxSeconds * 1000)) {
    let s = performance.now();
    await small();
    a.push(performance.now() - s);
    s = performance.now();
    await large();
    b.push(performance.now() - s);
  }
  const smallP50Ms = r1(median(a));
  const largeP50Ms = r1(median(b));
  p.info(`photo sizes: ${smallP50Ms} ms vs ${largeP50Ms} ms`);
  return { source: rel(files, files.photoSource), smallP50Ms, largeP50Ms, ratio: r2(largeP50Ms / smallP50Ms) };
}

async function benchFullVerification(c: CoreModule, files: BenchFiles, settings: Settings, p: Progress): Promise<FullVerificationBench> {
  p.info('full verification: warm');
  try {
    await fullVerification(c, files, verificationInputs(files), 'sequential');
    const runs: VerificationTiming[] = [];
    const n = Math.max(3, Math.min(7, settings.iterations));
    for (let i = 0; i < n; i++) runs.push(await fullVerification(c, files, verificationInputs(files), 'sequential'));
    const steps: Record<string, number> = {};
    for (const k of Object.keys(runs[0]!.steps)) steps[k] = r1(median(runs.map((r) => r.steps[k] ?? Number.NaN)));
    p.info('full verification: concurrent');
    const conc: number[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(n / 2)); i++) conc.push((await fullVerification(c, files, verificationInputs(files), 'concurrent')).totalMs);
    const floor = await modelFloor(() => fullVerification(c, files, verificationInputs(files), 'sequential'), 3);
    const totalMs = summariseLatency(runs.map((r) => r.totalMs));
    p.info(`full verification: ${totalMs.p50} ms warm (${JSON.stringify(steps)}), floor ${floor.ms} ms`);
    return {
      status: 'ok',
      inputs: `${rel(files, files.clip)} (${CLIP_FRAMES} frames), ${rel(files, files.photoSource)} at 640x480 (the selfie), ${rel(files, files.document)}`,
      warm: { totalMs, steps, results: runs[0]!.results },
      concurrent: { totalMs: summariseLatency(conc) },
      floor,
      ...(floor.ms > 0 ? { floorRatio: r2(totalMs.p50 / floor.ms) } : {}),
    };
  } catch (e) {
    return { status: 'error', reason: (e as Error).message };
  }
}

/** The server adapter's build, when this checkout has it. */
function serverAdapterEntry(): string | null {
  const root = findRepoRoot();
  if (!root) return null;
  const p = join(root, 'packages/server-adapter/dist/index.js');
  return existsSync(p) ? p : null;
}

async function measureServer(filesJson: string, p: Progress): Promise<ServerMemoryBench> {
  const entry = serverAdapterEntry();
  if (!entry) return { status: 'unsupported', reason: 'packages/server-adapter/dist is not built in this checkout' };
  p.info('server: createProvefy + ready() + a full verification, in a fresh process');
  const r = await runColdScenario('server', filesJson, [entry]);
  if (typeof r.peakRssMb !== 'number') return { status: 'error', reason: String(r.error ?? 'no result') };
  const seq = r.sequential as VerificationTiming | undefined;
  const conc = r.concurrent as VerificationTiming | undefined;
  return {
    status: 'ok',
    readyMs: r.readyMs as number,
    rssAfterReadyMb: r.rssAfterReadyMb as number,
    peakRssMb: r.peakRssMb,
    sequentialMs: seq?.totalMs ?? Number.NaN,
    concurrentMs: conc?.totalMs ?? Number.NaN,
  };
}
