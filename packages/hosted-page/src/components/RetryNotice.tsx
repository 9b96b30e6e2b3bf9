import type { CheckSummary } from '../api/flow-api.js';
import type { Translate } from '../i18n/i18n.js';
import { retakeMessageKey, retryMessageKeys } from '../prompts/retry-advice.js';

/** An image the server asked for again (an upload answer's `retake`). */
export interface RetakeNotice {
  step: string;
  code: string;
}

/**
 * Tells the person, before a capture is taken again, what went wrong and what to do: for each check that failed
 * with attempts left its reasons in plain words (a missed challenge worded by its cause: "you turned to your right,
 * but we asked for your left"), and for each image the server could not use (`retake`, IMAGE_UNUSABLE) which one
 * to take again. Nothing when there is nothing to say.
 *
 * @example
 * ```tsx
 * <RetryNotice t={t} failed={[{ check: 'liveness', result: 'FAIL', final: false, attemptsLeft: 2, reasons: [{ code: 'NO_FACE', message: '' }] }]} retake={[]} />
 * ```
 */
export function RetryNotice(props: { t: Translate; failed: readonly CheckSummary[]; retake: readonly RetakeNotice[] }) {
  const { t, failed, retake } = props;
  if (failed.length === 0 && retake.length === 0) return null;
  const lines = [...(failed.length ? retryMessageKeys(failed.flatMap((r) => r.reasons)) : []), ...retake.map((r) => retakeMessageKey(r.step))];
  const unique = [...new Set(lines)];
  return (
    <div className="pv-notice pv-notice-warn" role="alert" data-testid="retry-notice">
      <strong>{failed.length ? t('retry.title') : t('retry.retakeTitle')}</strong>
      {failed.length > 0 && <p>{t('retry.body', { attempts: Math.max(...failed.map((r) => r.attemptsLeft)) })}</p>}
      <ul className="pv-retry-reasons">
        {unique.map((key) => (
          <li key={key} data-testid="retry-reason" data-key={key}>
            {t(key)}
          </li>
        ))}
      </ul>
    </div>
  );
}
