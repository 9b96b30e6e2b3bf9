import { useCallback, useEffect, useRef, useState } from 'react';

export interface CameraState {
  /** The video element frames are taken from (the visible one, else the hidden monitor). */
  videoRef: React.RefObject<HTMLVideoElement | null>;
  /** The live video track (for frame statistics and grabbing frames without a visible element). */
  trackRef: React.RefObject<MediaStreamTrack | null>;
  /** Ref callback for every <video> that shows the camera. */
  attach: (el: HTMLVideoElement | null) => void;
  ready: boolean;
  error: string | null;
  deviceId: string | null;
  label: string | null;
}

/**
 * Opens the camera chosen by the operator (or the default one) once and shows it in every attached <video>.
 * Stops the tracks on unmount or when the device changes.
 *
 * @example
 * ```tsx
 * const cam = useCamera(view.camera.selectedDeviceId);
 * return <video ref={cam.attach} muted playsInline />;
 * ```
 */
export function useCamera(deviceId: string | null, enabled = true): CameraState {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const attached = useRef<HTMLVideoElement[]>([]);
  const streamRef = useRef<MediaStream | null>(null);
  const trackRef = useRef<MediaStreamTrack | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<{ deviceId: string | null; label: string | null }>({ deviceId: null, label: null });

  const attach = useCallback((el: HTMLVideoElement | null) => {
    attached.current = attached.current.filter((v) => v.isConnected && v !== el);
    if (el) {
      attached.current.push(el);
      showStream(el, streamRef.current);
    }
    videoRef.current = attached.current[attached.current.length - 1] ?? null;
  }, []);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    setReady(false);
    setError(null);
    const video: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) };
    navigator.mediaDevices
      .getUserMedia({ video, audio: false })
      .then((s) => {
        if (cancelled) {
          for (const t of s.getTracks()) t.stop();
          return;
        }
        streamRef.current = s;
        const track = s.getVideoTracks()[0];
        trackRef.current = track ?? null;
        track?.addEventListener('ended', () => setError('The camera stopped'));
        setInfo({ deviceId: track?.getSettings().deviceId ?? null, label: track?.label ?? null });
        for (const el of attached.current) showStream(el, s);
        setReady(true);
      })
      .catch((e: DOMException) => {
        if (!cancelled) setError(e.name === 'NotAllowedError' ? 'Camera access was denied' : e.name === 'NotFoundError' ? 'No camera found' : `Camera error: ${e.name}`);
      });
    return () => {
      cancelled = true;
      const s = streamRef.current;
      streamRef.current = null;
      trackRef.current = null;
      if (s) for (const t of s.getTracks()) t.stop();
      for (const el of attached.current) el.srcObject = null;
    };
  }, [deviceId, enabled]);

  return { videoRef, trackRef, attach, ready, error, deviceId: info.deviceId, label: info.label };
}

/** Plays the camera stream in a video element (once). */
function showStream(el: HTMLVideoElement, stream: MediaStream | null): void {
  if (stream && el.srcObject !== stream) {
    el.srcObject = stream;
    void el.play().catch(() => undefined);
  }
}
