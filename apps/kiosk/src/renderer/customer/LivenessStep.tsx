import { useEffect, useRef, useState } from 'react';
import type { VerificationView } from '../../shared/kiosk-view.js';
import { call } from '../bridge/kiosk-client.js';
import { captureJpeg, sleep } from '../camera/frame-capture.js';
import type { CameraState } from '../camera/use-camera.js';
import { ChallengeCueIcon, type MessageKey } from '@provefy/hosted-page/prompts';
import { useCustomerText } from '../i18n/customer-text.js';
import { CameraView } from './CameraView.js';
import { useFaceHints } from './use-face-hints.js';
import { describeCameraTrack, sameBytes } from '@provefy/hosted-page/camera';

type Phase = 'position' | 'capturing' | 'checking';

/** The customer sees a mirrored preview; the challenge arrows follow it (see `challengeCue`). */
const PREVIEW_MIRRORED = true;



/**
 * Guided liveness: the customer positions their face (live hints), then follows each challenge (look straight,
 * blink, turn) while frames are captured at the planned rate; the frames go to the main process in one request.
 * Capture starts by itself once a face is well placed (or after a few seconds).
 *
 * @example
 * ```tsx
 * <LivenessStep v={view.verification!} cam={cam} attempt={0} />
 * ```
 */
export function LivenessStep({ v, cam, attempt }: { v: VerificationView; cam: CameraState; attempt: number }) {
  const t = useCustomerText();
  const [phase, setPhase] = useState<Phase>('position');
  const [current, setCurrent] = useState<number>(-1);
  const feedback = useFaceHints(cam, phase === 'position');
  const started = useRef(false);
  const goodSince = useRef<number | null>(null);
  const shownAt = useRef(Date.now());

  const capture = async () => {
    if (started.current) return;
    started.current = true;
    setPhase('capturing');
    const frames: Uint8Array[] = [];
    const timestamps: number[] = [];
    const interval = 1000 / v.capture.fps;
    const source = cam.trackRef.current ? { ...(await describeCameraTrack(cam.trackRef.current)), frameTimes: null } : null;
    const t0 = performance.now();
    for (let i = 0; i < v.challenges.length; i++) {
      setCurrent(i);
      const end = performance.now() + v.challenges[i]!.durationMs;
      while (performance.now() < end && frames.length < v.capture.maxFrames) {
        const tick = performance.now();
        const video = cam.videoRef.current;
        if (video) {
          try {
            const jpeg = await captureJpeg(video, { maxWidth: 640, quality: 0.85 });
            // A stalled camera shows a frame again: skip it (the server refuses duplicated frames).
            if (!frames.some((f) => sameBytes(f, jpeg))) {
              frames.push(jpeg);
              // microsecond precision: the server reads frame timing from these
              timestamps.push(Math.round((tick - t0) * 1000) / 1000);
            }
          } catch {
            /* a dropped frame */
          }
        }
        await sleep(Math.max(0, interval - (performance.now() - tick)));
      }
    }
    setCurrent(-1);
    setPhase('checking');
    try {
      await call('customer:submitLiveness', { frames, timestamps, mirrored: false, source });
    } finally {
      frames.length = 0;
      started.current = false;
      setPhase('position');
    }
  };

  // Auto-start: a face well placed for a moment, or after 4 s whatever the hints say.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-evaluated on each new hint; capture() reads refs only
  useEffect(() => {
    if (phase !== 'position' || !cam.ready) return;
    const good = feedback?.faceFound && feedback.hints.filter((h) => h !== 'hold_still').length === 0;
    const now = Date.now();
    if (good) goodSince.current ??= now;
    else goodSince.current = null;
    if ((goodSince.current !== null && now - goodSince.current > 600) || now - shownAt.current > 4000) void capture();
    const t = setTimeout(() => {
      if (!started.current && Date.now() - shownAt.current > 4000 && cam.ready) void capture();
    }, 4200);
    return () => clearTimeout(t);
  }, [feedback, phase, cam.ready, attempt]);

  const challenge = phase === 'capturing' && current >= 0 ? v.challenges[current]!.type : null;
  const instruction =
    phase === 'checking'
      ? t('capture.checking')
      : challenge
        ? t(`liveness.challenge.${challenge}` as MessageKey)
        : feedback?.hints[0]
          ? t(`hint.${feedback.hints[0]}` as 'hint.no_face')
          : t('liveness.position');
  return (
    <section className="step liveness" data-testid="liveness-step">
      <h2>{t('liveness.title')}</h2>
      <CameraView cam={cam} overlay="face" mirrored={PREVIEW_MIRRORED}>
        {challenge && <ChallengeCueIcon key={current} challenge={challenge} mirrored={PREVIEW_MIRRORED} />}
      </CameraView>
      <p className="instruction" data-testid="liveness-instruction" data-phase={phase} data-challenge={current >= 0 ? v.challenges[current]!.type : ''}>
        {instruction}
      </p>
      <ol className="challenge-list">
        {v.challenges.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a challenge may repeat (blink twice); the list never reorders
          <li key={`${c.type}-${i}`} className={i === current ? 'active' : i < current ? 'done' : ''}>
            {t(`liveness.challenge.${c.type}` as MessageKey)}
          </li>
        ))}
      </ol>
    </section>
  );
}
