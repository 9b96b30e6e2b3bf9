import { createHash } from 'node:crypto';
import { type CheckReason, type CheckResult, reason } from '../check-result.js';
import { CAPTURE_REASON_CODES, CAPTURE_TIMING, type CaptureReasonCode } from './capture-reason-codes.js';

/**
 * What the capturing page or kiosk says about its camera, sent with the frames. Every field is optional: a host
 * reports what its platform gives it (`MediaStreamTrack.label`, `getSettings()`, `requestVideoFrameCallback`).
 */
export interface CaptureSourceReport {
  /** The camera's device label (`track.label`). */
  readonly label?: string | null;
  /** The track's settings: size, frame rate and a hash of its device id (never the id itself). */
  readonly settings?: {
    readonly width?: number | null;
    readonly height?: number | null;
    readonly frameRate?: number | null;
    readonly deviceIdHash?: string | null;
  } | null;
  /** Per captured frame, when the camera produced it (ms, e.g. `requestVideoFrameCallback`'s `captureTime` or `mediaTime`). */
  readonly frameTimes?: readonly number[] | null;
}

/** Labels of known virtual cameras and browser fake devices (case-insensitive). */
export const VIRTUAL_CAMERA_LABELS: readonly RegExp[] = [
  /\bOBS\b/i,
  /manycam/i,
  /snap\s*camera/i,
  /xsplit/i,
  /e2e\s*soft|\bvcam\b/i,
  /virtual\s*(cam|camera|webcam)/i,
  /camtwist/i,
  /v4l2\s*loopback|dummy video device/i,
  /fake/i,
  // Chromium's file-fed fake camera names the device after its file (`--use-file-for-fake-video-capture=clip.y4m`).
  /\.(y4m|mjpe?g)\b/i,
];

function codeReason(code: CaptureReasonCode, message: string, details?: Record<string, unknown>): CheckReason {
  return reason(code, message, details);
}

/** Standard deviation of successive differences, with their mean. */
function intervalSpread(times: readonly number[]): { mean: number; spread: number; n: number } {
  const d: number[] = [];
  for (let i = 1; i < times.length; i++) d.push(times[i]! - times[i - 1]!);
  if (d.length === 0) return { mean: 0, spread: 0, n: 0 };
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const spread = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / d.length);
  return { mean, spread, n: d.length };
}

/** Fewest intervals before "perfectly constant" timing means anything. */
const MIN_INTERVALS_FOR_CONSTANCY = 8;
/** Intervals within this of each other (ms) are "constant to the microsecond". */
const CONSTANT_WITHIN_MS = 0.001;

/**
 * The injection signals of a capture: a known virtual camera or browser fake device in the reported label
 * (`VIRTUAL_CAMERA`), timing no real camera produces (`SUSPICIOUS_FRAME_TIMING`: frame intervals constant to the
 * microsecond, a reported frame rate above 240 or not positive), and no report at all
 * (`CAPTURE_SOURCE_UNREPORTED`). Each reason turns a liveness PASS into REVIEW. Pure: no I/O.
 *
 * This raises the cost of an injected stream; it proves nothing: a modified browser or a virtual camera that
 * renames itself reports what it wants (see docs/liveness.md).
 *
 * @example
 * ```ts
 * assessCaptureSource({ label: 'OBS Virtual Camera' }).map((r) => r.code); // ['VIRTUAL_CAMERA']
 * assessCaptureSource({ label: 'Integrated Camera (04f2:b6dd)', settings: { frameRate: 30 } }); // []
 * ```
 */
export function assessCaptureSource(report: CaptureSourceReport | null | undefined, timestamps?: readonly number[]): CheckReason[] {
  const out: CheckReason[] = [];
  if (!report) {
    out.push(codeReason('CAPTURE_SOURCE_UNREPORTED', CAPTURE_REASON_CODES.CAPTURE_SOURCE_UNREPORTED.meaning));
  } else {
    const label = typeof report.label === 'string' ? report.label : '';
    const hit = VIRTUAL_CAMERA_LABELS.find((re) => re.test(label));
    if (hit) out.push(codeReason('VIRTUAL_CAMERA', `The camera "${label.slice(0, 120)}" is a virtual camera or a browser fake device`, { label: label.slice(0, 200) }));
  }
  const timing: string[] = [];
  const rate = report?.settings?.frameRate;
  if (typeof rate === 'number' && Number.isFinite(rate) && (rate <= 0 || rate > 240)) timing.push(`reported frame rate ${rate}`);
  for (const [name, times] of [
    ['capture timestamps', timestamps],
    ['camera frame times', report?.frameTimes],
  ] as const) {
    if (!times || times.length < MIN_INTERVALS_FOR_CONSTANCY + 1) continue;
    const { mean, spread } = intervalSpread(times);
    if (mean > 0 && spread < CONSTANT_WITHIN_MS) timing.push(`${name} exactly ${mean.toFixed(3)} ms apart`);
  }
  if (timing.length > 0) out.push(codeReason('SUSPICIOUS_FRAME_TIMING', `Frame timing no real camera produces: ${timing.join('; ')}`, { signals: timing }));
  return out;
}

/** Input of {@link checkFrameSequence}. */
export interface FrameSequenceInput {
  readonly frames: readonly Uint8Array[];
  /** Capture time of each frame (ms). Missing: `TIMESTAMPS_MISSING`. */
  readonly timestamps?: readonly number[] | undefined;
  /**
   * The window every capture time must lie in (ms, same clock as `timestamps`), e.g. `[0, now - issuedAt]` for a
   * server-issued attempt whose timestamps count from its start. Default: only the capture's own span is bounded
   * (at most one attempt's lifetime from first to last frame).
   */
  readonly window?: { readonly start: number; readonly end: number } | undefined;
  /** Frame hashes of earlier attempts of the same session (`FRAMES_REPLAYED` when one comes again). */
  readonly seen?: ReadonlySet<string> | undefined;
}

