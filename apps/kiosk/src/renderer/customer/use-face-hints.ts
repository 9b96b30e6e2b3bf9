import { useEffect, useRef, useState } from 'react';
import type { FrameFeedback } from '../../shared/ipc-contract.js';
import { call } from '../bridge/kiosk-client.js';
import { captureJpeg } from '../camera/frame-capture.js';
import type { CameraState } from '../camera/use-camera.js';

/**
 * Live hints while the customer positions their face: a small preview frame goes to the main process about once a
 * second (one at a time) and comes back as hints ("move closer", "too dark"). Frames are not stored.
 *
 * @example
 * ```tsx
 * const feedback = useFaceHints(cam, phase !== 'checking');
 * ```
 */
export function useFaceHints(cam: CameraState, active: boolean, intervalMs = 900): FrameFeedback | null {
  const [feedback, setFeedback] = useState<FrameFeedback | null>(null);
  const busy = useRef(false);
  useEffect(() => {
    if (!active || !cam.ready) return;
    let alive = true;
    const timer = setInterval(async () => {
      const video = cam.videoRef.current;
      if (busy.current || !video) return;
      busy.current = true;
      try {
        const frame = await captureJpeg(video, { maxWidth: 480, quality: 0.7 });
        const fb = await call('customer:previewFrame', { frame });
        if (alive) setFeedback(fb);
      } catch {
        /* a missed hint is fine */
      } finally {
        busy.current = false;
      }
    }, intervalMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [active, cam.ready, cam.videoRef, intervalMs]);
  return feedback;
}
