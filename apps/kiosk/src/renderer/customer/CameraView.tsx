import type { ReactNode } from 'react';
import type { CameraState } from '../camera/use-camera.js';

/**
 * The live camera picture (mirrored like a mirror for faces) with a face oval or a document frame, and overlays
 * (`children`, e.g. a challenge's arrow) that are not mirrored.
 *
 * @example
 * ```tsx
 * <CameraView cam={cam} overlay="face" />
 * ```
 */
export function CameraView({ cam, overlay, mirrored = true, children }: { cam: CameraState; overlay: 'face' | 'document'; mirrored?: boolean; children?: ReactNode }) {
  return (
    <div className={`camera-view ${overlay}`}>
      <video ref={cam.attach} muted playsInline className={mirrored ? 'mirrored' : ''} data-testid="customer-video" />
      <div className={overlay === 'face' ? 'oval' : 'doc-frame'} aria-hidden="true" />
      {children}
      {cam.error && <p className="error">{cam.error}</p>}
    </div>
  );
}
