import { useEffect, useState } from 'react';
import type { Translate } from '../i18n/i18n.js';

/**
 * Shows a captured or chosen photo with "use" and "retake".
 *
 * @example
 * ```tsx
 * <PhotoReview t={t} image={blob} alt="Selfie" onUse={send} onRetake={retake} />
 * ```
 */
export function PhotoReview(props: { t: Translate; image: Blob; onUse: () => void; onRetake: () => void; alt: string }) {
  const { t, image, onUse, onRetake, alt } = props;
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(image);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [image]);
  return (
    <div className="pv-review">
      <h2 className="pv-subtitle">{t('review.title')}</h2>
      <p className="pv-muted">{t('review.body')}</p>
      {url && <img className="pv-review-img" src={url} alt={alt} />}
      <div className="pv-actions">
        <button type="button" className="pv-btn pv-btn-primary" onClick={onUse} data-testid="review-use">
          {t('review.use')}
        </button>
        <button type="button" className="pv-btn pv-btn-secondary" onClick={onRetake} data-testid="review-retake">
          {t('review.retake')}
        </button>
      </div>
    </div>
  );
}
