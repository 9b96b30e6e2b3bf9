/** One reason code about how a liveness capture arrived (not what its frames show). */
export interface CaptureReasonInfo {
  /** The result the reason gives the liveness check: FAIL (retryable while attempts are left) or REVIEW (a PASS is held). */
  readonly result: 'FAIL' | 'REVIEW';
  readonly meaning: string;
}

/**
 * The catalogue of capture-integrity reason codes: frame order, duplicates, timing and the capture window give a
 * FAIL (the person simply retries with a new attempt); an injection signal (a virtual camera, timing no camera
 * produces, no source report) turns a PASS into REVIEW. docs/errors.md and docs/liveness.md list each of them.
 *
 * @example
 * ```ts
 * CAPTURE_REASON_CODES.VIRTUAL_CAMERA.result; // 'REVIEW'
 * ```
 */
export const CAPTURE_REASON_CODES = {
  FRAMES_DUPLICATED: { result: 'FAIL', meaning: 'Two frames of the upload are the same bytes: a camera never delivers the same frame twice' },
  FRAMES_OUT_OF_ORDER: { result: 'FAIL', meaning: 'The capture timestamps do not strictly increase' },
  FRAMES_OUTSIDE_WINDOW: { result: 'FAIL', meaning: "A frame's capture time lies outside the attempt's window (before it was issued, after the upload, or longer than an attempt lasts)" },
  FRAME_RATE_IMPOSSIBLE: { result: 'FAIL', meaning: 'Frames closer together than a 60 fps camera delivers them' },
  FRAME_GAP: { result: 'FAIL', meaning: 'A gap between two frames longer than the capture allows' },
  FRAMES_REPLAYED: { result: 'FAIL', meaning: "A frame of an earlier attempt of this session was sent again" },
  TIMESTAMPS_MISSING: { result: 'FAIL', meaning: 'The frames came without one capture timestamp each' },
  VIRTUAL_CAMERA: { result: 'REVIEW', meaning: 'The camera reported is a known virtual camera or a browser fake device' },
  SUSPICIOUS_FRAME_TIMING: { result: 'REVIEW', meaning: 'Frame timing no real camera produces (intervals constant to the microsecond, an impossible reported rate)' },
  CAPTURE_SOURCE_UNREPORTED: { result: 'REVIEW', meaning: 'The upload did not say which camera captured it' },
} as const satisfies Record<string, CaptureReasonInfo>;

/** A reason code of {@link CAPTURE_REASON_CODES}. */
export type CaptureReasonCode = keyof typeof CAPTURE_REASON_CODES;

/** Limits of a liveness capture's timing (milliseconds). */
export const CAPTURE_TIMING = {
  /** How long a server-issued liveness attempt stays valid. */
  attemptTtlMs: 10 * 60 * 1000,
  /** Closest two frames may be: a 60 fps camera (1000/60 ms), less 1 ms of timer jitter. */
  minFrameIntervalMs: 1000 / 60 - 1,
  /** Longest gap between two frames of one capture. */
  maxFrameGapMs: 15_000,
  /** Clock and network slack allowed at the edges of an attempt's window. */
  windowSlackMs: 2_000,
} as const;
