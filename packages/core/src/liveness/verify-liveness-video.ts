import { createFaceTracker } from '../face/track-faces.js';
import type { FaceAnalysis } from '../face/types.js';
import { preloadOnnxSessions, selectProfile } from '../models/index.js';
import { type ReadVideoOptions, readVideoFrames } from '../video/read-video-frames.js';
import { runDirectly } from './schedule.js';
import type { LivenessOptions, LivenessResult } from './types.js';
import { verifyLiveness } from './verify-liveness.js';

/** Options of {@link verifyLivenessVideo}: the liveness options, and how the clip is decoded. */
export interface LivenessVideoOptions extends LivenessOptions {
  /**
   * Which frames, at which size (default: every frame at its own size). Decode only what the check uses: e.g.
   * `{ fps: 8 / durationS, maxFrames: 8, maxWidth: 640 }` selects and scales the frames inside ffmpeg.
   */
  readonly video?: Omit<ReadVideoOptions, 'onFrame'>;
}

/**
 * {@link verifyLiveness} on a video file or its bytes, streaming: ffmpeg selects and scales the frames in its
 * decoder, and each frame goes to the face tracker as soon as it is decoded, while ffmpeg decodes the next ones.
 * The result is the one `verifyLiveness(frames, { timestamps })` gives on the same frames (the same tracker, the
 * same options); the clip's timestamps are used unless `timestamps` is given.
 *
 * @example
 * ```ts
 * const r = await verifyLivenessVideo('selfie.mp4', { challenges: ['blink'], video: { fps: 15, maxWidth: 640 } });
 * r.result; // 'PASS'
 * ```
 */
export async function verifyLivenessVideo(video: string | Uint8Array, options: LivenessVideoOptions = {}): Promise<LivenessResult> {
  const { video: read, ...liveness } = options;
  const profile = selectProfile(options.profile);
  const tracking = options.tracking ?? true;
  // The tracker verifyLiveness itself uses for a sequence (see analyseLivenessSequence).
  const tracker = createFaceTracker({ ...(tracking === true ? {} : tracking === false ? { refreshEvery: 1, refine: false } : tracking), detector: options.detector ?? profile.detector });
  const schedule = options.schedule ?? runDirectly;
  // A cold process creates the detector's and the passive models' sessions while ffprobe and ffmpeg start.
  preloadOnnxSessions([options.detector ?? profile.detector, ...profile.liveness]);
  const pending: Promise<FaceAnalysis>[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  const clip = await readVideoFrames(video, {
    ...read,
    onFrame: (frame) => {
      const p = chain.then(() => schedule(() => tracker.analyse(frame)));
      chain = p.catch(() => undefined);
      pending.push(p);
    },
  });
  const timestamps = options.timestamps ?? clip.timestamps;
  // A single frame is analysed as a still (no tracking), exactly as verifyLiveness does.
  if (clip.frames.length < 2) return verifyLiveness(clip.frames, { ...liveness, timestamps });
  const analyses = await Promise.all(pending);
  return verifyLiveness(analyses, { ...liveness, timestamps });
}
