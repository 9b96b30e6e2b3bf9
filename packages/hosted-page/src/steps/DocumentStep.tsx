import { useCallback, useEffect, useRef, useState } from 'react';
import { canvasToJpeg, coverCrop, drawFrame, laplacianVariance, meanAbsDiff, meanOf, toLuma } from '../camera/frame-tools.js';
import { SteadyDetector, type SteadyHint } from '../camera/steady-detector.js';
import { CameraProblemNotice } from '../components/CameraProblemNotice.js';
import { useCameraState } from '../hooks/useCameraState.js';
import { CameraView } from '../components/CameraView.js';
import { FilePicker } from '../components/FilePicker.js';
import { PhotoReview } from '../components/PhotoReview.js';
import type { Translate } from '../i18n/i18n.js';

/** The document guide inside the 4:3 camera box, as fractions (an ID-1 card's 1.586 aspect at 86 % width). */
const GUIDE = { x: 0.07, y: 0.5 - (0.86 * (4 / 3)) / 1.586 / 2, width: 0.86, height: (0.86 * (4 / 3)) / 1.586 };
const SAMPLE_MS = 250;
const WORK_WIDTH = 240;

const HINT_KEYS: Record<Exclude<SteadyHint, 'ready'>, 'document.hint.dark' | 'document.hint.moving' | 'document.hint.blurry' | 'document.hint.steady'> = {
  dark: 'document.hint.dark',
  moving: 'document.hint.moving',
  blurry: 'document.hint.blurry',
  steady: 'document.hint.steady',
};

/**
 * One side of the document: the rear camera with a card-shaped guide and an automatic photo when the document is
 * steady and sharp (or the "take photo" button), or an upload of a photo or scan; then a review. Camera denied or
 * absent: the upload is offered at once. For the back side, "no back side" finishes without it.
 *
 * @example
 * ```tsx
 * <DocumentStep t={t} side="back" maxBytes={8 << 20} onImage={upload} onNoBack={complete} />
 * ```
 */
export function DocumentStep(props: { t: Translate; side: 'front' | 'back'; maxBytes: number; onImage: (image: Blob) => void; onNoBack?: () => void }) {
  const { t, side, maxBytes, onImage, onNoBack } = props;
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const { camera, problem, attempt, onReady, onProblem, retry } = useCameraState();
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [hint, setHint] = useState<SteadyHint | null>(null);
  const [progress, setProgress] = useState(0);

  const take = useCallback(async () => {
    const video = videoRef.current;
    if (!video || video.videoWidth === 0) return;
    const canvas = drawFrame(video, { x: 0, y: 0, width: video.videoWidth, height: video.videoHeight }, 2000);
    setPhoto(await canvasToJpeg(canvas, 0.92));
  }, []);

  useEffect(() => {
    if (camera !== 'ready' || photo !== null) return;
    setHint(null);
    const detector = new SteadyDetector();
    const canvas = document.createElement('canvas');
    let previous: Float32Array | null = null;
    let done = false;
    const timer = setInterval(() => {
      const video = videoRef.current;
      if (!video || video.videoWidth === 0 || done) return;
      const view = coverCrop(video.videoWidth, video.videoHeight, 4, 3);
      const rect = {
        x: view.x + GUIDE.x * view.width,
        y: view.y + GUIDE.y * view.height,
        width: GUIDE.width * view.width,
        height: GUIDE.height * view.height,
      };
      drawFrame(video, rect, WORK_WIDTH, canvas);
      const gray = toLuma(canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height).data);
      const motion = previous ? meanAbsDiff(previous, gray) : Number.POSITIVE_INFINITY;
      previous = gray;
      const h = detector.push({ sharpness: laplacianVariance(gray, canvas.width, canvas.height), motion, brightness: meanOf(gray) });
      setHint(h);
      setProgress(detector.progress);
      if (h === 'ready') {
        done = true;
        void take();
      }
    }, SAMPLE_MS);
    return () => clearInterval(timer);
  }, [camera, photo, take]);

  const title = side === 'front' ? t('document.front.title') : t('document.back.title');
  const maxMb = Math.floor(maxBytes / (1024 * 1024));
  const noBack = onNoBack && (
    <button type="button" className="pv-btn pv-btn-link" onClick={onNoBack} data-testid="document-no-back">
      {t('document.noBack')}
    </button>
  );

  if (photo) {
    return (
      <section className="pv-card" data-testid={`step-document-${side}-review`}>
        <PhotoReview t={t} image={photo} alt={title} onUse={() => onImage(photo)} onRetake={() => setPhoto(null)} />
      </section>
    );
  }

  return (
    <section className="pv-card" data-testid={`step-document-${side}`}>
      <h1 className="pv-title">{title}</h1>
      {problem ? (
        <>
          <CameraProblemNotice
            t={t}
            problem={problem}
            uploadNote={t('camera.uploadInstead')}
            onRetry={retry}
          />
          <div className="pv-actions">
            <FilePicker t={t} label={t('document.upload')} maxBytes={maxBytes} variant="primary" onImage={setPhoto} testId={`document-${side}-file`} />
            <p className="pv-muted pv-small">{t('document.uploadHint', { size: maxMb })}</p>
            {noBack}
          </div>
        </>
      ) : (
        <>
          <p className="pv-muted">{t('document.intro')}</p>
          <CameraView
            key={attempt}
            facing="environment"
            mirrored={false}
            aspect="landscape"
            videoRef={videoRef}
            label={title}
            onReady={onReady}
            onProblem={onProblem}
          >
            <div className={`pv-doc-guide${hint === 'steady' || hint === 'ready' ? ' pv-doc-guide-ok' : ''}`} aria-hidden="true">
              <div className="pv-doc-guide-fill" style={{ width: `${Math.round(progress * 100)}%` }} />
            </div>
            <div className="pv-prompt pv-prompt-bottom" aria-live="polite">
              <span className="pv-prompt-text">
                {camera === 'starting' ? t('camera.starting') : hint === null ? t('document.hint.fit') : t(HINT_KEYS[hint === 'ready' ? 'steady' : hint])}
              </span>
            </div>
          </CameraView>
          <div className="pv-actions">
            <button type="button" className="pv-btn pv-btn-primary" disabled={camera !== 'ready'} onClick={() => void take()}>
              {t('document.take')}
            </button>
            <FilePicker t={t} label={t('document.upload')} maxBytes={maxBytes} variant="secondary" onImage={setPhoto} testId={`document-${side}-file`} />
            {noBack}
          </div>
        </>
      )}
    </section>
  );
}
