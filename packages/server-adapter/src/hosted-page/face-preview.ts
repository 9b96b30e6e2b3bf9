import { detectFaces, faceQuality, loadImage } from '@provefy/core';

/** What the hosted page needs for live guidance: where the face is and how it looks. Coordinates are fractions of the frame. */
export interface FacePreview {
  faces: number;
  face: {
    x: number;
    y: number;
    width: number;
    height: number;
    /** Degrees, image terms: positive when the nose points to the image's right. */
    yaw: number;
    pitch: number;
    /** Mean luma of the face, 0-255. */
    brightness: number;
    /** Variance of the Laplacian on a 112 px face crop. */
    sharpness: number;
  } | null;
}

/**
 * Finds the largest face of a small preview frame (the hosted page sends ~320 px JPEGs a few times a second) with the
 * profile's detector, and measures its pose, brightness and sharpness. It scores nothing: liveness is decided on the
 * uploaded frames only.
 *
 * @example
 * ```ts
 * const p = await previewFace(jpegBytes); // { faces: 1, face: { x: 0.31, y: 0.22, width: 0.38, ..., yaw: -4.2 } }
 * ```
 */
export async function previewFace(bytes: Uint8Array): Promise<FacePreview> {
  const img = await loadImage(bytes, { maxBytes: 1024 * 1024, maxPixels: 1024 * 1024 });
  const faces = await detectFaces(img, { retry: false });
  const f = faces[0];
  if (!f) return { faces: 0, face: null };
  const q = faceQuality(img, f);
  const r = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
  return {
    faces: faces.length,
    face: {
      x: r(f.box.x / img.width),
      y: r(f.box.y / img.height),
      width: r(f.box.width / img.width),
      height: r(f.box.height / img.height),
      yaw: r(q.yaw, 1),
      pitch: r(q.pitch, 1),
      brightness: r(q.brightness, 1),
      sharpness: r(q.sharpness, 1),
    },
  };
}
