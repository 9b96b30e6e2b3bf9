import { useCallback, useEffect, useRef, useState } from 'react';
import type { FlowApi } from '../api/flow-api.js';
import { canvasToJpeg, drawFrame } from '../camera/frame-tools.js';
import { CameraProblemNotice } from '../components/CameraProblemNotice.js';
import { useCameraState } from '../hooks/useCameraState.js';
import { CameraView } from '../components/CameraView.js';
import { FaceOval } from '../components/FaceOval.js';
import { FilePicker } from '../components/FilePicker.js';
import { PhotoReview } from '../components/PhotoReview.js';
import { useFaceGuidance } from '../hooks/useFaceGuidance.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';

/** Good previews in a row before the selfie is taken by itself. */
const OK_STREAK_TO_CAPTURE = 3;

/**
 * The selfie step: live face guidance, an automatic photo once the face is well placed (or the "take photo"
 * button), a review, and an upload fallback that also serves when the camera is denied or absent.
 *
 * @example
 * ```tsx
 * <SelfieStep t={t} api={api} maxBytes={8 << 20} onImage={upload} />
 * ```
 */
export function SelfieStep(props: { t: Translate; api: FlowApi; maxBytes: number; onImage: (image: Blob) => void }) {
  const { t, api, maxBytes, onImage } = props;
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const { camera, problem, attempt, onReady, onProblem, retry } = useCameraState();
  const [photo, setPhoto] = useState<Blob | null>(null);
  const { guidance, okStreak } = useFaceGuidance(videoRef, api, { active: camera === 'ready' && photo === null });

  const take = useCallback(async () => {
    const video = videoRef.current;
    if (!video || video.videoWidth === 0) return;
    const canvas = drawFrame(video, { x: 0, y: 0, width: video.videoWidth, height: video.videoHeight }, 1280);
    setPhoto(await canvasToJpeg(canvas, 0.92));
  }, []);

  useEffect(() => {
    if (photo === null && camera === 'ready' && okStreak >= OK_STREAK_TO_CAPTURE) void take();
  }, [photo, camera, okStreak, take]);

  const upload = (
    <FilePicker t={t} label={t('selfie.upload')} maxBytes={maxBytes} capture="user" variant="link" onImage={setPhoto} testId="selfie-file" />
  );

  if (photo) {
    return (
      <section className="pv-card" data-testid="step-selfie-review">
        <PhotoReview t={t} image={photo} alt={t('selfie.title')} onUse={() => onImage(photo)} onRetake={() => setPhoto(null)} />
      </section>
    );
  }

  return (
    <section className="pv-card" data-testid="step-selfie">
      <h1 className="pv-title">{t('selfie.title')}</h1>
      {problem ? (
        <>
          <CameraProblemNotice
            t={t}
            problem={problem}
            uploadNote={t('camera.uploadInstead')}
            onRetry={retry}
          />
          <div className="pv-actions">
            <FilePicker t={t} label={t('selfie.upload')} maxBytes={maxBytes} capture="user" variant="primary" onImage={setPhoto} testId="selfie-file" />
          </div>
        </>
      ) : (
        <>
          <p className="pv-muted">{t('selfie.intro')}</p>
          <CameraView
            key={attempt}
            facing="user"
            mirrored
            aspect="portrait"
            videoRef={videoRef}
            label={t('selfie.title')}
            onReady={onReady}
            onProblem={onProblem}
          >
            <FaceOval state={camera !== 'ready' ? 'idle' : guidance === 'ok' ? 'ok' : 'warn'} progress={camera === 'ready' ? Math.min(1, okStreak / OK_STREAK_TO_CAPTURE) : null} />
            <div className="pv-prompt" aria-live="polite">
              <span className="pv-prompt-text">{camera === 'starting' ? t('camera.starting') : guidance === 'ok' ? t('guide.holdStill') : t(`guide.${guidance}` as MessageKey)}</span>
            </div>
          </CameraView>
          <div className="pv-actions">
            <button type="button" className="pv-btn pv-btn-primary" disabled={camera !== 'ready'} onClick={() => void take()}>
              {t('selfie.take')}
            </button>
            {upload}
          </div>
        </>
      )}
    </section>
  );
}
