/** Why the camera could not be used. */
export type CameraProblem = 'denied' | 'unavailable' | 'busy';

/** A camera failure with its kind (for the page's message and its upload fallback). */
export class CameraError extends Error {
  constructor(readonly problem: CameraProblem) {
    super(problem);
  }
}

/**
 * The kind of a `getUserMedia` failure: permission refused, no such device, or the device is busy.
 *
 * @example
 * ```ts
 * classifyCameraError(new DOMException('', 'NotAllowedError')); // 'denied'
 * ```
 */
export function classifyCameraError(e: unknown): CameraProblem {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'busy';
  return 'unavailable';
}

/**
 * Opens the camera facing the user (`user`) or away (`environment`), preferring 1280x720, without audio.
 * Throws {@link CameraError} when the browser has no camera API, the user refused, or no camera exists.
 *
 * @example
 * ```ts
 * const stream = await openCamera('user');
 * video.srcObject = stream;
 * ```
 */
export async function openCamera(facing: 'user' | 'environment'): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('unavailable');
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: facing }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (e) {
    throw new CameraError(classifyCameraError(e));
  }
}

/**
 * Stops every track of a stream (turns the camera light off).
 *
 * @example
 * ```ts
 * stopCamera(video.srcObject as MediaStream);
 * ```
 */
export function stopCamera(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
