import { type RefObject, useEffect, useRef, useState } from 'react';
import type { FacePreview, FlowApi } from '../api/flow-api.js';
import { canvasToJpeg, coverCrop, drawFrame, meanOf, toLuma } from '../camera/frame-tools.js';
import { type Guidance, type GuidanceOptions, faceGuidance } from '../guidance/face-guidance.js';

/** The live guidance state of a face step. */
export interface FaceGuidanceState {
  guidance: Guidance;
  /** Consecutive previews that were `ok`. */
  okStreak: number;
  preview: FacePreview | null;
}

/**
 * While `active`, sends a small JPEG of the visible camera area (the 3:4 crop the user sees) to the server's face
 * preview about three times a second, measures the frame's brightness locally, and returns the instruction to show.
 * Only one preview is in flight at a time, so a slow server lowers the rate instead of queueing.
 *
 * @example
 * ```ts
 * const { guidance, okStreak } = useFaceGuidance(videoRef, api, { active: cameraReady });
 * ```
 */
export function useFaceGuidance(
  videoRef: RefObject<HTMLVideoElement | null>,
  api: FlowApi,
  opts: { active: boolean; intervalMs?: number; guidance?: GuidanceOptions },
): FaceGuidanceState {
  const [state, setState] = useState<FaceGuidanceState>({ guidance: 'checking', okStreak: 0, preview: null });
  const guidanceOpts = useRef(opts.guidance);
  guidanceOpts.current = opts.guidance;
  const intervalMs = opts.intervalMs ?? 330;

  useEffect(() => {
    if (!opts.active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const canvas = document.createElement('canvas');
    const tick = async () => {
      const started = performance.now();
      const video = videoRef.current;
      if (video && video.videoWidth > 0) {
        const crop = coverCrop(video.videoWidth, video.videoHeight, 3, 4);
        drawFrame(video, crop, 320, canvas);
        const small = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height).data;
        const luma = meanOf(toLuma(small));
        const preview = await api.preview(await canvasToJpeg(canvas, 0.7));
        if (stopped) return;
        if (!preview?.busy) {
          const g = faceGuidance(preview, luma, guidanceOpts.current);
          setState((prev) => ({ guidance: g, okStreak: g === 'ok' ? prev.okStreak + 1 : 0, preview }));
        }
      }
      if (!stopped) timer = setTimeout(tick, Math.max(60, intervalMs - (performance.now() - started)));
    };
    timer = setTimeout(tick, 150);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [opts.active, api, videoRef, intervalMs]);

  return state;
}
