import { describe, expect, it } from 'vitest';
import { CAPTURE_TIMING } from './capture-reason-codes.js';
import { applyCaptureReasons, assessCaptureSource, checkFrameSequence, frameHash } from './capture-integrity.js';

const frame = (n: number) => new Uint8Array([0xff, 0xd8, n, n >> 8]);
const frames = (k: number) => Array.from({ length: k }, (_, i) => frame(i));
/** A real capture's timestamps: ~100 ms apart with timer jitter. */
const jittered = (k: number, start = 0) => Array.from({ length: k }, (_, i) => start + i * 100 + ((i * 37) % 11) * 0.731);
const codes = (r: { code: string }[]) => r.map((x) => x.code);

describe('checkFrameSequence', () => {
  it('accepts an honest capture', () => {
    const out = checkFrameSequence({ frames: frames(12), timestamps: jittered(12, 500), window: { start: 0, end: 3000 } });
    expect(out.reasons).toEqual([]);
    expect(out.hashes).toHaveLength(12);
    expect(out.hashes[0]).toBe(frameHash(frame(0)));
  });

  it('each finding has its own code', () => {
    const f = frames(6);
    f[4] = f[1]!;
    expect(codes(checkFrameSequence({ frames: f, timestamps: jittered(6) }).reasons)).toEqual(['FRAMES_DUPLICATED']);
    expect(codes(checkFrameSequence({ frames: frames(4), timestamps: [0, 100, 90, 300] }).reasons)).toEqual(['FRAMES_OUT_OF_ORDER']);
    expect(codes(checkFrameSequence({ frames: frames(4), timestamps: [0, 100, 100, 300] }).reasons)).toEqual(['FRAMES_OUT_OF_ORDER']);
    expect(codes(checkFrameSequence({ frames: frames(4), timestamps: [0, 10, 20, 30] }).reasons)).toEqual(['FRAME_RATE_IMPOSSIBLE']);
    expect(codes(checkFrameSequence({ frames: frames(3), timestamps: [0, 100, 100 + CAPTURE_TIMING.maxFrameGapMs + 1] }).reasons)).toEqual(['FRAME_GAP']);
    expect(codes(checkFrameSequence({ frames: frames(3), timestamps: [0, 100] }).reasons)).toEqual(['TIMESTAMPS_MISSING']);
    expect(codes(checkFrameSequence({ frames: frames(3) }).reasons)).toEqual(['TIMESTAMPS_MISSING']);
    expect(codes(checkFrameSequence({ frames: frames(3), timestamps: [-5000, -4900, -4800], window: { start: 0, end: 60_000 } }).reasons)).toEqual(['FRAMES_OUTSIDE_WINDOW']);
    expect(codes(checkFrameSequence({ frames: frames(3), timestamps: [9000, 9100, 9200], window: { start: 0, end: 4000 } }).reasons)).toEqual(['FRAMES_OUTSIDE_WINDOW']);
    const seen = new Set([frameHash(frame(2))]);
    expect(codes(checkFrameSequence({ frames: frames(4), timestamps: jittered(4), seen }).reasons)).toEqual(['FRAMES_REPLAYED']);
  });

  it('without a window, bounds the capture span by an attempt lifetime', () => {
    const ok = checkFrameSequence({ frames: frames(2), timestamps: [1e12, 1e12 + 10_000] });
    expect(ok.reasons).toEqual([]);
  });
});

describe('assessCaptureSource', () => {
  it.each([
    'OBS Virtual Camera',
    'ManyCam Virtual Webcam',
    'Snap Camera',
    'XSplit VCam',
    'e2eSoft VCam',
    'fake_device_0',
    'Fake Video Capture',
    '/tmp/provefy-y4m-Ab12/camera.y4m',
    'Dummy video device (0x0000)',
  ])('flags %s as a virtual camera', (label) => {
    expect(codes(assessCaptureSource({ label }))).toEqual(['VIRTUAL_CAMERA']);
  });

  it.each(['Integrated Camera (04f2:b6dd)', 'FaceTime HD Camera', 'Logitech BRIO (046d:085e)', 'HD Pro Webcam C920', ''])('does not flag %s', (label) => {
    expect(assessCaptureSource({ label, settings: { width: 1280, height: 720, frameRate: 30 } }, jittered(20))).toEqual([]);
  });

  it('timing no camera produces, and a missing report', () => {
    const exact = Array.from({ length: 20 }, (_, i) => i * (1000 / 15));
    expect(codes(assessCaptureSource({ label: 'HD Webcam' }, exact))).toEqual(['SUSPICIOUS_FRAME_TIMING']);
    expect(codes(assessCaptureSource({ label: 'HD Webcam', frameTimes: exact }, jittered(20)))).toEqual(['SUSPICIOUS_FRAME_TIMING']);
    expect(codes(assessCaptureSource({ label: 'HD Webcam', settings: { frameRate: 1000 } }))).toEqual(['SUSPICIOUS_FRAME_TIMING']);
    expect(codes(assessCaptureSource(null))).toEqual(['CAPTURE_SOURCE_UNREPORTED']);
  });
});

describe('applyCaptureReasons', () => {
  const vc = { code: 'VIRTUAL_CAMERA', message: 'v' };
  const dup = { code: 'FRAMES_DUPLICATED', message: 'd' };
  it('PASS becomes REVIEW, a FAIL reason fails, reasons are kept', () => {
    expect(applyCaptureReasons('PASS', [], [vc])).toEqual({ result: 'REVIEW', reasons: [vc] });
    expect(applyCaptureReasons('FAIL', [{ code: 'SPOOF_SCORE', message: 's' }], [vc]).result).toBe('FAIL');
    expect(applyCaptureReasons('PASS', [], [dup, vc]).result).toBe('FAIL');
    expect(applyCaptureReasons('PASS', [], [])).toEqual({ result: 'PASS', reasons: [] });
  });
});
