import type { CameraProblem } from '../camera/open-camera.js';
import type { Translate } from '../i18n/i18n.js';

/**
 * Why the camera is not available, what to do, and (when `uploadNote`) that an upload works instead.
 *
 * @example
 * ```tsx
 * <CameraProblemNotice t={t} problem="denied" uploadNote={t('camera.uploadInstead')} onRetry={retry} />
 * ```
 */
export function CameraProblemNotice(props: { t: Translate; problem: CameraProblem; onRetry: () => void; uploadNote: string | null }) {
  const { t, problem, onRetry, uploadNote } = props;
  return (
    <div className="pv-notice pv-notice-warn" role="alert" data-testid="camera-problem" data-problem={problem}>
      <h2 className="pv-subtitle">{t(`camera.${problem}.title`)}</h2>
      <p>{t(`camera.${problem}.body`)}</p>
      {uploadNote && <p className="pv-strong">{uploadNote}</p>}
      <button type="button" className="pv-btn pv-btn-link" onClick={onRetry}>
        {t('camera.tryAgain')}
      </button>
    </div>
  );
}
