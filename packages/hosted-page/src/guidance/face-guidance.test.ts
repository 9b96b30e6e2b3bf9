import { describe, expect, it } from 'vitest';
import type { FacePreview } from '../api/flow-api.js';
import { faceGuidance } from './face-guidance.js';

const face = (over: Partial<NonNullable<FacePreview['face']>> = {}): FacePreview => ({
  faces: 1,
  face: { x: 0.3, y: 0.22, width: 0.4, height: 0.46, yaw: 2, pitch: 0, brightness: 130, sharpness: 90, ...over },
});

describe('faceGuidance', () => {
  it('accepts a centred, well-lit, frontal face of the right size', () => {
    expect(faceGuidance(face(), 120)).toBe('ok');
  });

  it('asks for light, presence, one face, distance, position and pose in that order', () => {
    expect(faceGuidance(face(), 20)).toBe('tooDark');
    expect(faceGuidance(face({ brightness: 40 }), 120)).toBe('tooDark');
    expect(faceGuidance(face(), 240)).toBe('tooBright');
    expect(faceGuidance({ faces: 0, face: null }, 120)).toBe('noFace');
    expect(faceGuidance({ ...face(), faces: 2 }, 120)).toBe('multipleFaces');
    expect(faceGuidance(face({ x: 0.42, width: 0.16, height: 0.2 }), 120)).toBe('moveCloser');
    expect(faceGuidance(face({ x: 0.05, width: 0.9, height: 0.9, y: 0 }), 120)).toBe('moveBack');
    expect(faceGuidance(face({ x: 0.02 }), 120)).toBe('center');
    expect(faceGuidance(face({ yaw: 35 }), 120)).toBe('lookStraight');
    expect(faceGuidance(face({ yaw: 35 }), 120, { maxYaw: null })).toBe('ok');
  });

  it('waits while the preview is missing or the server is busy', () => {
    expect(faceGuidance(null, 120)).toBe('checking');
    expect(faceGuidance({ busy: true, faces: 0, face: null }, 120)).toBe('checking');
  });
});
