import * as models from '@provefy/core/models';
import type { InferenceCall, InferenceSession, Tensor } from '@provefy/core/models';

const { ort } = models;
/** Absent from a @provefy/core older than the benchmark (its OCR time is then not counted). */
const observeInference = (models as Partial<typeof models>).observeInference ?? (() => () => undefined);

type RunArgs = [feeds: Record<string, Tensor>, fetches?: unknown, options?: unknown];
type Run = (this: InferenceSession, ...args: RunArgs) => Promise<unknown>;

/** The model calls one check made: its ONNX runs (session and copied input tensors) and its OCR engine time. */
export interface RecordedModelCalls {
  readonly onnx: { readonly session: InferenceSession; readonly args: RunArgs }[];
  /** OCR recognitions: start (performance.now()) and duration, ms. */
  readonly ocr: { readonly start: number; readonly ms: number }[];
}

/** The model floor of a check: the time its models alone take for one call. */
export interface ModelFloor {
  /** ONNX runs of one call, replayed one after the other on ready tensors with the same sessions (same thread settings), ms (median of the repeats). */
  readonly onnxMs: number;
  /** Wall time Tesseract spent recognising in the call (overlapping calls counted once), ms. */
  readonly ocrMs: number;
  /** onnxMs + ocrMs. */
  readonly ms: number;
  /** ONNX runs per call. */
  readonly onnxRuns: number;
  /** OCR recognitions per call. */
  readonly ocrCalls: number;
}

function copyTensor(t: Tensor): Tensor {
  const data = t.data as unknown as { slice(): unknown };
  return new ort.Tensor(t.type as 'float32', data.slice() as Float32Array, t.dims);
}

/**
 * Runs `fn` once and records every model call it makes: the ONNX `session.run` calls (each input tensor copied,
 * so the replay sees exactly what the check fed) and the OCR recognitions (through core's `observeInference`).
 *
 * @example
 * ```ts
 * const calls = await recordModelCalls(() => estimateAge(bytes));
 * const floor = await replayFloor(calls);
 * ```
 */
export async function recordModelCalls(fn: () => Promise<unknown>): Promise<RecordedModelCalls> {
  const proto = (ort.InferenceSession as unknown as { prototype: { run: Run } }).prototype;
  const original = proto.run;
  const onnx: { session: InferenceSession; args: RunArgs }[] = [];
  const ocr: { start: number; ms: number }[] = [];
  proto.run = function (this: InferenceSession, ...args: RunArgs) {
    const feeds: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(args[0])) feeds[k] = copyTensor(v);
    onnx.push({ session: this, args: [feeds, ...args.slice(1)] as RunArgs });
    return original.apply(this, args);
  };
  const stop = observeInference((c: InferenceCall) => {
    if (c.kind === 'ocr') ocr.push({ start: c.start, ms: c.ms });
  });
  try {
    await fn();
  } finally {
    proto.run = original;
    stop();
  }
  return { onnx, ocr };
}

/** Total length of the union of intervals (OCR calls on parallel workers overlap). */
function unionMs(iv: readonly { start: number; ms: number }[]): number {
  const s = [...iv].sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = Number.NEGATIVE_INFINITY;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (const { start, ms } of s) {
    const end = start + ms;
    if (start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = start;
      curEnd = end;
    } else curEnd = Math.max(curEnd, end);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The model floor of recorded calls: the ONNX runs replayed back to back on the same sessions (median over
 * `repeats` replays, after one unmeasured replay) plus the OCR engine time seen while recording.
 *
 * @example
 * ```ts
 * const { ms } = await replayFloor(await recordModelCalls(() => matchFaces(a, b)));
 * ```
 */
export async function replayFloor(calls: RecordedModelCalls, repeats = 5): Promise<ModelFloor> {
  const once = async () => {
    const s = performance.now();
    for (const { session, args } of calls.onnx) await (session.run as unknown as Run).apply(session, args);
    return performance.now() - s;
  };
  const times: number[] = [];
  if (calls.onnx.length) {
    await once();
    for (let i = 0; i < repeats; i++) times.push(await once());
  }
  const onnxMs = calls.onnx.length ? median(times) : 0;
  const ocrMs = unionMs(calls.ocr);
  return { onnxMs: r1(onnxMs), ocrMs: r1(ocrMs), ms: r1(onnxMs + ocrMs), onnxRuns: calls.onnx.length, ocrCalls: calls.ocr.length };
}

/**
 * Records one call of `fn` and returns its model floor.
 *
 * @example
 * ```ts
 * const floor = await modelFloor(() => readDocument(bytes)); // { onnxMs, ocrMs, ms, ... }
 * ```
 */
export async function modelFloor(fn: () => Promise<unknown>, repeats = 5): Promise<ModelFloor> {
  return replayFloor(await recordModelCalls(fn), repeats);
}
