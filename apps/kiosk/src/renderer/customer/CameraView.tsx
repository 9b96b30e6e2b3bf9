import type { CameraState } from '../camera/use-camera.js';

/**
 * The live camera picture (mirrored like a mirror for faces) with a face oval or a document frame.
 *
 * @example
 * ```tsx
 * <CameraView cam={cam} overlay="face" />
 * ```
 */
export function CameraView({ cam, overlay, mirrored = true }: { cam: CameraState; overlay: 'face' | 'document'; mirrored?: boolean }) {
  return (
    <div className={`camera-view ${overlay}`}>
      <video ref={cam.attach} muted playsInline className={mirrored ? 'mirrored' : ''} data-testid="customer-video" />
      <div className={overlay === 'face' ? 'oval' : 'doc-frame'} aria-hidden="true" />
      {cam.error && <p className="error">{cam.error}</p>}
    </div>
  );
}
