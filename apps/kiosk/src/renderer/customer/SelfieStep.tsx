import { useEffect, useRef, useState } from 'react';
import { call } from '../bridge/kiosk-client.js';
import { captureJpeg, sleep } from '../camera/frame-capture.js';
import type { CameraState } from '../camera/use-camera.js';
import { useCustomerText } from '../i18n/customer-text.js';
import { CameraView } from './CameraView.js';
import { useFaceHints } from './use-face-hints.js';

/**
 * The selfie: hints until the face is well placed, a 3-second countdown, then an automatic capture.
 *
 * @example
 * ```tsx
 * <SelfieStep cam={cam} attempt={0} />
 * ```
 */
export function SelfieStep({ cam, attempt }: { cam: CameraState; attempt: number }) {
  const t = useCustomerText();
  const [count, setCount] = useState<number | null>(null);
  const [checking, setChecking] = useState(false);
  const [tick, setTick] = useState(0);
  const feedback = useFaceHints(cam, !checking && count === null);
  const running = useRef(false);
  const shownAt = useRef(Date.now());

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` and `tick` re-run the check on purpose (retry, waiting for hints)
  useEffect(() => {
    if (running.current || checking || !cam.ready) return;
    const good = feedback?.faceFound && feedback.hints.filter((h) => h !== 'hold_still').length === 0;
    if (!good && Date.now() - shownAt.current < 5000) {
      const t = setTimeout(() => setTick((n) => n + 1), 1000);
      return () => clearTimeout(t);
    }
    running.current = true;
    void (async () => {
      for (const n of [3, 2, 1]) {
        setCount(n);
        await sleep(700);
      }
      setCount(null);
      setChecking(true);
      try {
        const video = cam.videoRef.current;
        if (!video) return;
        const image = await captureJpeg(video, { maxWidth: 1280, quality: 0.92 });
        await call('customer:submitSelfie', { image });
      } finally {
        setChecking(false);
        running.current = false;
        shownAt.current = Date.now();
      }
    })();
  }, [feedback, cam.ready, checking, attempt, cam.videoRef, tick]);

  return (
    <section className="step selfie" data-testid="selfie-step">
      <h2>{t('selfie.title')}</h2>
      <CameraView cam={cam} overlay="face" />
      <p className="instruction" data-testid="selfie-instruction">
        {checking ? t('capture.checking') : count !== null ? String(count) : feedback?.hints[0] ? t(`hint.${feedback.hints[0]}` as 'hint.no_face') : t('selfie.look')}
      </p>
    </section>
  );
}
