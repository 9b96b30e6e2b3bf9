/**
 * What the liveness upload says about the camera (the server's `captureSource`): the device label, the track's
 * settings with a hash of its device id (never the id itself), and when the camera produced each captured frame.
 */
export interface CaptureSource {
  label: string | null;
  settings: { width: number | null; height: number | null; frameRate: number | null; deviceIdHash: string | null };
  frameTimes: number[];
}

async function sha256Hex(text: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The camera behind a video element: label and settings of its video track.
 *
 * @example
 * ```ts
 * const source = await describeCamera(video); // { label: 'FaceTime HD Camera', settings: { width: 1280, ... }, frameTimes: [] }
 * ```
 */
export async function describeCamera(video: HTMLVideoElement): Promise<CaptureSource> {
  const track = (video.srcObject as MediaStream | null)?.getVideoTracks?.()[0];
  return { ...(await describeCameraTrack(track ?? null)), frameTimes: [] };
}

/**
 * A camera track's label and settings (a SHA-256 of its device id, never the id), for the hosted page and the
 * kiosk's customer screen (`@provefy/hosted-page/camera`).
 *
 * @example
 * ```ts
 * const { label, settings } = await describeCameraTrack(stream.getVideoTracks()[0] ?? null);
 * ```
 */
export async function describeCameraTrack(track: MediaStreamTrack | null): Promise<Omit<CaptureSource, 'frameTimes'>> {
  const s = track?.getSettings?.() ?? {};
  return {
    label: track?.label || null,
    settings: {
      width: finite(s.width),
      height: finite(s.height),
      frameRate: finite(s.frameRate),
      deviceIdHash: s.deviceId ? await sha256Hex(s.deviceId) : null,
    },
  };
}

/** Follows the frames a video element presents (`requestVideoFrameCallback` where the browser has it). */
export interface FrameWatch {
  /** Waits until a frame newer than the last one captured is shown (at most `timeoutMs`), then returns its time (ms) or null. */
  fresh(timeoutMs: number): Promise<number | null>;
  stop(): void;
}

/**
 * Watches a video's presented frames so that a capture never takes the same camera frame twice (a camera slower than
 * the capture rate would otherwise give byte-identical frames, which the server refuses as duplicated) and reports
 * when the camera produced each captured frame.
 *
 * @example
 * ```ts
 * const watch = watchFrames(video);
 * const t = await watch.fresh(250); // then draw the frame
 * watch.stop();
 * ```
 */
export function watchFrames(video: HTMLVideoElement): FrameWatch {
  type Rvfc = (cb: (now: number, meta: { presentedFrames: number; mediaTime: number; captureTime?: number }) => void) => number;
  const rvfc = (video as unknown as { requestVideoFrameCallback?: Rvfc }).requestVideoFrameCallback?.bind(video);
  let presented = -1;
  let taken = -1;
  let time: number | null = null;
  let stopped = false;
  let waiters: (() => void)[] = [];
  const onFrame: Parameters<Rvfc>[0] = (_now, meta) => {
    if (stopped) return;
    presented = meta.presentedFrames;
    time = typeof meta.captureTime === 'number' ? meta.captureTime : meta.mediaTime * 1000;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
    rvfc?.(onFrame);
  };
  rvfc?.(onFrame);
  return {
    async fresh(timeoutMs) {
      if (rvfc && presented <= taken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      taken = presented;
      return time;
    },
    stop() {
      stopped = true;
      for (const f of waiters) f();
      waiters = [];
    },
  };
}

/**
 * True when two encoded frames are byte for byte the same: a capture never sends a frame twice (the server fails a
 * capture with repeated frames, `FRAMES_DUPLICATED`).
 *
 * @example
 * ```ts
 * if (!sent.some((b) => sameBytes(bytes, b))) sent.push(bytes);
 * ```
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
