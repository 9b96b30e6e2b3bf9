import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { CameraError, type CameraProblem, openCamera, stopCamera } from '../camera/open-camera.js';

/**
 * A live camera in a fixed-aspect box (`object-fit: cover`), with an overlay. Opens the camera on mount and stops it
 * on unmount; reports when frames flow (`onReady`) or why the camera cannot be used (`onProblem`).
 *
 * @example
 * ```tsx
 * <CameraView facing="user" mirrored aspect="portrait" videoRef={ref} label="Selfie" onReady={ready} onProblem={setProblem}><FaceOval state="ok" /></CameraView>
 * ```
 */
export function CameraView(props: {
  facing: 'user' | 'environment';
  /** Show the picture mirrored (selfie view). Frames taken from the video are never mirrored. */
  mirrored: boolean;
  aspect: 'portrait' | 'landscape';
  videoRef: RefObject<HTMLVideoElement | null>;
  onReady: () => void;
  onProblem: (problem: CameraProblem) => void;
  children?: ReactNode;
  label: string;
}) {
  const { facing, mirrored, aspect, videoRef, onReady, onProblem, children, label } = props;
  const [starting, setStarting] = useState(true);
  const callbacks = useRef({ onReady, onProblem });
  callbacks.current = { onReady, onProblem };

  useEffect(() => {
    let cancelled = false;
    let stream: MediaStream | null = null;
    openCamera(facing)
      .then(async (s) => {
        if (cancelled) return stopCamera(s);
        stream = s;
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = s;
        await video.play().catch(() => undefined);
        const ready = () => {
          if (cancelled) return;
          setStarting(false);
          callbacks.current.onReady();
        };
        if (video.videoWidth > 0) ready();
        else video.addEventListener('loadeddata', ready, { once: true });
      })
      .catch((e: unknown) => {
        if (!cancelled) callbacks.current.onProblem(e instanceof CameraError ? e.problem : 'unavailable');
      });
    return () => {
      cancelled = true;
      stopCamera(stream);
      const video = videoRef.current;
      if (video) video.srcObject = null;
    };
  }, [facing, videoRef]);

  return (
    <section className={`pv-camera pv-camera-${aspect}`} aria-label={label}>
      <video ref={videoRef} className={mirrored ? 'pv-video pv-mirrored' : 'pv-video'} autoPlay playsInline muted />
      {starting && <div className="pv-camera-starting" aria-hidden="true" />}
      {children}
    </section>
  );
}
