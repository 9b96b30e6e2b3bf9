import type { FacePreview } from '../api/flow-api.js';

/** The live feedback shown over the face oval. `ok` means the face is well placed. */
export type Guidance = 'checking' | 'noFace' | 'multipleFaces' | 'moveCloser' | 'moveBack' | 'center' | 'tooDark' | 'tooBright' | 'lookStraight' | 'ok';

export interface GuidanceOptions {
  /** Face width as a fraction of the visible frame: below is "move closer" (default 0.3). */
  minWidth?: number;
  /** Above is "move back" (default 0.8). */
  maxWidth?: number;
  /** Largest distance of the face centre from the oval centre, as a fraction of the frame (default 0.17). */
  maxOffset?: number;
  /** Where the oval's centre sits vertically (default 0.45). */
  ovalCenterY?: number;
  /** Darkest mean frame / face luma (default 55 / 60). */
  minFrameLuma?: number;
  minFaceLuma?: number;
  /** Brightest mean frame luma (default 220). */
  maxFrameLuma?: number;
  /** Largest head yaw in degrees (default 22); `null` skips the pose test (during head-turn challenges). */
  maxYaw?: number | null;
}

/**
 * Turns a face preview of the visible camera area and the frame's mean brightness into one instruction, the most
 * important first: light, then presence, count, distance, position, pose.
 *
 * @example
 * ```ts
 * faceGuidance({ faces: 1, face: { x: 0.4, y: 0.35, width: 0.18, height: 0.25, yaw: 0, pitch: 0, brightness: 120, sharpness: 80 } }, 120); // 'moveCloser'
 * ```
 */
export function faceGuidance(preview: FacePreview | null, frameLuma: number, opts: GuidanceOptions = {}): Guidance {
  const o = { minWidth: 0.3, maxWidth: 0.8, maxOffset: 0.17, ovalCenterY: 0.45, minFrameLuma: 55, minFaceLuma: 60, maxFrameLuma: 220, maxYaw: 22, ...opts };
  if (frameLuma < o.minFrameLuma * 0.7) return 'tooDark';
  if (!preview || preview.busy) return 'checking';
  if (preview.faces === 0 || !preview.face) return frameLuma < o.minFrameLuma ? 'tooDark' : 'noFace';
  if (preview.faces > 1) return 'multipleFaces';
  const f = preview.face;
  if (f.brightness < o.minFaceLuma || frameLuma < o.minFrameLuma) return 'tooDark';
  if (frameLuma > o.maxFrameLuma) return 'tooBright';
  if (f.width < o.minWidth) return 'moveCloser';
  if (f.width > o.maxWidth) return 'moveBack';
  const cx = f.x + f.width / 2;
  const cy = f.y + f.height / 2;
  if (Math.abs(cx - 0.5) > o.maxOffset || Math.abs(cy - o.ovalCenterY) > o.maxOffset * 1.3) return 'center';
  if (o.maxYaw !== null && Math.abs(f.yaw) > o.maxYaw) return 'lookStraight';
  return 'ok';
}
