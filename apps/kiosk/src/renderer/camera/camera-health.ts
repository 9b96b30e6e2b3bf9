import { useEffect } from 'react';
import type { CameraHealthView } from '../../shared/kiosk-view.js';
import { call } from '../bridge/kiosk-client.js';
import { measureFrame } from './frame-capture.js';
import type { CameraState } from './use-camera.js';

/** Below these the operator sees a warning. */
const MIN_FPS = 10;
const MIN_BRIGHTNESS = 50;
const MAX_BRIGHTNESS = 235;
const MIN_SHARPNESS = 8;

/**
 * Judges camera health from measurements.
 *
 * @example
 * ```ts
 * judgeHealth({ fps: 30, brightness: 120, sharpness: 40, width: 1280, height: 720 }); // { state: 'ok', problems: [] }
 * ```
 */
export function judgeHealth(m: { fps: number | null; brightness: number | null; sharpness: number | null; width: number | null; height: number | null }): {
  state: CameraHealthView['state'];
  problems: string[];
} {
  const problems: string[] = [];
  if (m.fps !== null && m.fps < MIN_FPS) problems.push(`low frame rate (${m.fps.toFixed(0)} fps)`);
  if (m.brightness !== null && m.brightness < MIN_BRIGHTNESS) problems.push('too dark');
  if (m.brightness !== null && m.brightness > MAX_BRIGHTNESS) problems.push('overexposed');
  if (m.sharpness !== null && m.sharpness < MIN_SHARPNESS) problems.push('blurry or covered');
  if (m.width !== null && m.width < 640) problems.push(`low resolution (${m.width}x${m.height})`);
  if (m.fps === 0) return { state: 'failed', problems: ['no frames'] };
  return { state: problems.length === 0 ? 'ok' : 'degraded', problems };
}

/**
 * Measures the camera every few seconds (frame rate, brightness, sharpness, resolution) and reports it with the list of
 * cameras to the main process, which shows it on the operator's screen.
 *
 * @example
 * ```tsx
 * useCameraHealth(cam);
 * ```
 */
export function useCameraHealth(cam: CameraState, enabled = true, intervalMs = 2000): void {
  useEffect(() => {
    if (!enabled) return;
    // Frame rate from the track's own counter (frames the camera delivered), independent of any element.
    let counted: MediaStreamTrack | null = null;
    let lastFrames = 0;
    let last = performance.now();
    const timer = setInterval(async () => {
      const now = performance.now();
      const track = cam.trackRef.current;
      const stats = (track as (MediaStreamTrack & { stats?: { deliveredFrames: number } }) | null)?.stats;
      let fps: number | null = null;
      if (track && stats && track === counted) fps = ((stats.deliveredFrames - lastFrames) * 1000) / (now - last);
      counted = track;
      lastFrames = stats?.deliveredFrames ?? 0;
      last = now;
      const image = await grab(track, cam.videoRef.current);
      const measured = image ? measureFrame(image.source) : null;
      image?.close();
      const settings = track?.getSettings();
      const width = settings?.width ?? (cam.videoRef.current?.videoWidth || null);
      const height = settings?.height ?? (cam.videoRef.current?.videoHeight || null);
      const ended = track?.readyState === 'ended';
      const judged = cam.error || ended
        ? { state: 'failed' as const, problems: [cam.error ?? 'The camera stopped'] }
        : cam.ready
          ? judgeHealth({ fps, brightness: measured?.brightness ?? null, sharpness: measured?.sharpness ?? null, width, height })
          : { state: 'unknown' as const, problems: ['starting'] };
      let devices: { deviceId: string; label: string }[] = [];
      try {
        devices = (await navigator.mediaDevices.enumerateDevices())
          .filter((d) => d.kind === 'videoinput')
          .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
      } catch {
        /* no device list */
      }
      void call('camera:report', {
        devices,
        health: {
          deviceId: cam.deviceId,
          label: cam.label,
          state: judged.state,
          width,
          height,
          fps: fps === null ? null : Math.round(fps * 10) / 10,
          brightness: measured ? Math.round(measured.brightness) : null,
          sharpness: measured ? Math.round(measured.sharpness * 10) / 10 : null,
          problems: judged.problems,
          reportedAt: Date.now(),
        },
      }).catch(() => undefined);
    }, intervalMs);
    return () => clearInterval(timer);
  }, [enabled, cam.ready, cam.error, cam.deviceId, cam.label, cam.videoRef, cam.trackRef, intervalMs]);
}

/** A current frame straight from the track (ImageCapture), else from a playing video element. */
async function grab(track: MediaStreamTrack | null, video: HTMLVideoElement | null): Promise<{ source: ImageBitmap | HTMLVideoElement; close(): void } | null> {
  const Capture = (globalThis as unknown as { ImageCapture?: new (t: MediaStreamTrack) => { grabFrame(): Promise<ImageBitmap> } }).ImageCapture;
  if (track && track.readyState === 'live' && Capture) {
    try {
      const bitmap = await new Capture(track).grabFrame();
      return { source: bitmap, close: () => bitmap.close() };
    } catch {
      /* fall back to the element */
    }
  }
  return video?.videoWidth ? { source: video, close: () => undefined } : null;
}