/**
 * The hash {@link checkFrameSequence} compares frames by (sha256 hex of the bytes).
 *
 * @example
 * ```ts
 * frameHash(new Uint8Array([1, 2, 3])).length; // 64
 * ```
 */
export function frameHash(frame: Uint8Array): string {
  return createHash('sha256').update(frame).digest('hex');
}

/**
 * Checks how a sequence of liveness frames arrived, before any model looks at it: one timestamp per frame, no two
 * frames with the same bytes, strictly increasing timestamps, all inside the attempt's window, no two frames closer
 * than a 60 fps camera delivers them and no gap longer than {@link CAPTURE_TIMING}'s `maxFrameGapMs`, and no frame of
 * an earlier attempt. Each finding is its own reason code, all of them FAIL (see {@link CAPTURE_REASON_CODES}).
 * Returns the reasons (empty when all is well) and the frame hashes (to remember for later attempts).
 *
 * @example
 * ```ts
 * const { reasons } = checkFrameSequence({ frames, timestamps: [0, 100, 100] });
 * reasons.map((r) => r.code); // ['FRAMES_DUPLICATED', 'FRAMES_OUT_OF_ORDER'] (when frames 1 and 2 are equal)
 * ```
 */
export function checkFrameSequence(input: FrameSequenceInput): { reasons: CheckReason[]; hashes: string[] } {
  const { frames, timestamps, window, seen } = input;
  const hashes = frames.map(frameHash);
  const reasons: CheckReason[] = [];
  const first = new Map<string, number>();
  const dup: number[] = [];
  hashes.forEach((h, i) => {
    if (first.has(h)) dup.push(i);
    else first.set(h, i);
  });
  if (dup.length > 0) reasons.push(codeReason('FRAMES_DUPLICATED', `${dup.length} frame(s) repeat an earlier frame byte for byte`, { frames: dup.slice(0, 20) }));
  if (seen && seen.size > 0) {
    const replayed = hashes.flatMap((h, i) => (seen.has(h) ? [i] : []));
    if (replayed.length > 0) reasons.push(codeReason('FRAMES_REPLAYED', `${replayed.length} frame(s) were already sent in an earlier attempt`, { frames: replayed.slice(0, 20) }));
  }
  if (!timestamps || timestamps.length !== frames.length) {
    reasons.push(codeReason('TIMESTAMPS_MISSING', CAPTURE_REASON_CODES.TIMESTAMPS_MISSING.meaning));
    return { reasons, hashes };
  }
  const backwards: number[] = [];
  const tooClose: number[] = [];
  const gaps: number[] = [];
  for (let i = 1; i < timestamps.length; i++) {
    const d = timestamps[i]! - timestamps[i - 1]!;
    if (d <= 0) backwards.push(i);
    else if (d < CAPTURE_TIMING.minFrameIntervalMs) tooClose.push(i);
    else if (d > CAPTURE_TIMING.maxFrameGapMs) gaps.push(i);
  }
  if (backwards.length > 0) reasons.push(codeReason('FRAMES_OUT_OF_ORDER', `${backwards.length} frame(s) are not later than the frame before`, { frames: backwards.slice(0, 20) }));
  if (tooClose.length > 0) {
    reasons.push(codeReason('FRAME_RATE_IMPOSSIBLE', `${tooClose.length} frame(s) follow the one before faster than a 60 fps camera`, { frames: tooClose.slice(0, 20) }));
  }
  if (gaps.length > 0) reasons.push(codeReason('FRAME_GAP', `${gaps.length} gap(s) between frames longer than ${CAPTURE_TIMING.maxFrameGapMs} ms`, { frames: gaps.slice(0, 20) }));
  const lo = Math.min(...timestamps);
  const hi = Math.max(...timestamps);
  const outside = window
    ? timestamps.flatMap((t, i) => (t < window.start - CAPTURE_TIMING.windowSlackMs || t > window.end + CAPTURE_TIMING.windowSlackMs ? [i] : []))
    : hi - lo > CAPTURE_TIMING.attemptTtlMs
      ? [timestamps.indexOf(hi)]
      : [];
  if (outside.length > 0) {
    reasons.push(codeReason('FRAMES_OUTSIDE_WINDOW', `${outside.length} frame(s) lie outside the attempt's capture window`, { frames: outside.slice(0, 20), ...(window ? { window } : {}) }));
  }
  return { reasons, hashes };
}

/**
 * A liveness result with the capture-integrity reasons applied: any FAIL reason makes it FAIL, any REVIEW reason
 * turns a PASS into REVIEW; every reason is added to the result's reasons.
 *
 * @example
 * ```ts
 * applyCaptureReasons('PASS', [], [{ code: 'VIRTUAL_CAMERA', message: '…' }]); // { result: 'REVIEW', reasons: [VIRTUAL_CAMERA] }
 * ```
 */
export function applyCaptureReasons(
  result: CheckResult,
  reasons: readonly CheckReason[],
  capture: readonly CheckReason[],
): { result: CheckResult; reasons: CheckReason[] } {
  const level = (r: CheckReason) => (CAPTURE_REASON_CODES as Record<string, { result: 'FAIL' | 'REVIEW' }>)[r.code]?.result;
  const fail = capture.some((r) => level(r) === 'FAIL');
  const review = capture.some((r) => level(r) === 'REVIEW');
  const out: CheckResult = fail ? 'FAIL' : review && result === 'PASS' ? 'REVIEW' : result;
  const known = new Set(reasons.map((r) => r.code));
  return { result: out, reasons: [...reasons, ...capture.filter((r) => !known.has(r.code))] };
}
